package io.github.meteorjob.server;

import io.github.meteorjob.ejson.Ejson;
import jakarta.json.Json;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;

import java.time.Instant;

/**
 * The server tests' one job-document builder: a new job as the reference client's {@code new Job(jc, type, data)}
 * (meteor-job 1.5.2) sends it to {@code jobSave}. (Modules above the server use {@code meteor-job-testing}'s
 * {@code JobDocument}; the server's own tests cannot depend on it, it depends on the server.)
 */
public final class ReferenceJobDoc {

    /** The reference client's "forever" for counts ({@code Job.forever}, 2^53). */
    public static final long FOREVER = 9007199254740992L;
    /** The reference client's "forever" for dates ({@code retryUntil}, {@code repeatUntil}). */
    public static final Instant FOREVER_DATE = Instant.ofEpochMilli(8640000000000000L);

    private ReferenceJobDoc() {
    }

    /** A new job document created now; add or replace fields on the returned builder. */
    public static JsonObjectBuilder of(String type) {
        return of(type, Instant.now());
    }

    /** A new job document whose {@code created}, {@code updated} and first log entry are {@code now}. */
    public static JsonObjectBuilder of(String type, Instant now) {
        return Json.createObjectBuilder()
                .add("runId", JsonValue.NULL)
                .add("type", type)
                .add("data", Json.createObjectBuilder().add("n", 1))
                .add("status", "waiting")
                .add("updated", Ejson.date(now))
                .add("created", Ejson.date(now))
                .add("priority", 0)
                .add("retries", 1)
                .add("repeatRetries", 1)
                .add("retried", 0)
                .add("retryWait", 300000)
                .add("retryBackoff", "constant")
                .add("retryUntil", Ejson.date(FOREVER_DATE))
                .add("repeats", 0)
                .add("repeated", 0)
                .add("repeatWait", 300000)
                .add("repeatUntil", Ejson.date(FOREVER_DATE))
                .add("after", Ejson.date(Instant.EPOCH))
                .add("depends", JsonValue.EMPTY_JSON_ARRAY)
                .add("resolved", JsonValue.EMPTY_JSON_ARRAY)
                .add("progress", Json.createObjectBuilder().add("completed", 0).add("total", 1).add("percent", 0))
                .add("log", Json.createArrayBuilder().add(Json.createObjectBuilder()
                        .add("time", Ejson.date(now)).add("runId", JsonValue.NULL)
                        .add("message", "Constructed").add("level", "info")));
    }
}
