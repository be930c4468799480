package io.github.meteorjob.server.store;

import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A job document of a job-collection (docs/protocol.md §3), as the server keeps it. Mutable so the server can
 * build the next version of a document from a {@link #copy()}; documents inside a
 * {@link JobStore} are never modified in place. Arbitrary user objects ({@code data},
 * {@code result}, failures, log data) stay in their EJSON wire form.
 */
public final class JobDoc {

    /** Cached: {@code Json.createX} looks the provider up on every call, which costs more than a job. */
    private static final jakarta.json.spi.JsonProvider JSON = io.github.meteorjob.ejson.Ejson.provider();

    /** job-collection's {@code Job.forever}: 2^53. */
    public static final long FOREVER = 9007199254740992L;
    /** job-collection's {@code Job.foreverDate}: the largest JavaScript date. */
    public static final Instant FOREVER_DATE = Instant.ofEpochMilli(8640000000000000L);

    public String id;
    public String runId;
    public String type;
    public String status;
    public JsonObject data;
    /** {@code null} when absent. */
    public JsonObject result;
    /** {@code null} when absent. */
    public List<JsonObject> failures;
    public int priority;
    public List<String> depends = new ArrayList<>();
    public List<String> resolved = new ArrayList<>();
    public Instant after;
    public Instant updated;
    /** {@code null} when absent. */
    public Long workTimeout;
    /** {@code null} when absent. */
    public Instant expiresAfter;
    public List<LogEntry> log = new ArrayList<>();
    public double progressCompleted;
    public double progressTotal = 1;
    public double progressPercent;
    public long retries;
    public long retried;
    /** {@code null} when absent. */
    public Long repeatRetries;
    public Instant retryUntil;
    public long retryWait;
    public String retryBackoff;
    public long repeats;
    public long repeated;
    public Instant repeatUntil;
    /** Milliseconds between repeats, unless {@link #repeatSchedule} is set. */
    public long repeatWait;
    /** A later.js schedule object ({@code {schedules:[...], exceptions?:[...]}}), or {@code null}. */
    public JsonObject repeatSchedule;
    public Instant created;

    /** A copy whose lists can be changed without touching this document. */
    public JobDoc copy() {
        JobDoc c = new JobDoc();
        c.id = id;
        c.runId = runId;
        c.type = type;
        c.status = status;
        c.data = data;
        c.result = result;
        c.failures = failures == null ? null : new ArrayList<>(failures);
        c.priority = priority;
        c.depends = new ArrayList<>(depends);
        c.resolved = new ArrayList<>(resolved);
        c.after = after;
        c.updated = updated;
        c.workTimeout = workTimeout;
        c.expiresAfter = expiresAfter;
        c.log = new ArrayList<>(log);
        c.progressCompleted = progressCompleted;
        c.progressTotal = progressTotal;
        c.progressPercent = progressPercent;
        c.retries = retries;
        c.retried = retried;
        c.repeatRetries = repeatRetries;
        c.retryUntil = retryUntil;
        c.retryWait = retryWait;
        c.retryBackoff = retryBackoff;
        c.repeats = repeats;
        c.repeated = repeated;
        c.repeatUntil = repeatUntil;
        c.repeatWait = repeatWait;
        c.repeatSchedule = repeatSchedule;
        c.created = created;
        return c;
    }

    /** The full document in EJSON wire form. */
    public JsonObject toJson() {
        return toJson(true, true);
    }

    /**
     * The document in EJSON wire form, in job-collection's field order.
     *
     * @param withLog      include {@code log}
     * @param withFailures include {@code failures} (when present)
     */
    public JsonObject toJson(boolean withLog, boolean withFailures) {
        JsonObjectBuilder b = JSON.createObjectBuilder();
        b.add("_id", id);
        b.add("runId", runId == null ? JsonValue.NULL : JSON.createValue(runId));
        b.add("type", type);
        b.add("status", status);
        b.add("data", data);
        if (result != null) {
            b.add("result", result);
        }
        if (withFailures && failures != null) {
            JsonArrayBuilder fa = JSON.createArrayBuilder();
            failures.forEach(fa::add);
            b.add("failures", fa);
        }
        b.add("priority", priority);
        b.add("depends", strings(depends));
        b.add("resolved", strings(resolved));
        b.add("after", date(after));
        b.add("updated", date(updated));
        if (workTimeout != null) {
            b.add("workTimeout", workTimeout);
        }
        if (expiresAfter != null) {
            b.add("expiresAfter", date(expiresAfter));
        }
        if (withLog) {
            JsonArrayBuilder la = JSON.createArrayBuilder();
            for (LogEntry e : log) {
                JsonObjectBuilder eb = JSON.createObjectBuilder()
                        .add("time", date(e.time()))
                        .add("runId", e.runId() == null ? JsonValue.NULL : JSON.createValue(e.runId()))
                        .add("level", e.level())
                        .add("message", e.message());
                if (e.data() != null) {
                    eb.add("data", e.data());
                }
                la.add(eb);
            }
            b.add("log", la);
        }
        b.add("progress", JSON.createObjectBuilder()
                .add("completed", number(progressCompleted))
                .add("total", number(progressTotal))
                .add("percent", number(progressPercent)));
        b.add("retries", retries);
        b.add("retried", retried);
        if (repeatRetries != null) {
            b.add("repeatRetries", repeatRetries);
        }
        b.add("retryUntil", date(retryUntil));
        b.add("retryWait", retryWait);
        b.add("retryBackoff", retryBackoff);
        b.add("repeats", repeats);
        b.add("repeated", repeated);
        b.add("repeatUntil", date(repeatUntil));
        if (repeatSchedule != null) {
            b.add("repeatWait", repeatSchedule);
        } else {
            b.add("repeatWait", repeatWait);
        }
        b.add("created", date(created));
        return b.build();
    }

    /**
     * Reads a document written by {@link #toJson()} (trusted input: storage, not clients; the
     * job server validates client documents itself).
     */
    public static JobDoc fromJson(JsonObject o) {
        JobDoc d = new JobDoc();
        d.id = o.getString("_id");
        d.runId = o.isNull("runId") ? null : o.getString("runId");
        d.type = o.getString("type");
        d.status = o.getString("status");
        d.data = o.getJsonObject("data");
        d.result = o.containsKey("result") ? o.getJsonObject("result") : null;
        if (o.containsKey("failures")) {
            d.failures = new ArrayList<>();
            for (JsonValue v : o.getJsonArray("failures")) {
                d.failures.add(v.asJsonObject());
            }
        }
        d.priority = o.getInt("priority");
        d.depends = stringList(o.getJsonArray("depends"));
        d.resolved = stringList(o.getJsonArray("resolved"));
        d.after = instant(o.get("after"));
        d.updated = instant(o.get("updated"));
        d.workTimeout = o.containsKey("workTimeout") ? o.getJsonNumber("workTimeout").longValue() : null;
        d.expiresAfter = o.containsKey("expiresAfter") ? instant(o.get("expiresAfter")) : null;
        if (o.containsKey("log")) {
            for (JsonValue v : o.getJsonArray("log")) {
                JsonObject e = v.asJsonObject();
                d.log.add(new LogEntry(instant(e.get("time")),
                        e.isNull("runId") ? null : e.getString("runId"),
                        e.getString("level"), e.getString("message"),
                        e.containsKey("data") ? e.getJsonObject("data") : null));
            }
        }
        JsonObject p = o.getJsonObject("progress");
        d.progressCompleted = p.getJsonNumber("completed").doubleValue();
        d.progressTotal = p.getJsonNumber("total").doubleValue();
        d.progressPercent = p.getJsonNumber("percent").doubleValue();
        d.retries = o.getJsonNumber("retries").longValue();
        d.retried = o.getJsonNumber("retried").longValue();
        d.repeatRetries = o.containsKey("repeatRetries") ? o.getJsonNumber("repeatRetries").longValue() : null;
        d.retryUntil = instant(o.get("retryUntil"));
        d.retryWait = o.getJsonNumber("retryWait").longValue();
        d.retryBackoff = o.getString("retryBackoff");
        d.repeats = o.getJsonNumber("repeats").longValue();
        d.repeated = o.getJsonNumber("repeated").longValue();
        d.repeatUntil = instant(o.get("repeatUntil"));
        JsonValue rw = o.get("repeatWait");
        if (rw instanceof JsonObject s) {
            d.repeatSchedule = s;
        } else {
            d.repeatWait = ((JsonNumber) rw).longValue();
        }
        d.created = instant(o.get("created"));
        return d;
    }

    /** Whether this job, in its present state, may be handed out by getWork. */
    public boolean isReady() {
        return "ready".equals(status) && runId == null;
    }

    @Override
    public String toString() {
        return "JobDoc[" + id + " " + type + " " + status + "]";
    }

    private static JsonArray strings(List<String> list) {
        JsonArrayBuilder a = JSON.createArrayBuilder();
        list.forEach(a::add);
        return a.build();
    }

    private static List<String> stringList(JsonArray a) {
        List<String> out = new ArrayList<>(a.size());
        for (JsonValue v : a) {
            out.add(((JsonString) v).getString());
        }
        return out;
    }

    /** An integral double as a JSON integer (as JavaScript prints it), else a JSON double. */
    public static JsonValue number(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 9.0E15) {
            return JSON.createValue((long) v);
        }
        return JSON.createValue(v);
    }

    static JsonValue date(Instant t) {
        return WireDates.date(t);
    }

    static Instant instant(JsonValue v) {
        return WireDates.instant(v);
    }
}
