package io.github.meteorjob.server.health;

import io.github.meteorjob.server.EmbeddedJobServer;
import io.github.meteorjob.server.ddp.DdpServer;
import io.github.meteorjob.server.ddp.DdpServerOptions;
import io.github.meteorjob.server.ddp.RawDdpClient;
import io.github.meteorjob.server.jobs.JobCollectionServer;
import io.github.meteorjob.server.jobs.JobServerOptions;
import io.github.meteorjob.server.security.AccessControl;
import io.github.meteorjob.server.security.UserDirectory;
import io.github.meteorjob.server.store.JobStores;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** /health/live, /health/ready and /health over real HTTP, and each transition of readiness. */
class HealthTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    record Answer(int status, JsonObject json) {
        String check(String name) {
            return json.getJsonArray("checks").getValuesAs(JsonObject.class).stream()
                    .filter(c -> c.getString("name").equals(name)).findFirst().orElseThrow().getString("status");
        }

        JsonObject data(String name) {
            return json.getJsonArray("checks").getValuesAs(JsonObject.class).stream()
                    .filter(c -> c.getString("name").equals(name)).findFirst().orElseThrow().getJsonObject("data");
        }
    }

    static Answer get(String url) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        JsonObject json = Json.createReader(new StringReader(r.body())).readObject();
        assertThat(json.getString("status")).isEqualTo(r.statusCode() == 200 ? "UP" : "DOWN");
        return new Answer(r.statusCode(), json);
    }

    @Test
    void readyGoesDownWhenTheStoreFailsOrThePromotionTimerStallsAndUpAgainWhenFixed() throws Exception {
        FailingStore store = new FailingStore(JobStores.inMemory().open("jobPile"));
        ScheduledExecutorService timerThread = Executors.newSingleThreadScheduledExecutor();
        DdpServer ddp = new DdpServer(DdpServerOptions.defaults(), new AccessControl(new UserDirectory()));
        try (JobCollectionServer jobs = new JobCollectionServer("jobPile", store,
                JobServerOptions.defaults().withPromoteInterval(Duration.ofMillis(100)).withScheduler(timerThread))) {
            jobs.register(ddp);
            jobs.startJobServer();
            HealthEndpoint.register(ddp.http(), new HealthChecks(ddp, List.of(jobs)), () -> true);
            ddp.start("127.0.0.1", 0, null);
            String base = "http://127.0.0.1:" + ddp.port();

            Answer ready = get(base + "/health/ready");
            assertThat(ready.status()).isEqualTo(200);
            assertThat(ready.check("job-store")).isEqualTo("UP");
            assertThat(ready.data("job-store").getString("jobPile")).isEqualTo("writable");
            assertThat(ready.check("promotion-timer")).isEqualTo("UP");
            assertThat(ready.check("connections")).isEqualTo("UP");
            assertThat(get(base + "/health/live").status()).isEqualTo(200);
            assertThat(get(base + "/health").json().getJsonArray("checks")).hasSize(4);

            // the store fails its writes: not ready (alive all the same), and ready again once it writes
            store.broken = true;
            Answer broken = get(base + "/health/ready");
            assertThat(broken.status()).isEqualTo(503);
            assertThat(broken.check("job-store")).isEqualTo("DOWN");
            assertThat(broken.data("job-store").getString("jobPile")).contains("No space left on device");
            assertThat(get(base + "/health/live").status()).isEqualTo(200);
            assertThat(get(base + "/health").status()).isEqualTo(503);
            store.broken = false;
            await().atMost(Duration.ofSeconds(10)).until(() -> get(base + "/health/ready").status() == 200);

            // the timer thread is stuck: its sweeps stop, readiness notices; released, it sweeps again
            CountDownLatch release = new CountDownLatch(1);
            timerThread.execute(() -> {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                Answer stalled = get(base + "/health/ready");
                assertThat(stalled.status()).isEqualTo(503);
                assertThat(stalled.check("promotion-timer")).isEqualTo("DOWN");
                assertThat(stalled.data("promotion-timer").getString("jobPile")).startsWith("no sweep for ");
            });
            release.countDown();
            await().atMost(Duration.ofSeconds(10)).until(() -> get(base + "/health/ready").status() == 200);

            // a job server stopped on purpose is not a dead timer
            jobs.shutdownJobServer(Duration.ofMinutes(1));
            Answer stopped = get(base + "/health/ready");
            assertThat(stopped.status()).isEqualTo(200);
            assertThat(stopped.data("promotion-timer").getString("jobPile")).isEqualTo("stopped");

            HttpResponse<String> post = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/health"))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(post.statusCode()).isEqualTo(405);
        } finally {
            ddp.close();
            timerThread.shutdownNow();
        }
    }

    @Test
    void notReadyAtTheConnectionCapAndReadyWhenAConnectionCloses() throws Exception {
        try (EmbeddedJobServer server = EmbeddedJobServer.builder().maxConnections(1, 1).start()) {
            String ready = "http://127.0.0.1:" + server.port() + "/health/ready";
            assertThat(get(ready).status()).isEqualTo(200);
            try (RawDdpClient client = RawDdpClient.connected(server.url())) {
                Answer full = get(ready);
                assertThat(full.status()).isEqualTo(503);
                assertThat(full.check("connections")).isEqualTo("DOWN");
                assertThat(full.data("connections").getInt("open")).isEqualTo(1);
                assertThat(full.data("connections").getInt("max")).isEqualTo(1);
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> get(ready).status() == 200);
        }
    }
}
