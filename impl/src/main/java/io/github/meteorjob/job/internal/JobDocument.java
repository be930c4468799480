package io.github.meteorjob.job.internal;

import io.github.meteorjob.BackoffMethod;
import io.github.meteorjob.Job;
import io.github.meteorjob.JobFailure;
import io.github.meteorjob.JobLogEntry;
import io.github.meteorjob.JobProgress;
import io.github.meteorjob.JobStatus;
import io.github.meteorjob.LogLevel;
import io.github.meteorjob.Schedule;
import io.github.meteorjob.ejson.Ejson;
import io.github.meteorjob.ejson.ObjectId;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A job document in its EJSON wire form, with typed read access to its fields. This is the one place
 * that knows the field names and encodings of the job-collection document (docs/protocol.md §3). The wire form is
 * kept as it arrived so that documents the server sends can be sent back unchanged.
 *
 * @param json the document (EJSON wire form, including {@code _id} once saved)
 */
public record JobDocument(JsonObject json) {

    /** The constant {@code {"$date": 0}} used for "run as soon as possible". */
    static final Instant EPOCH = Instant.EPOCH;

    // values every new job shares, built once (JSON values are immutable)
    private static final JsonValue ZERO = Ejson.provider().createValue(0);
    private static final JsonValue ONE = Ejson.provider().createValue(1);
    private static final JsonValue DEFAULT_WAIT = Ejson.provider().createValue(Job.DEFAULT_WAIT.toMillis());
    private static final JsonValue WAITING = Ejson.provider().createValue(JobStatus.WAITING.wireName());
    private static final JsonValue CONSTANT = Ejson.provider().createValue(BackoffMethod.CONSTANT.wireName());
    private static final JsonValue INFO = Ejson.provider().createValue(LogLevel.INFO.wireName());
    private static final JsonValue CONSTRUCTED = Ejson.provider().createValue("Constructed");
    private static final JsonObject FOREVER_JSON = Ejson.date(Job.FOREVER_DATE);
    private static final JsonObject EPOCH_DATE = Ejson.date(EPOCH);
    private static final JsonObject NEW_PROGRESS = progressJson(0, 1);

    public JobDocument {
        if (json == null) {
            throw new IllegalArgumentException("job document must not be null");
        }
    }

    /**
     * The document of a new job as meteor-job's constructor builds it: waiting, priority 0, {@code retry(0)},
     * {@code repeat(0)}, after {@code Date(0)}, progress 0/1, no dependencies and a "Constructed" log entry.
     */
    public static JobDocument newJob(String type, JsonObject data, Instant now) {
        // "now" is built once per job, the rest once per JVM
        JsonObject date = Ejson.date(now);
        JsonObject constructed = Ejson.builders().createObjectBuilder()
                .add("time", date)
                .add("runId", JsonValue.NULL)
                .add("level", INFO)
                .add("message", CONSTRUCTED)
                .build();
        JsonObjectBuilder b = Ejson.builders().createObjectBuilder()
                .add("runId", JsonValue.NULL)
                .add("type", type)
                .add("data", data)
                .add("status", WAITING)
                .add("updated", date)
                .add("created", date)
                .add("priority", ZERO)
                .add("retries", ONE)
                .add("repeatRetries", ONE)
                .add("retryWait", DEFAULT_WAIT)
                .add("retried", ZERO)
                .add("retryBackoff", CONSTANT)
                .add("retryUntil", FOREVER_JSON)
                .add("repeats", ZERO)
                .add("repeatWait", DEFAULT_WAIT)
                .add("repeated", ZERO)
                .add("repeatUntil", FOREVER_JSON)
                .add("after", EPOCH_DATE)
                .add("progress", NEW_PROGRESS)
                .add("depends", JsonValue.EMPTY_JSON_ARRAY)
                .add("resolved", JsonValue.EMPTY_JSON_ARRAY)
                .add("log", Ejson.builders().createArrayBuilder().add(constructed));
        return new JobDocument(b.build());
    }

    /** A log entry as meteor-job stores it locally before save: {@code {time, runId: null, level, message}}. */
    static JsonObject logEntry(Instant time, LogLevel level, String message) {
        return Ejson.builders().createObjectBuilder()
                .add("time", Ejson.date(time))
                .add("runId", JsonValue.NULL)
                .add("level", level.wireName())
                .add("message", message)
                .build();
    }

    /** {@code {completed, total, percent}} with integral numbers written as integers, as JavaScript does. */
    static JsonObject progressJson(double completed, double total) {
        return Ejson.builders().createObjectBuilder()
                .add("completed", number(completed))
                .add("total", number(total))
                .add("percent", number(100 * completed / total))
                .build();
    }

    /** A JSON number the way JavaScript prints it: integral values without a fraction. */
    static JsonValue number(double d) {
        if (d == Math.rint(d) && Math.abs(d) <= Job.FOREVER) {
            return Ejson.provider().createValue((long) d);
        }
        return Ejson.provider().createValue(d);
    }

    /**
     * This document with meteor-job's retry fields for {@code options}: it stores the number of runs, so
     * {@code retry(n)} allows n retries after the first run.
     */
    JobDocument withRetry(io.github.meteorjob.RetryOptions options) {
        long retries = options.retries() == null ? Job.FOREVER : Math.min(Job.FOREVER, options.retries() + 1);
        long wait = options.waitTime() == null ? Job.DEFAULT_WAIT.toMillis() : options.waitTime().toMillis();
        BackoffMethod backoff = options.backoff() == null ? BackoffMethod.CONSTANT : options.backoff();
        Instant until = options.until() == null ? Job.FOREVER_DATE : options.until();
        jakarta.json.JsonObjectBuilder b = Ejson.builders().createObjectBuilder(json)
                .add("retries", retries)
                .add("repeatRetries", retries)
                .add("retryWait", wait);
        if (!json.containsKey("retried")) {
            b.add("retried", 0);
        }
        b.add("retryBackoff", backoff.wireName()).add("retryUntil", Ejson.date(until));
        return new JobDocument(b.build());
    }

    /** This document with meteor-job's repeat fields for {@code options} (a schedule or a wait). */
    JobDocument withRepeat(io.github.meteorjob.RepeatOptions options) {
        long repeats = options.repeats() == null ? Job.FOREVER : options.repeats();
        JsonValue wait = options.schedule() != null ? options.schedule().toJson()
                : Ejson.provider().createValue(options.waitTime() == null ? Job.DEFAULT_WAIT.toMillis()
                : options.waitTime().toMillis());
        Instant until = options.until() == null ? Job.FOREVER_DATE : options.until();
        jakarta.json.JsonObjectBuilder b = Ejson.builders().createObjectBuilder(json)
                .add("repeats", repeats)
                .add("repeatWait", wait);
        if (!json.containsKey("repeated")) {
            b.add("repeated", 0);
        }
        b.add("repeatUntil", Ejson.date(until));
        return new JobDocument(b.build());
    }

    /** This document depending on {@code ids} as well as on the jobs it already depends on; none resolved yet. */
    JobDocument withDepends(List<JsonValue> ids) {
        jakarta.json.JsonArrayBuilder all = Ejson.builders().createArrayBuilder(
                json.get("depends") instanceof JsonArray a ? a : JsonValue.EMPTY_JSON_ARRAY);
        ids.forEach(all::add);
        return new JobDocument(Ejson.builders().createObjectBuilder(json)
                .add("depends", all).add("resolved", JsonValue.EMPTY_JSON_ARRAY).build());
    }

    /** This document without dependencies. */
    JobDocument withoutDepends() {
        return new JobDocument(Ejson.builders().createObjectBuilder(json)
                .add("depends", JsonValue.EMPTY_JSON_ARRAY).add("resolved", JsonValue.EMPTY_JSON_ARRAY).build());
    }

    /** This (unsaved) document with one more log entry: meteor-job keeps them in the document it will save. */
    JobDocument withLogEntry(JsonObject entry) {
        jakarta.json.JsonArrayBuilder log = Ejson.builders().createArrayBuilder(
                json.get("log") instanceof JsonArray a ? a : JsonValue.EMPTY_JSON_ARRAY);
        return with("log", log.add(entry).build());
    }

    /** meteor-job sends a value that is not an object as {@code {"value": x}}. */
    static JsonValue wrap(JsonValue v) {
        if (v instanceof JsonObject || v instanceof jakarta.json.JsonArray) {
            return v;
        }
        return Ejson.builders().createObjectBuilder().add("value", v).build();
    }

    /** A structured error for an exception: its message and class, and those of its cause; never a stack trace. */
    static JsonObject errorObject(Throwable t) {
        JsonObjectBuilder b = Ejson.builders().createObjectBuilder()
                .add("message", t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage())
                .add("exception", t.getClass().getName());
        Throwable cause = t.getCause();
        if (cause != null && cause != t) {
            b.add("cause", Ejson.builders().createObjectBuilder()
                    .add("message", cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage())
                    .add("exception", cause.getClass().getName()));
        }
        return b.build();
    }

    /** A copy with one field set. */
    public JobDocument with(String field, JsonValue value) {
        return new JobDocument(Ejson.builders().createObjectBuilder(json).add(field, value).build());
    }

    // ---------------------------------------------------------------- typed reads

    /** The {@code _id} as sent (a string or an EJSON ObjectID), or {@code null}. */
    public JsonValue idValue() {
        JsonValue v = json.get("_id");
        return v == null || v == JsonValue.NULL ? null : v;
    }

    /** The id as text: the string, or an ObjectID's hex. */
    public String id() {
        return idText(idValue());
    }

    /** The text of an id value: a string, or the hex of an ObjectID; {@code null} for null. */
    public static String idText(JsonValue v) {
        if (v == null || v == JsonValue.NULL) {
            return null;
        }
        if (v instanceof JsonString s) {
            return s.getString();
        }
        Object decoded = Ejson.decode(v);
        if (decoded instanceof ObjectId oid) {
            return oid.hex();
        }
        return Ejson.stringify(v);
    }

    public JsonValue runIdValue() {
        JsonValue v = json.get("runId");
        return v == null || v == JsonValue.NULL ? null : v;
    }

    public String runId() {
        return idText(runIdValue());
    }

    public String type() {
        return string("type");
    }

    public JobStatus status() {
        return wireName("status", JobStatus::fromWire);
    }

    public JsonObject data() {
        return json.get("data") instanceof JsonObject o ? o : null;
    }

    public JsonObject result() {
        return json.get("result") instanceof JsonObject o ? o : null;
    }

    public int priority() {
        return (int) longValue("priority", 0);
    }

    public long retries() {
        return longValue("retries", 0);
    }

    public long retried() {
        return longValue("retried", 0);
    }

    public long repeatRetries() {
        return longValue("repeatRetries", 0);
    }

    public Duration retryWait() {
        return millis("retryWait");
    }

    public BackoffMethod retryBackoff() {
        return wireName("retryBackoff", BackoffMethod::fromWire);
    }

    public Instant retryUntil() {
        return instant("retryUntil");
    }

    public long repeats() {
        return longValue("repeats", 0);
    }

    public long repeated() {
        return longValue("repeated", 0);
    }

    /** The raw {@code repeatWait}: a number of milliseconds or a later.js object. */
    public JsonValue repeatWaitValue() {
        return json.get("repeatWait");
    }

    public Duration repeatWait() {
        return millis("repeatWait");
    }

    public Schedule repeatSchedule() {
        return json.get("repeatWait") instanceof JsonObject o ? Schedule.fromJson(o) : null;
    }

    public Instant repeatUntil() {
        return instant("repeatUntil");
    }

    public Instant after() {
        return instant("after");
    }

    public List<String> depends() {
        return ids("depends");
    }

    public List<String> resolved() {
        return ids("resolved");
    }

    public JobProgress progress() {
        if (json.get("progress") instanceof JsonObject p) {
            return new JobProgress(dbl(p.get("completed")), dbl(p.get("total")), dbl(p.get("percent")));
        }
        return null;
    }

    public List<JobLogEntry> log() {
        List<JobLogEntry> out = new ArrayList<>();
        if (json.get("log") instanceof JsonArray a) {
            for (JsonValue v : a) {
                if (v instanceof JsonObject e) {
                    String level = e.get("level") instanceof JsonString s ? s.getString() : null;
                    out.add(new JobLogEntry(
                            e.get("time") == null ? null : Ejson.instant(e.get("time")),
                            idText(e.get("runId")),
                            level == null ? null : LogLevel.fromWire(level),
                            e.get("message") instanceof JsonString m ? m.getString() : null,
                            e.get("data") instanceof JsonObject d ? d : null));
                }
            }
        }
        return List.copyOf(out);
    }

    public List<JobFailure> failures() {
        List<JobFailure> out = new ArrayList<>();
        if (json.get("failures") instanceof JsonArray a) {
            for (JsonValue v : a) {
                if (v instanceof JsonObject e) {
                    out.add(new JobFailure(idText(e.get("runId")), e));
                }
            }
        }
        return List.copyOf(out);
    }

    public Instant created() {
        return instant("created");
    }

    public Instant updated() {
        return instant("updated");
    }

    public Duration workTimeout() {
        return millis("workTimeout");
    }

    public Instant expiresAfter() {
        return instant("expiresAfter");
    }

    // ---------------------------------------------------------------- helpers

    private String string(String field) {
        return json.get(field) instanceof JsonString s ? s.getString() : null;
    }

    /** A string field read as one of job-collection's names ({@code fromWire}); {@code null} when absent. */
    private <E> E wireName(String field, Function<String, E> fromWire) {
        String s = string(field);
        return s == null ? null : fromWire.apply(s);
    }

    private long longValue(String field, long dflt) {
        return json.get(field) instanceof JsonNumber n ? n.bigDecimalValue().longValue() : dflt;
    }

    private Duration millis(String field) {
        return json.get(field) instanceof JsonNumber n ? Duration.ofMillis(n.bigDecimalValue().longValue()) : null;
    }

    private Instant instant(String field) {
        JsonValue v = json.get(field);
        return v == null || v == JsonValue.NULL ? null : Ejson.instant(v);
    }

    private static double dbl(JsonValue v) {
        return v instanceof JsonNumber n ? n.doubleValue() : 0;
    }

    private List<String> ids(String field) {
        List<String> out = new ArrayList<>();
        if (json.get(field) instanceof JsonArray a) {
            for (JsonValue v : a) {
                out.add(idText(v));
            }
        }
        return List.copyOf(out);
    }
}
