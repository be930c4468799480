package io.github.meteorjob.server.metrics;

import io.github.meteorjob.ejson.Ejson;
import io.github.meteorjob.server.EmbeddedJobServer;
import io.github.meteorjob.server.ReferenceJobDoc;
import io.github.meteorjob.server.ddp.RawDdpClient;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Every server metric on a real run: DDP clients against an embedded server, then GET /metrics. */
class ServerMetricsTest {

    private static final String SECRET = "secret-job-data-4711";

    @Test
    void eachMetricCountsWhatHappenedOnARealRun() throws Exception {
        try (EmbeddedJobServer server = EmbeddedJobServer.builder().collection("jobPile")
                .promoteInterval(Duration.ofMillis(100)).start();
             RawDdpClient client = RawDdpClient.connected(server.url())) {
            String metrics = "http://127.0.0.1:" + server.port() + "/metrics";
            client.send(Json.createObjectBuilder().add("msg", "sub").add("id", "s1").add("name", "jobPile.jobs")
                    .add("params", JsonValue.EMPTY_JSON_ARRAY).build());
            client.next(m -> "ready".equals(m.getString("msg", null)));

            // one job through its life: saved (promoted at once), running, completed
            String mail = ok(client.call("jobPile_jobSave", doc("mail").build(), JsonValue.EMPTY_JSON_OBJECT)).toString();
            JsonArray work = (JsonArray) ok(client.call("jobPile_getWork", Json.createArrayBuilder().add("mail").build(),
                    JsonValue.EMPTY_JSON_OBJECT));
            assertThat(work).hasSize(1);
            String runId = work.getJsonObject(0).getString("runId");
            ok(client.call("jobPile_jobDone", Json.createValue(unquote(mail)), Json.createValue(runId),
                    JsonValue.EMPTY_JSON_OBJECT, JsonValue.EMPTY_JSON_OBJECT));
            // one promoted by the timer when its after arrives
            ok(client.call("jobPile_jobSave", doc("later").add("after", Ejson.date(Instant.now().plusMillis(300))).build(),
                    JsonValue.EMPTY_JSON_OBJECT));
            // one failed by the server when its workTimeout passes
            ok(client.call("jobPile_jobSave", doc("slow").build(), JsonValue.EMPTY_JSON_OBJECT));
            assertThat((JsonArray) ok(client.call("jobPile_getWork", Json.createArrayBuilder().add("slow").build(),
                    Json.createObjectBuilder().add("workTimeout", 100).build()))).hasSize(1);
            // errors: a bad jobSave (400), a method nobody has (404)
            assertThat(client.call("jobPile_jobSave", Json.createValue("not a job")).getJsonObject("error").getInt("error")).isEqualTo(400);
            assertThat(client.call("no_such_method").getJsonObject("error").getInt("error")).isEqualTo(404);

            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                Scrape s = Scrape.get(metrics);
                assertThat(s.value("meteor_job_server_jobs{collection=\"jobPile\",type=\"later\",status=\"ready\"}")).isEqualTo(1);
                assertThat(s.value("meteor_job_server_jobs_expired_total{collection=\"jobPile\",type=\"slow\"}")).isEqualTo(1);
                assertThat(s.value("meteor_job_server_method_calls_total{collection=\"\",method=\"_unknown\"}")).as(s.text()).isEqualTo(1);
            });
            Scrape s = Scrape.get(metrics);
            assertThat(s.value("meteor_job_server_method_calls_total{collection=\"jobPile\",method=\"jobSave\"}")).isEqualTo(4);
            assertThat(s.value("meteor_job_server_method_calls_total{collection=\"jobPile\",method=\"getWork\"}")).isEqualTo(2);
            assertThat(s.value("meteor_job_server_method_calls_total{collection=\"jobPile\",method=\"jobDone\"}")).isEqualTo(1);
            assertThat(s.value("meteor_job_server_method_errors_total{collection=\"jobPile\",method=\"jobSave\",error=\"400\"}")).isEqualTo(1);
            assertThat(s.value("meteor_job_server_method_errors_total{collection=\"\",method=\"_unknown\",error=\"404\"}")).isEqualTo(1);
            assertThat(s.value("meteor_job_server_method_duration_seconds_count{collection=\"jobPile\",method=\"jobSave\"}")).isEqualTo(4);
            assertThat(s.value("meteor_job_server_method_duration_seconds_bucket{collection=\"jobPile\",method=\"jobSave\",le=\"+Inf\"}")).isEqualTo(4);
            assertThat(s.value("meteor_job_server_method_duration_seconds_sum{collection=\"jobPile\",method=\"jobSave\"}")).isPositive();
            assertThat(s.value("meteor_job_server_jobs{collection=\"jobPile\",type=\"mail\",status=\"completed\"}")).isEqualTo(1);
            assertThat(s.value("meteor_job_server_jobs{collection=\"jobPile\",type=\"mail\",status=\"running\"}")).isEqualTo(0);
            assertThat(s.value("meteor_job_server_jobs{collection=\"jobPile\",type=\"slow\",status=\"failed\"}")).isEqualTo(1);
            assertThat(s.value("meteor_job_server_job_transitions_total{collection=\"jobPile\",type=\"mail\",event=\"saved\"}")).isEqualTo(1);
            assertThat(s.value("meteor_job_server_job_transitions_total{collection=\"jobPile\",type=\"mail\",event=\"running\"}")).isEqualTo(1);
            assertThat(s.value("meteor_job_server_job_transitions_total{collection=\"jobPile\",type=\"mail\",event=\"completed\"}")).isEqualTo(1);
            assertThat(s.value("meteor_job_server_job_transitions_total{collection=\"jobPile\",type=\"later\",event=\"promoted\"}")).isEqualTo(1);
            assertThat(s.value("meteor_job_server_job_transitions_total{collection=\"jobPile\",type=\"slow\",event=\"failed\"}")).isEqualTo(1);
            // only the timer's promotion has a lateness (the others were promoted by the save itself)
            assertThat(s.value("meteor_job_server_promotion_lateness_seconds_count{collection=\"jobPile\"}")).isEqualTo(1);
            assertThat(s.value("meteor_job_server_promotion_lateness_seconds_bucket{collection=\"jobPile\",le=\"5\"}")).isEqualTo(1);
            assertThat(s.value("meteor_job_server_store_write_duration_seconds_count{collection=\"jobPile\"}")).isGreaterThanOrEqualTo(6);
            assertThat(s.value("meteor_job_server_job_server_started{collection=\"jobPile\"}")).isEqualTo(1);
            assertThat(s.value("meteor_job_server_connections")).isEqualTo(1);
            assertThat(s.value("meteor_job_server_subscriptions")).isEqualTo(1);
            // job data and software versions stay out
            assertThat(s.text()).doesNotContain(SECRET).doesNotContainIgnoringCase("grizzly").doesNotContainIgnoringCase("tyrus")
                    .doesNotContain("0.1.0").doesNotContain(unquote(mail));
            assertThat(s.text()).contains("# TYPE meteor_job_server_method_calls_total counter",
                    "# TYPE meteor_job_server_jobs gauge", "# TYPE meteor_job_server_method_duration_seconds histogram");
        }
    }

    private static JsonObjectBuilderWrapper doc(String type) {
        return new JsonObjectBuilderWrapper(ReferenceJobDoc.of(type).add("data", Json.createObjectBuilder().add("secret", SECRET)));
    }

    /** A job document builder (the reference client's), with data nobody may see in the metrics. */
    private record JsonObjectBuilderWrapper(jakarta.json.JsonObjectBuilder b) {
        JsonObjectBuilderWrapper add(String k, JsonValue v) {
            b.add(k, v);
            return this;
        }

        JsonObject build() {
            return b.build();
        }
    }

    private static JsonValue ok(JsonObject result) {
        assertThat(result.containsKey("error")).as(result.toString()).isFalse();
        return result.get("result");
    }

    private static String unquote(String json) {
        return json.replace("\"", "");
    }
}
