package io.github.meteorjob.server.ddp;

import io.github.meteorjob.server.ReferenceJobDoc;
import io.github.meteorjob.JobCollection;
import io.github.meteorjob.JobQueue;
import io.github.meteorjob.QueueOptions;
import io.github.meteorjob.ShutdownLevel;
import io.github.meteorjob.ddp.DdpClient;
import io.github.meteorjob.ddp.DdpClientOptions;
import io.github.meteorjob.job.JobCollections;
import io.github.meteorjob.server.EmbeddedJobServer;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A job saved with lone surrogates (what JavaScript's {@code "💩".slice(0, 1)} makes) is stored with
 * U+FFFD, as MongoDB behind Meteor would store it, and never blocks a worker.
 */
class LoneSurrogateJobsTest {

    private EmbeddedJobServer server;
    private DdpClient client;

    @AfterEach
    void stop() {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aJobWithLoneSurrogatesIsStoredWithReplacementCharactersAndProcessedPromptly() throws Exception {
        server = EmbeddedJobServer.builder().start();
        String id;
        try (RawDdpClient raw = RawDdpClient.connected(server.url())) {
            String doc = ReferenceJobDoc.of("lone").build().toString()
                    .replace("\"data\":{\"n\":1}", "\"data\":{\"text\":\"a\\ud800b\",\"\\udc00key\":1}");
            raw.sendText("{\"msg\":\"method\",\"id\":\"save\",\"method\":\"queue_jobSave\",\"params\":[" + doc + ",{}]}");
            JsonObject saved = raw.result("save");
            assertThat(saved.containsKey("error")).as("%s", saved).isFalse();
            id = saved.getString("result");
            JsonObject job = raw.call("queue_getJob", Json.createValue(id), Json.createObjectBuilder().build())
                    .getJsonObject("result");
            assertThat(job.getJsonObject("data").getString("text")).isEqualTo("a\uFFFDb");
            assertThat(job.getJsonObject("data").getInt("\uFFFDkey")).isEqualTo(1);
        }
        client = DdpClient.create(DdpClientOptions.of(server.url()));
        client.connect().toCompletableFuture().get(10, TimeUnit.SECONDS);
        JobCollection jobs = JobCollections.of(client, "queue");
        for (int i = 0; i < 19; i++) {
            jobs.createJob("lone", Json.createObjectBuilder().add("n", i).build()).save()
                    .toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
        Set<String> done = ConcurrentHashMap.newKeySet();
        JobQueue queue = jobs.processJobs("lone", QueueOptions.defaults().withPollInterval(Duration.ofMillis(100)), job -> {
            job.done(Json.createObjectBuilder().build());
            done.add(job.id());
        });
        try {
            // before the fix the getWork that claimed the bad job was never answered: 60 s per timeout
            await().atMost(Duration.ofSeconds(15)).until(() -> done.size() == 20);
            assertThat(done).contains(id);
        } finally {
            queue.shutdown(ShutdownLevel.HARD).toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }
}
