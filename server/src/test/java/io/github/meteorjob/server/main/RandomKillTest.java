package io.github.meteorjob.server.main;

import io.github.meteorjob.server.ddp.RawDdpClient;
import io.github.meteorjob.server.ddp.TestJobs;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SIGKILL of the server at random moments while clients save, work off and remove jobs (with
 * compaction forced to run often): after each restart every acknowledged write is there.
 */
class RandomKillTest {

    /** What clients were told, per job id; the last acknowledged step wins. */
    private enum Acked { SAVED, RUNNING, COMPLETED, REMOVING, REMOVED }

    @TempDir
    Path dir;

    @Test
    void everyAcknowledgedWriteSurvivesKillsAtRandomMoments() throws Exception {
        killLoop(3, System.nanoTime());
    }

    @Test
    @Tag("soak")
    void everyAcknowledgedWriteSurvivesManyKills() throws Exception {
        killLoop(25, System.nanoTime());
    }

    private void killLoop(int kills, long seed) throws Exception {
        Random random = new Random(seed);
        Path data = dir.resolve("data");
        Map<String, Acked> acked = new ConcurrentHashMap<>();
        // small compaction threshold: snapshots are written (and killed) all the time
        List<String> jvm = List.of("-Xmx256m", "-Dmeteorjob.store.minCompactBytes=65536");
        for (int k = 0; k <= kills; k++) {
            try (ChildServer server = ChildServer.start(dir, jvm, "--port", "0", "--data", data.toString())) {
                verify(server.url, acked, "seed " + seed + ", after kill " + k);
                if (k == kills) {
                    server.terminate();
                    break;
                }
                ExecutorService clients = Executors.newFixedThreadPool(3);
                for (int c = 0; c < 3; c++) {
                    clients.submit(() -> {
                        work(server.url, acked);
                        return null;
                    });
                }
                Thread.sleep(300 + random.nextInt(1200)); // the kill point (< 1 s, no polling involved)
                server.kill();
                clients.shutdownNow(); // callers waiting for an answer that will never come
                assertThat(clients.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
            }
        }
        assertThat(acked.values()).as("the clients got answers at all").contains(Acked.COMPLETED);
    }

    /** A client: saves jobs, works some off, removes some completed ones, recording each answer. */
    private static void work(String url, Map<String, Acked> acked) throws Exception {
        try (RawDdpClient c = RawDdpClient.connected(url)) {
            Random r = new Random();
            while (!Thread.currentThread().isInterrupted()) {
                for (int i = 0; i < 5; i++) {
                    String id = c.call("queue_jobSave", TestJobs.doc("kill").add("data", Json.createObjectBuilder()
                            .add("to", "user" + r.nextInt(1000) + "@example.org")).build(), JsonValue.EMPTY_JSON_OBJECT)
                            .getString("result");
                    acked.put(id, Acked.SAVED);
                }
                JsonArray work = c.call("queue_getWork", Json.createArrayBuilder().add("kill").build(),
                        Json.createObjectBuilder().add("maxJobs", 4).build()).getJsonArray("result");
                for (JsonValue v : work) {
                    acked.put(v.asJsonObject().getString("_id"), Acked.RUNNING);
                }
                List<String> done = new ArrayList<>();
                for (JsonValue v : work) {
                    JsonObject job = v.asJsonObject();
                    JsonObject res = c.call("queue_jobDone", job.get("_id"), job.get("runId"),
                            Json.createObjectBuilder().add("ok", true).build(), JsonValue.EMPTY_JSON_OBJECT);
                    if (res.get("result") == JsonValue.TRUE) {
                        acked.put(job.getString("_id"), Acked.COMPLETED);
                        done.add(job.getString("_id"));
                    }
                }
                if (!done.isEmpty() && r.nextBoolean()) {
                    String id = done.get(0);
                    acked.put(id, Acked.REMOVING); // sent: it may or may not be gone after a kill
                    JsonObject res = c.call("queue_jobRemove", Json.createArrayBuilder().add(id).build(), JsonValue.EMPTY_JSON_OBJECT);
                    if (res.get("result") == JsonValue.TRUE) {
                        acked.put(id, Acked.REMOVED);
                    }
                }
            }
        } catch (InterruptedException e) {
            // the test killed the server and stops its clients
        } catch (Exception | AssertionError e) {
            // the connection broke or timed out because of the kill: nothing after it was acknowledged
        }
    }

    private static void verify(String url, Map<String, Acked> acked, String when) throws Exception {
        if (acked.isEmpty()) {
            return;
        }
        Map<String, String> actual = new HashMap<>();
        try (RawDdpClient c = RawDdpClient.connected(url)) {
            List<String> ids = new ArrayList<>(acked.keySet());
            for (int i = 0; i < ids.size(); i += 500) {
                var chunk = Json.createArrayBuilder();
                ids.subList(i, Math.min(ids.size(), i + 500)).forEach(chunk::add);
                JsonValue found = c.call("queue_getJob", chunk.build(), JsonValue.EMPTY_JSON_OBJECT).get("result");
                if (found instanceof JsonArray jobs) {
                    for (JsonValue v : jobs) {
                        actual.put(v.asJsonObject().getString("_id"), v.asJsonObject().getString("status"));
                    }
                }
            }
        }
        for (var e : acked.entrySet()) {
            String status = actual.get(e.getKey());
            Set<String> allowed = switch (e.getValue()) {
                case SAVED -> Set.of("waiting", "ready", "running", "completed");
                case RUNNING -> Set.of("running", "completed");
                case COMPLETED -> Set.of("completed");
                case REMOVING -> Set.of("completed", "<absent>");
                case REMOVED -> Set.of("<absent>");
            };
            assertThat(status == null ? "<absent>" : status)
                    .as("job %s acknowledged as %s (%s, %d jobs checked)", e.getKey(), e.getValue(), when, acked.size())
                    .isIn(allowed);
        }
    }
}
