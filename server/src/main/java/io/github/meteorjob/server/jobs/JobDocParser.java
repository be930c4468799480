package io.github.meteorjob.server.jobs;

import io.github.meteorjob.DdpException;
import io.github.meteorjob.server.schedule.LaterSchedule;
import io.github.meteorjob.server.store.JobDoc;
import io.github.meteorjob.server.store.LogEntry;
import io.github.meteorjob.wire.MeteorMatch;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Parses and validates a job document sent by a client ({@code jobSave}) with job-collection's
 * {@code _validJobDoc()} pattern, and the later.js schedules in it.
 */
final class JobDocParser {

    /** Cached: {@code Json.createX} looks the provider up on every call, which costs more than a job. */
    private static final jakarta.json.spi.JsonProvider JSON = io.github.meteorjob.ejson.Ejson.provider();

    private static final Set<String> REQUIRED = Set.of("runId", "type", "status", "data", "priority", "depends",
            "resolved", "after", "updated", "progress", "retries", "retried", "retryUntil", "retryWait",
            "retryBackoff", "repeats", "repeated", "repeatUntil", "repeatWait", "created");
    private static final Set<String> OPTIONAL = Set.of("_id", "result", "failures", "workTimeout", "expiresAfter",
            "log", "repeatRetries");

    private JobDocParser() {
    }

    static JobDoc fromClient(JsonValue v) {
        if (!MeteorMatch.isPlainObject(v)) {
            throw MeteorMatch.fail("Expected job document (object), got " + MeteorMatch.describe(v));
        }
        JsonObject o = (JsonObject) v;
        MeteorMatch.plain(o, "");
        for (String k : o.keySet()) {
            if (!REQUIRED.contains(k) && !OPTIONAL.contains(k)) {
                throw MeteorMatch.fail("Unknown key in field " + k);
            }
        }
        for (String k : REQUIRED) {
            if (!o.containsKey(k)) {
                throw MeteorMatch.fail("Missing key '" + k + "'");
            }
        }
        JobDoc d = new JobDoc();
        JsonValue id = o.get("_id");
        d.id = id == null ? null : Check.idOrNull(id, "_id");
        if (id != null && (d.id == null || d.id.isEmpty())) {
            // job-collection's pattern lets null and "" through, as a new job, but Meteor's insert then
            // throws "Meteor requires document _id fields to be non-empty strings or ObjectIDs" (a 500)
            throw new DdpException(JSON.createValue(400), "Invalid job document", JSON.createValue(
                    "_id must be a non-empty string or an ObjectID (got " + id + "); leave it out to save a new job"));
        }
        d.runId = Check.idOrNull(o.get("runId"), "runId");
        d.type = MeteorMatch.string(o.get("type"), "type");
        d.status = MeteorMatch.oneOf(o.get("status"), Check.STATUSES, "status");
        d.data = MeteorMatch.object(o.get("data"), "data");
        if (o.containsKey("result")) {
            d.result = MeteorMatch.object(o.get("result"), "result");
        }
        if (o.containsKey("failures")) {
            d.failures = new ArrayList<>();
            JsonArray fa = MeteorMatch.array(o.get("failures"), "failures");
            for (int i = 0; i < fa.size(); i++) {
                d.failures.add(MeteorMatch.object(fa.get(i), "failures[" + i + "]"));
            }
        }
        d.priority = Check.int32(o.get("priority"), "priority");
        d.depends = idList(o.get("depends"), "depends");
        d.resolved = idList(o.get("resolved"), "resolved");
        d.after = MeteorMatch.date(o.get("after"), "after");
        d.updated = MeteorMatch.date(o.get("updated"), "updated");
        if (o.containsKey("workTimeout")) {
            d.workTimeout = MeteorMatch.intGTEOne(o.get("workTimeout"), "workTimeout");
        }
        if (o.containsKey("expiresAfter")) {
            d.expiresAfter = MeteorMatch.date(o.get("expiresAfter"), "expiresAfter");
        }
        d.log = new ArrayList<>();
        if (o.containsKey("log")) {
            JsonArray la = MeteorMatch.array(o.get("log"), "log");
            for (int i = 0; i < la.size(); i++) {
                String f = "log[" + i + "]";
                JsonObject e = MeteorMatch.options(la.get(i) == null ? JsonValue.NULL : la.get(i), f, java.util.Map.of(
                        "time", Check.DATE, "runId", (x, fx) -> Check.idOrNull(x, fx), "level", Check.LOG_LEVEL,
                        "message", MeteorMatch::string, "data", Check.OBJECT));
                for (String k : List.of("time", "runId", "level", "message")) {
                    if (!e.containsKey(k)) {
                        throw MeteorMatch.fail("Missing key '" + k + "' in field " + f);
                    }
                }
                d.log.add(new LogEntry(MeteorMatch.date(e.get("time"), f), Check.idOrNull(e.get("runId"), f),
                        e.getString("level"), e.getString("message"),
                        e.containsKey("data") ? e.getJsonObject("data") : null));
            }
        }
        JsonObject p = MeteorMatch.options(o.get("progress"), "progress", java.util.Map.of(
                "completed", Check::numGTEZero, "total", Check::numGTEZero, "percent", Check::numGTEZero));
        for (String k : List.of("completed", "total", "percent")) {
            if (!p.containsKey(k)) {
                throw MeteorMatch.fail("Missing key '" + k + "' in field progress");
            }
        }
        d.progressCompleted = MeteorMatch.num(p.get("completed"));
        d.progressTotal = MeteorMatch.num(p.get("total"));
        d.progressPercent = MeteorMatch.num(p.get("percent"));
        d.retries = MeteorMatch.intGTEZero(o.get("retries"), "retries");
        d.retried = MeteorMatch.intGTEZero(o.get("retried"), "retried");
        if (o.containsKey("repeatRetries")) {
            d.repeatRetries = MeteorMatch.intGTEZero(o.get("repeatRetries"), "repeatRetries");
        }
        d.retryUntil = MeteorMatch.date(o.get("retryUntil"), "retryUntil");
        d.retryWait = MeteorMatch.intGTEZero(o.get("retryWait"), "retryWait");
        d.retryBackoff = MeteorMatch.oneOf(o.get("retryBackoff"), Check.BACKOFFS, "retryBackoff");
        d.repeats = MeteorMatch.intGTEZero(o.get("repeats"), "repeats");
        d.repeated = MeteorMatch.intGTEZero(o.get("repeated"), "repeated");
        d.repeatUntil = MeteorMatch.date(o.get("repeatUntil"), "repeatUntil");
        JsonValue rw = o.get("repeatWait");
        if (Check.isLaterObject(rw)) {
            d.repeatSchedule = (JsonObject) rw;
        } else if (MeteorMatch.isInt(rw) && MeteorMatch.num(rw) >= 0) {
            d.repeatWait = MeteorMatch.intGTEZero(rw, "repeatWait");
        } else {
            throw MeteorMatch.fail("Expected an integer ≥ 0 or a later.js schedule {schedules:[...]}, got "
                    + MeteorMatch.describe(rw) + " in field repeatWait");
        }
        d.created = MeteorMatch.date(o.get("created"), "created");
        for (String k : List.of("data", "result", "failures", "log")) {
            Check.storableKeys(o.get(k), k);
        }
        return d;
    }

    /** Parses a later.js schedule, answering 400 naming the unsupported part. */
    static LaterSchedule schedule(JsonObject json, String field) {
        try {
            return LaterSchedule.parse(json);
        } catch (IllegalArgumentException e) {
            throw new DdpException(JSON.createValue(400), "Unsupported later.js schedule",
                    JSON.createValue(e.getMessage() + " (in field " + field + ")"));
        }
    }

    /** An array of ids (a single id is refused, unlike {@link MeteorMatch#ids}). */
    private static List<String> idList(JsonValue v, String field) {
        return MeteorMatch.ids(MeteorMatch.array(v, field), field);
    }
}
