package io.github.meteorjob.server.ddp;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;

import java.time.Instant;

/** A new job document as the reference client {@code new Job(jc, type, data)} sends it, for transport tests. */
public final class TestJobs {

    private TestJobs() {
    }

    private static JsonObject date(long millis) {
        return Json.createObjectBuilder().add("$date", millis).build();
    }

    public static JsonObjectBuilder doc(String type) {
        long now = Instant.now().toEpochMilli();
        long forever = 8640000000000000L;
        return Json.createObjectBuilder()
                .add("runId", JsonValue.NULL).add("type", type)
                .add("data", Json.createObjectBuilder().add("n", 1))
                .add("status", "waiting").add("updated", date(now)).add("created", date(now))
                .add("priority", 0).add("retries", 1).add("repeatRetries", 1).add("retried", 0)
                .add("retryWait", 300000).add("retryBackoff", "constant").add("retryUntil", date(forever))
                .add("repeats", 0).add("repeated", 0).add("repeatWait", 300000).add("repeatUntil", date(forever))
                .add("after", date(0)).add("depends", JsonValue.EMPTY_JSON_ARRAY).add("resolved", JsonValue.EMPTY_JSON_ARRAY)
                .add("progress", Json.createObjectBuilder().add("completed", 0).add("total", 1).add("percent", 0))
                .add("log", Json.createArrayBuilder().add(Json.createObjectBuilder().add("time", date(now))
                        .add("runId", JsonValue.NULL).add("message", "Constructed").add("level", "info")));
    }
}
