package io.github.meteorjob.server.jobs;

import io.github.meteorjob.ejson.Ejson;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;

import java.time.Instant;

/** Test helpers: job documents as the reference client builds them, and parameter arrays. */
final class Jobs {

    static final long FOREVER = 9007199254740992L;
    static final Instant FOREVER_DATE = Instant.ofEpochMilli(8640000000000000L);

    private Jobs() {
    }

    /** A new job document as {@code new Job(jc, type, data)} of meteor-job 1.5.2 sends it. */
    static JsonObjectBuilder doc(String type, Instant now) {
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

    static JsonArray params(Object... values) {
        JsonArrayBuilder b = Json.createArrayBuilder();
        for (Object v : values) {
            if (v == null) {
                b.addNull();
            } else if (v instanceof JsonValue j) {
                b.add(j);
            } else if (v instanceof JsonObjectBuilder ob) {
                b.add(ob);
            } else if (v instanceof JsonArrayBuilder ab) {
                b.add(ab);
            } else if (v instanceof String s) {
                b.add(s);
            } else if (v instanceof Boolean x) {
                b.add(x);
            } else if (v instanceof Integer i) {
                b.add(i);
            } else if (v instanceof Long l) {
                b.add(l);
            } else if (v instanceof Double d) {
                b.add(d);
            } else if (v instanceof Instant t) {
                b.add(Ejson.date(t));
            } else {
                throw new IllegalArgumentException("unsupported param " + v);
            }
        }
        return b.build();
    }

    static JsonObjectBuilder obj() {
        return Json.createObjectBuilder();
    }

    static JsonArray arr(String... ids) {
        JsonArrayBuilder b = Json.createArrayBuilder();
        for (String id : ids) {
            b.add(id);
        }
        return b.build();
    }

    static Instant date(JsonObject doc, String field) {
        return Ejson.instant(doc.get(field));
    }
}
