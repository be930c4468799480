package io.github.meteorjob.testing;

import io.github.meteorjob.JobStatus;
import io.github.meteorjob.server.EmbeddedJobServer;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Builds a job document as the reference client's {@code new Job(jc, type, data)} (meteor-job 1.5.2) sends it to
 * {@code jobSave}, for tests that seed a queue without a client or check how a server handles a document.
 * Every field starts at the reference client's default; change the ones a test cares about.
 *
 * <pre>{@code
 * JsonObject doc = JobDocument.of("email").data(Json.createObjectBuilder().add("to", "ada").build()).priority(-10).build();
 * String id = JobDocument.of("email").saveTo(server, "queue");
 * }</pre>
 */
public final class JobDocument {

    /** The date the reference client writes for "never" ({@code retryUntil}, {@code repeatUntil}). */
    public static final Instant FOREVER = Instant.ofEpochMilli(8640000000000000L);

    private final Map<String, JsonValue> fields = new LinkedHashMap<>();

    private JobDocument(String type, Instant now) {
        fields.put("runId", JsonValue.NULL);
        fields.put("type", Json.createValue(type));
        fields.put("data", Json.createObjectBuilder().add("n", 1).build());
        fields.put("status", Json.createValue("waiting"));
        fields.put("updated", date(now));
        fields.put("created", date(now));
        fields.put("priority", Json.createValue(0));
        fields.put("retries", Json.createValue(1));
        fields.put("repeatRetries", Json.createValue(1));
        fields.put("retried", Json.createValue(0));
        fields.put("retryWait", Json.createValue(300000));
        fields.put("retryBackoff", Json.createValue("constant"));
        fields.put("retryUntil", date(FOREVER));
        fields.put("repeats", Json.createValue(0));
        fields.put("repeated", Json.createValue(0));
        fields.put("repeatWait", Json.createValue(300000));
        fields.put("repeatUntil", date(FOREVER));
        fields.put("after", date(Instant.EPOCH));
        fields.put("depends", JsonValue.EMPTY_JSON_ARRAY);
        fields.put("resolved", JsonValue.EMPTY_JSON_ARRAY);
        fields.put("progress", Json.createObjectBuilder().add("completed", 0).add("total", 1).add("percent", 0).build());
        fields.put("log", Json.createArrayBuilder().add(Json.createObjectBuilder().add("time", date(now))
                .add("runId", JsonValue.NULL).add("message", "Constructed").add("level", "info")).build());
    }

    /** A new waiting job of {@code type}, created now, with data {@code {"n":1}}. */
    public static JobDocument of(String type) {
        return of(type, Instant.now());
    }

    /** A new waiting job of {@code type} whose {@code created}, {@code updated} and first log entry are {@code now}. */
    public static JobDocument of(String type, Instant now) {
        if (type == null || type.isEmpty()) {
            throw new IllegalArgumentException("a job document needs a non-empty type, was " + (type == null ? "null" : "''"));
        }
        return new JobDocument(type, Objects.requireNonNull(now, "now"));
    }

    /** The EJSON form of a date: {@code {"$date": millis}}. */
    public static JsonObject date(Instant instant) {
        return Json.createObjectBuilder().add("$date", instant.toEpochMilli()).build();
    }

    public JobDocument data(JsonObject data) {
        return set("data", Objects.requireNonNull(data, "data"));
    }

    public JobDocument status(JobStatus status) {
        return set("status", Json.createValue(status.wireName()));
    }

    public JobDocument priority(int priority) {
        return set("priority", Json.createValue(priority));
    }

    /** Runs allowed, as stored: the reference client's {@code retry(n)} stores {@code n + 1}. */
    public JobDocument retries(long retries) {
        return set("retries", Json.createValue(retries));
    }

    public JobDocument after(Instant after) {
        return set("after", date(after));
    }

    public JobDocument depends(String... ids) {
        JsonArrayBuilder b = Json.createArrayBuilder();
        for (String id : ids) {
            b.add(id);
        }
        return set("depends", b.build());
    }

    /** Sets any field to a raw value, for documents a test wants malformed or unusual. */
    public JobDocument set(String field, JsonValue value) {
        fields.put(Objects.requireNonNull(field, "field"), Objects.requireNonNull(value, "value"));
        return this;
    }

    /** Leaves a field out of the document. */
    public JobDocument without(String field) {
        fields.remove(field);
        return this;
    }

    public JsonObject build() {
        JsonObjectBuilder b = Json.createObjectBuilder();
        fields.forEach(b::add);
        return b.build();
    }

    /** The parameters of a {@code jobSave} call for this document: {@code [doc, {}]}. */
    public JsonArray saveParams() {
        return Json.createArrayBuilder().add(build()).add(JsonValue.EMPTY_JSON_OBJECT).build();
    }

    /** Saves the document in collection {@code root} of {@code server} (as a server-side call) and returns its id. */
    public String saveTo(EmbeddedJobServer server, String root) {
        JsonValue id = server.collection(root).call("jobSave", saveParams());
        if (!(id instanceof JsonString s)) {
            throw new IllegalStateException("jobSave in '" + root + "' returned " + id + " instead of an id");
        }
        return s.getString();
    }
}
