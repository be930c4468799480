package io.github.meteorjob.server.main;

import io.github.meteorjob.server.ddp.RawDdpClient;
import io.github.meteorjob.server.ReferenceJobDoc;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Every write acknowledged to a client survives SIGKILL of the server process. */
class DurabilityTest {

    @TempDir
    Path dir;

    @Test
    void acknowledgedWritesSurviveKillMinus9() throws Exception {
        Path data = dir.resolve("data");
        Map<String, String> expectedStatus = new LinkedHashMap<>();
        String loggedId;
        try (ChildServer first = ChildServer.start(dir, "--port", "0", "--data", data.toString());
             RawDdpClient c = RawDdpClient.connected(first.url)) {
            for (int i = 0; i < 30; i++) {
                String type = i < 10 ? "done" : i < 20 ? "fail" : "wait";
                String id = c.call("queue_jobSave", ReferenceJobDoc.of(type).add("data", Json.createObjectBuilder().add("i", i)).build(),
                        JsonValue.EMPTY_JSON_OBJECT).getString("result");
                expectedStatus.put(id, "ready");
            }
            JsonArray done = c.call("queue_getWork", Json.createArrayBuilder().add("done").build(),
                    Json.createObjectBuilder().add("maxJobs", 10).build()).getJsonArray("result");
            assertThat(done).hasSize(10);
            for (JsonValue v : done) {
                JsonObject job = v.asJsonObject();
                JsonObject r = c.call("queue_jobDone", job.get("_id"), job.get("runId"),
                        Json.createObjectBuilder().add("ok", true).build(), JsonValue.EMPTY_JSON_OBJECT);
                assertThat(r.get("result")).isEqualTo(JsonValue.TRUE);
                expectedStatus.put(job.getString("_id"), "completed");
            }
            JsonArray failing = c.call("queue_getWork", Json.createArrayBuilder().add("fail").build(),
                    Json.createObjectBuilder().add("maxJobs", 10).build()).getJsonArray("result");
            for (JsonValue v : failing) {
                JsonObject job = v.asJsonObject();
                c.call("queue_jobFail", job.get("_id"), job.get("runId"),
                        Json.createObjectBuilder().add("value", "boom").build(), Json.createObjectBuilder().add("fatal", true).build());
                expectedStatus.put(job.getString("_id"), "failed");
            }
            loggedId = expectedStatus.keySet().stream().skip(25).findFirst().orElseThrow();
            assertThat(c.call("queue_jobPause", Json.createArrayBuilder().add(loggedId).build(), JsonValue.EMPTY_JSON_OBJECT)
                    .get("result")).isEqualTo(JsonValue.TRUE);
            expectedStatus.put(loggedId, "paused");
            first.kill(); // SIGKILL right after the last acknowledged write
        }
        try (ChildServer second = ChildServer.start(dir, "--port", "0", "--data", data.toString());
             RawDdpClient c = RawDdpClient.connected(second.url)) {
            var ids = Json.createArrayBuilder();
            expectedStatus.keySet().forEach(ids::add);
            JsonArray jobs = c.call("queue_getJob", ids.build(), JsonValue.EMPTY_JSON_OBJECT).getJsonArray("result");
            Map<String, String> actual = new LinkedHashMap<>();
            for (JsonValue v : jobs) {
                actual.put(v.asJsonObject().getString("_id"), v.asJsonObject().getString("status"));
            }
            assertThat(actual).containsExactlyInAnyOrderEntriesOf(expectedStatus);
            JsonObject completed = c.call("queue_getJob", Json.createValue(expectedStatus.keySet().iterator().next()),
                    JsonValue.EMPTY_JSON_OBJECT).getJsonObject("result");
            assertThat(completed.getJsonObject("result").getBoolean("ok")).isTrue();
            second.terminate();
        }
    }
}
