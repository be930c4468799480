package io.github.meteorjob.server.jobs;

import io.github.meteorjob.ejson.Ejson;
import io.github.meteorjob.server.EmbeddedJobServer;
import io.github.meteorjob.server.ddp.RawDdpClient;
import io.github.meteorjob.server.ddp.TestJobs;
import io.github.meteorjob.server.store.JobStoreFactory;
import io.github.meteorjob.server.store.JobStores;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.github.meteorjob.server.jobs.Jobs.FOREVER;
import static io.github.meteorjob.server.jobs.Jobs.FOREVER_DATE;
import static io.github.meteorjob.server.jobs.Jobs.arr;
import static io.github.meteorjob.server.jobs.Jobs.obj;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Dates and numbers at the edges of what the wire allows (issue 9, defect 1): every date a
 * JavaScript client can send (±8.64e15 ms, {@code Job.foreverDate}) is stored and scheduled
 * without overflow; anything beyond, or a number JSON cannot write back (1e999), is refused with
 * a 400 that names the field. After each such input the collection keeps serving. Runs on both stores.
 */
class ExtremeValuesTest {

    static final Instant YEAR_2404 = Instant.parse("2404-01-01T00:00:00Z");
    static final Instant MIN_DATE = Instant.ofEpochMilli(-8640000000000000L);

    @org.junit.jupiter.api.io.TempDir
    Path dataDir;

    /** The scenario of the report: over DDP, against a server with a data directory, then a restart. */
    @Test
    void aServerWithADataDirectoryHoldingAForeverJobRestartsAndServes() throws Exception {
        for (int run = 0; run < 2; run++) {
            try (EmbeddedJobServer server = EmbeddedJobServer.builder().collection("jobPile").dataDir(dataDir).start();
                 RawDdpClient c = RawDdpClient.connected(server.url())) {
                if (run == 0) {
                    JsonObject saved = c.call("jobPile_jobSave", TestJobs.doc("far")
                            .add("after", Ejson.date(FOREVER_DATE)).build(), JsonValue.EMPTY_JSON_OBJECT);
                    assertThat(saved.get("result")).as("%s", saved).isInstanceOf(jakarta.json.JsonString.class);
                }
                JsonObject saved = c.call("jobPile_jobSave", TestJobs.doc("near").build(), JsonValue.EMPTY_JSON_OBJECT);
                assertThat(saved.get("result")).as("%s", saved).isInstanceOf(jakarta.json.JsonString.class);
                JsonObject work = c.call("jobPile_getWork", Json.createArrayBuilder().add("near").build(),
                        JsonValue.EMPTY_JSON_OBJECT);
                JsonObject job = work.getJsonArray("result").getJsonObject(0);
                JsonObject done = c.call("jobPile_jobDone", Json.createValue(job.getString("_id")),
                        Json.createValue(job.getString("runId")), JsonValue.EMPTY_JSON_OBJECT, JsonValue.EMPTY_JSON_OBJECT);
                assertThat(done.get("result")).as("%s", done).isEqualTo(JsonValue.TRUE);
                assertThat(server.collection("jobPile").store().idsByStatus("waiting")).hasSize(1);
            }
        }
    }

    @Nested
    class InMemory extends Cases {
        @Override
        JobStoreFactory openFactory(Path dir) {
            return JobStores.inMemory();
        }
    }

    @Nested
    class Durable extends Cases {
        @Override
        JobStoreFactory openFactory(Path dir) {
            return JobStores.durable(dir);
        }

        @Test
        void aStoreHoldingFarFutureJobsReopensAndKeepsServing() {
            start();
            String far = save(doc("far").add("after", Ejson.date(FOREVER_DATE)));
            String y2404 = save(doc("far").add("after", Ejson.date(YEAR_2404)));
            save(doc("leased"));
            call("getWork", arr("leased"), obj().add("workTimeout", FOREVER));
            Map<String, JsonObject> before = snapshot();

            server.close();
            factory.close();
            factory = openFactory(tmp.resolve("data"));
            server = newServer();

            assertThat(snapshot()).isEqualTo(before);
            start();
            assertThat(status(far)).isEqualTo("waiting");
            assertThat(status(y2404)).isEqualTo("waiting");
            assertCollectionServes();
        }
    }

    abstract static class Cases extends JobServerTestBase {

        /** A new job can still be saved, taken and completed. */
        void assertCollectionServes() {
            start();
            String id = save(doc("canary"));
            String runId = take("canary");
            assertThat(call("jobDone", id, runId, obj(), obj())).isEqualTo(JsonValue.TRUE);
            assertThat(status(id)).isEqualTo("completed");
        }

        @Test
        void aJobCenturiesAheadIsStoredWaitingAndOtherJobsKeepRunning() {
            start();
            for (Instant at : List.of(FOREVER_DATE, YEAR_2404, T0.plus(Duration.ofDays(365L * 293)))) {
                String id = save(doc("far").add("after", Ejson.date(at)));
                assertThat(status(id)).isEqualTo("waiting");
                assertThat(Jobs.date(job(id), "after")).isEqualTo(at);
                assertCollectionServes();
            }
            clock.advance(Duration.ofDays(365L * 100));
            server.promote();
            assertThat(work("far", obj())).isEmpty();
            assertCollectionServes();
        }

        @Test
        void savingAFarFutureJobWhileStoppedThenStartingWorks() {
            String id = save(doc("far").add("after", Ejson.date(FOREVER_DATE)));
            start();
            assertThat(status(id)).isEqualTo("waiting");
            assertCollectionServes();
        }

        @Test
        void everyDateFieldAcceptsBothEndsOfTheJavaScriptRange() {
            start();
            for (Instant at : List.of(FOREVER_DATE, MIN_DATE)) {
                String id = save(doc("edge").add("retryUntil", Ejson.date(at)).add("repeatUntil", Ejson.date(at))
                        .add("updated", Ejson.date(at)).add("created", Ejson.date(at))
                        .add("expiresAfter", Ejson.date(at)).add("workTimeout", FOREVER)
                        .add("log", Json.createArrayBuilder().add(obj().add("time", Ejson.date(at))
                                .add("runId", JsonValue.NULL).add("message", "m").add("level", "info"))));
                assertThat(job(id).getJsonArray("log").getJsonObject(0).get("time")).isEqualTo(Ejson.date(at));
                String runId = take("edge");
                assertThat(call("jobDone", id, runId, obj(), obj())).isEqualTo(JsonValue.TRUE);
            }
            assertCollectionServes();
        }

        @Test
        void datesOutsideTheJavaScriptRangeAreRefusedNamingTheField() {
            start();
            for (String ms : List.of("8640000000000001", "-8640000000000001", "1e300", "-1e300", "1e999",
                    "9223372036854775808", "18446744073709551617")) {
                JsonObject bad = json("{\"$date\":" + ms + "}").asJsonObject();
                for (String field : List.of("after", "retryUntil", "repeatUntil", "updated", "created", "expiresAfter")) {
                    assertMatchFailedNaming(field, "jobSave", doc("t").add(field, bad), obj());
                }
                assertMatchFailedNaming("log[0]", "jobSave", doc("t").add("log", Json.createArrayBuilder().add(obj()
                        .add("time", bad).add("runId", JsonValue.NULL).add("message", "m").add("level", "info"))), obj());
                assertMatchFailedNaming("time", "jobReady", arr(), obj().add("time", bad));
                assertMatchFailedNaming("until", "jobRestart", arr("x"), obj().add("until", bad));
                assertMatchFailedNaming("until", "jobRerun", "x", obj().add("wait", 0).add("until", bad));
            }
            assertThat(server.size()).isZero();
            assertCollectionServes();
        }

        @Test
        void aFractionalDateIsTruncatedTowardZeroAsJavaScriptDoes() {
            String id = save(doc("t").add("after", json("{\"$date\":" + FOREVER_DATE.toEpochMilli() + ".4}"))
                    .add("retryUntil", json("{\"$date\":1e15}")).add("repeatUntil", json("{\"$date\":8.64E15}")));
            JsonObject j = job(id);
            assertThat(Jobs.date(j, "after")).isEqualTo(FOREVER_DATE);
            assertThat(Jobs.date(j, "retryUntil")).isEqualTo(Instant.ofEpochMilli(1_000_000_000_000_000L));
            assertThat(Jobs.date(j, "repeatUntil")).isEqualTo(FOREVER_DATE);
        }

        @Test
        void theLongestWorkTimeoutSaturatesAtForeverDateAndKeepsTheTimerWorking() {
            start();
            String id = save(doc("t"));
            JsonArray w = (JsonArray) call("getWork", arr("t"), obj().add("workTimeout", FOREVER));
            assertThat(Jobs.date(w.getJsonObject(0), "expiresAfter")).isEqualTo(FOREVER_DATE);
            String runId = w.getJsonObject(0).getString("runId");
            assertThat(call("jobLog", id, runId, "still here", obj())).isEqualTo(JsonValue.TRUE);
            assertThat(call("jobProgress", id, runId, 1, 2, obj())).isEqualTo(JsonValue.TRUE);
            assertThat(Jobs.date(job(id), "expiresAfter")).isEqualTo(FOREVER_DATE);
            assertThat(call("jobDone", id, runId, obj(), obj().add("delayDeps", FOREVER))).isEqualTo(JsonValue.TRUE);
            assertCollectionServes();
        }

        @Test
        void hugeRetryWaitsAndBackoffsSaturateAtForeverDate() {
            start();
            String constant = save(doc("c").add("retries", 5).add("retryWait", FOREVER));
            assertThat(call("jobFail", constant, take("c"), obj(), obj())).isEqualTo(JsonValue.TRUE);
            assertThat(status(constant)).isEqualTo("waiting");
            assertThat(Jobs.date(job(constant), "after")).isEqualTo(FOREVER_DATE);

            String exp = save(doc("e").add("retries", FOREVER).add("retried", FOREVER).add("retryWait", FOREVER)
                    .add("retryBackoff", "exponential"));
            assertThat(call("jobFail", exp, take("e"), obj(), obj())).isEqualTo(JsonValue.TRUE);
            assertThat(Jobs.date(job(exp), "after")).isEqualTo(FOREVER_DATE);
            assertCollectionServes();
        }

        @Test
        void repeatsAndRerunsWithTheLongestWaitSaturateAtForeverDate() {
            start();
            String id = save(doc("r").add("repeats", 1).add("repeatWait", FOREVER).add("repeatUntil", Ejson.date(FOREVER_DATE)));
            assertThat(call("jobDone", id, take("r"), obj(), obj())).isEqualTo(JsonValue.TRUE);
            JsonValue rerun = call("jobRerun", id, obj().add("wait", FOREVER).add("repeats", FOREVER)
                    .add("until", Ejson.date(FOREVER_DATE)));
            assertThat(rerun.getValueType()).isEqualTo(JsonValue.ValueType.STRING);
            JsonObject copy = job(((jakarta.json.JsonString) rerun).getString());
            assertThat(copy.getString("status")).isEqualTo("waiting");
            assertThat(Jobs.date(copy, "after")).isEqualTo(FOREVER_DATE);
            assertThat(call("jobReady", arr(), obj().add("time", Ejson.date(FOREVER_DATE)))).isEqualTo(JsonValue.TRUE);
            assertThat(call("jobRestart", arr("x"), obj().add("until", Ejson.date(FOREVER_DATE)).add("retries", FOREVER)))
                    .isEqualTo(JsonValue.FALSE);
            assertCollectionServes();
        }

        @Test
        void numbersJsonCannotWriteBackAreRefusedSoNoJobIsPoisoned() {
            start();
            assertMatchFailedNaming("progress.total", "jobSave", doc("t").add("progress",
                    obj().add("completed", 0).add("total", json("1e999")).add("percent", 0)), obj());
            assertMatchFailedNaming("progress.completed", "jobSave", doc("t").add("progress",
                    obj().add("completed", json("-1e999")).add("total", 1).add("percent", 0)), obj());
            String id = save(doc("t"));
            String runId = take("t");
            assertMatchFailedNaming("total", "jobProgress", id, runId, 0, json("1e999"), obj());
            assertMatchFailedNaming("completed", "jobProgress", id, runId, json("1e999"), json("1e999"), obj());
            // the job still reads and completes: nothing unwritable was stored
            assertThat(call("jobProgress", id, runId, json("1e300"), json("1e308"), obj())).isEqualTo(JsonValue.TRUE);
            assertThat(job(id).getJsonObject("progress").getJsonNumber("total").doubleValue()).isEqualTo(1e308);
            assertThat(call("jobDone", id, runId, obj().add("big", json("1e999")), obj())).isEqualTo(JsonValue.TRUE);
            assertThat(job(id).getJsonObject("result").toString()).contains("1E+999");
            assertCollectionServes();
        }

        @Test
        void anErrorQuotingAValueNeverCutsACharacterInHalf() {
            // the quoted value is shortened to 57 chars: here the 57th is the first half of an emoji,
            // and half a surrogate pair cannot be encoded, so the answer would never be sent
            String value = "x".repeat(54) + "\uD83D\uDE00".repeat(5);
            for (int shift = 0; shift < 2; shift++) {
                String v = value.substring(shift);
                org.assertj.core.api.Assertions.assertThatThrownBy(() -> call("jobSave", doc("t").add("priority", v), obj()))
                        .isInstanceOfSatisfying(io.github.meteorjob.DdpException.class, e -> {
                            String details = e.details().toString();
                            assertThat(details).contains("in field priority");
                            assertThat(java.nio.charset.StandardCharsets.UTF_8.newEncoder().canEncode(details))
                                    .as("encodable: %s", details).isTrue();
                        });
            }
        }

        @Test
        void javaApiDurationsSaturateInsteadOfThrowing() {
            start();
            assertThat(server.shutdownJobServer(Duration.ofSeconds(Long.MAX_VALUE))).isTrue();
            assertCollectionServes();
            JobCollectionServer tiny = new JobCollectionServer("tiny", factory.open("tiny"),
                    JobServerOptions.defaults().withClock(clock).withPromoteInterval(Duration.ofNanos(1)));
            try {
                assertThat(tiny.startJobServer()).isTrue();
            } finally {
                tiny.close();
            }
        }

        void assertMatchFailedNaming(String field, String method, Object... params) {
            Map<String, JsonObject> before = snapshot();
            assertThatMatchFailed(method, params, field);
            assertThat(snapshot()).isEqualTo(before);
        }

        private void assertThatMatchFailed(String method, Object[] params, String field) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> call(method, params))
                    .isInstanceOfSatisfying(io.github.meteorjob.DdpException.class, e -> {
                        assertThat(e.errorCode()).isEqualTo(400);
                        assertThat(e.details().toString()).as("details of %s", method).contains("in field " + field);
                    });
        }
    }

    static JsonValue json(String text) {
        try (JsonReader r = Json.createReader(new StringReader(text))) {
            return r.readValue();
        }
    }
}
