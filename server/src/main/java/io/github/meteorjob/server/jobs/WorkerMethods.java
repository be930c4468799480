package io.github.meteorjob.server.jobs;

import io.github.meteorjob.LogLevel;
import io.github.meteorjob.server.schedule.LaterSchedule;
import io.github.meteorjob.server.store.JobDoc;
import io.github.meteorjob.wire.MeteorMatch;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

import static io.github.meteorjob.JobStatus.COMPLETED;
import static io.github.meteorjob.JobStatus.RUNNING;
import static io.github.meteorjob.LogLevel.INFO;
import static io.github.meteorjob.LogLevel.SUCCESS;
import static io.github.meteorjob.server.jobs.JobTransitions.JSON;
import static io.github.meteorjob.server.jobs.JobTransitions.bool;
import static io.github.meteorjob.server.jobs.JobTransitions.is;
import static io.github.meteorjob.server.jobs.JobTransitions.logEntry;
import static io.github.meteorjob.server.jobs.JobTransitions.plus;
import static io.github.meteorjob.server.jobs.JobTransitions.set;

/**
 * The methods of the {@code worker} role: {@code getWork}, {@code getJob}, {@code jobLog},
 * {@code jobProgress}, {@code jobDone}, {@code jobFail}. Each checks its parameters first (a bad
 * one changes nothing), then writes through {@link CommitPoint#write}.
 */
final class WorkerMethods extends CollectionPart {

    private static final System.Logger LOG = System.getLogger(JobCollectionServer.class.getName());

    private final JobTransitions transitions;
    private final JobServerTimers timers;

    WorkerMethods(JobTransitions transitions, JobServerTimers timers) {
        super(transitions);
        this.transitions = transitions;
        this.timers = timers;
    }

    JsonValue getWork(JsonArray p) {
        JsonValue t = Check.arg(p, 0);
        List<String> types = new ArrayList<>();
        if (t instanceof JsonArray a) {
            for (int i = 0; i < a.size(); i++) {
                types.add(MeteorMatch.string(a.get(i), "type[" + i + "]"));
            }
        } else {
            types.add(MeteorMatch.string(t, "type"));
        }
        JsonObject o = MeteorMatch.options(Check.arg(p, 1), "", Map.of("maxJobs", Check.INT_GTE_ONE, "workTimeout", Check.INT_GTE_ONE));
        long maxJobs = o.containsKey("maxJobs") ? MeteorMatch.intGTEOne(o.get("maxJobs"), "maxJobs") : 1;
        Long workTimeout = o.containsKey("workTimeout") ? MeteorMatch.intGTEOne(o.get("workTimeout"), "workTimeout") : null;
        return commits.write(() -> {
            if (timers.isStopped()) {
                return JsonValue.EMPTY_JSON_ARRAY;
            }
            List<String> ids = store.readyIds(types, (int) Math.min(maxJobs, 100_000));
            if (ids.isEmpty()) {
                return JsonValue.EMPTY_JSON_ARRAY;
            }
            Instant now = transitions.now();
            String runId = Ids.newId();
            JsonArrayBuilder out = JSON.createArrayBuilder();
            for (String id : ids) {
                JobDoc d = store.get(id).copy();
                set(d, RUNNING);
                d.runId = runId;
                d.updated = now;
                d.retries -= 1;
                d.retried += 1;
                d.log.add(logEntry(now, runId, INFO, "Job Running", null));
                if (workTimeout != null) {
                    d.workTimeout = workTimeout;
                    d.expiresAfter = plus(now, workTimeout);
                } else {
                    d.workTimeout = null;
                    d.expiresAfter = null;
                }
                transitions.put(d);
                transitions.event(new ServerJobEvent.Running(root, id, d.type, now, runId));
                out.add(d.toJson(false, false));
            }
            return out.build();
        });
    }

    JsonValue getJob(JsonArray p) {
        JsonValue idsArg = Check.arg(p, 0);
        List<String> ids = MeteorMatch.ids(idsArg, "ids");
        boolean single = !(idsArg instanceof JsonArray);
        JsonObject o = MeteorMatch.options(Check.arg(p, 1), "", Map.of("getLog", Check.BOOLEAN, "getFailures", Check.BOOLEAN));
        boolean getLog = o.containsKey("getLog") && MeteorMatch.bool(o.get("getLog"), "getLog");
        boolean getFailures = o.containsKey("getFailures") && MeteorMatch.bool(o.get("getFailures"), "getFailures");
        if (ids.isEmpty()) {
            return JsonValue.NULL;
        }
        // through write(): the answer waits until what it read is durable (group commit)
        return commits.write(() -> {
            JsonArrayBuilder out = JSON.createArrayBuilder();
            int n = 0;
            for (String id : new LinkedHashSet<>(ids)) {
                JobDoc d = store.get(id);
                if (d != null) {
                    JsonObject doc = d.toJson(getLog, getFailures);
                    if (single) {
                        return doc;
                    }
                    out.add(doc);
                    n++;
                }
            }
            return n == 0 ? JsonValue.NULL : out.build();
        });
    }

    JsonValue jobLog(JsonArray p) {
        String id = MeteorMatch.id(Check.arg(p, 0), "id");
        String runId = Check.idOrNull(Check.arg(p, 1), "runId");
        String message = MeteorMatch.string(Check.arg(p, 2), "message");
        JsonObject o = MeteorMatch.options(Check.arg(p, 3), "", Map.of("level", Check.LOG_LEVEL, "data", Check.OBJECT));
        LogLevel level = o.containsKey("level") ? LogLevel.fromWire(o.getString("level")) : INFO;
        JsonObject data = o.containsKey("data") ? o.getJsonObject("data") : null;
        return commits.write(() -> bool(transitions.log(id, runId, message, level, data)));
    }

    JsonValue jobProgress(JsonArray p) {
        String id = MeteorMatch.id(Check.arg(p, 0), "id");
        String runId = MeteorMatch.id(Check.arg(p, 1), "runId");
        double completed = Check.numGTEZero(Check.arg(p, 2), "completed");
        double total = Check.numGTZero(Check.arg(p, 3), "total");
        MeteorMatch.options(Check.arg(p, 4), "", Map.of());
        double percent = 100 * completed / total;
        return commits.write(() -> {
            if (timers.isStopped()) {
                return JsonValue.NULL;
            }
            if (!(total >= completed && percent >= 0 && percent <= 100)) {
                throw MeteorMatch.fail("Failed Match.Where validation: progress completed " + JobDoc.number(completed)
                        + " exceeds total " + JobDoc.number(total));
            }
            JobDoc cur = store.get(id);
            if (cur == null || !runId.equals(cur.runId) || !is(cur, RUNNING)) {
                return JsonValue.FALSE;
            }
            Instant time = transitions.now();
            JobDoc d = cur.copy();
            d.progressCompleted = completed;
            d.progressTotal = total;
            d.progressPercent = percent;
            d.updated = time;
            if (d.workTimeout != null) {
                d.expiresAfter = plus(time, d.workTimeout);
            }
            transitions.put(d);
            transitions.event(new ServerJobEvent.Progress(root, id, d.type, time, runId, percent));
            return JsonValue.TRUE;
        });
    }

    JsonValue jobDone(JsonArray p) {
        String id = MeteorMatch.id(Check.arg(p, 0), "id");
        String runId = MeteorMatch.id(Check.arg(p, 1), "runId");
        JsonObject result = MeteorMatch.object(Check.arg(p, 2), "result");
        JsonObject o = MeteorMatch.options(Check.arg(p, 3), "", Map.of("repeatId", Check.BOOLEAN, "delayDeps", Check.INT_GTE_ZERO));
        boolean repeatId = o.containsKey("repeatId") && MeteorMatch.bool(o.get("repeatId"), "repeatId");
        Long delayDeps = o.containsKey("delayDeps") ? MeteorMatch.intGTEZero(o.get("delayDeps"), "delayDeps") : null;
        return commits.write(() -> {
            JobDoc cur = store.get(id);
            if (cur == null || !runId.equals(cur.runId) || !is(cur, RUNNING)) {
                return JsonValue.FALSE;
            }
            Instant time = transitions.now();
            JobDoc before = cur.copy();
            JobDoc d = cur.copy();
            set(d, COMPLETED);
            d.result = result;
            double total = d.progressTotal == 0 ? 1 : d.progressTotal;
            d.progressCompleted = total;
            d.progressTotal = total;
            d.progressPercent = 100;
            d.updated = time;
            d.log.add(logEntry(time, runId, SUCCESS, "Job Completed", null));
            transitions.put(d);
            transitions.event(new ServerJobEvent.Completed(root, id, d.type, time, runId));
            String jobId = before.repeats > 0 ? repeat(before, time) : null;
            resolveDependents(id, runId, delayDeps, time);
            return repeatId && jobId != null ? JSON.createValue(jobId) : JsonValue.TRUE;
        });
    }

    /** The rerun of a completed repeating job, if its next run is before {@code repeatUntil}; its id or null. */
    private String repeat(JobDoc before, Instant time) {
        if (before.repeatSchedule == null) {
            if (before.repeatUntil.toEpochMilli() - before.repeatWait >= time.toEpochMilli()) {
                return transitions.rerun(before, before.repeats - 1, before.repeatWait, before.repeatUntil, time);
            }
            return null;
        }
        LaterSchedule schedule;
        try {
            schedule = LaterSchedule.parse(before.repeatSchedule);
        } catch (IllegalArgumentException e) {
            LOG.log(System.Logger.Level.WARNING, "job {0}: unusable repeat schedule: {1}", before.id, e.getMessage());
            return null;
        }
        List<Instant> next = schedule.next(2, time);
        if (next.isEmpty()) {
            return null;
        }
        // a job that finished instantly must not rerun on the same occurrence
        long dms = next.get(0).toEpochMilli() - time.toEpochMilli();
        if (dms <= 500 && next.size() <= 1) {
            return null;
        }
        if (dms <= 500) {
            dms = next.get(1).toEpochMilli() - time.toEpochMilli();
        }
        if (before.repeatUntil.toEpochMilli() - dms >= time.toEpochMilli()) {
            return transitions.rerun(before, before.repeats - 1, dms, before.repeatUntil, time);
        }
        return null;
    }

    /** Resolves {@code id} in the jobs that depend on it and promotes those now free. */
    private void resolveDependents(String id, String runId, Long delayDeps, Instant time) {
        List<String> deps = new ArrayList<>(store.dependentsOf(id));
        if (deps.isEmpty()) {
            return;
        }
        for (String depId : deps) {
            JobDoc dep = store.get(depId).copy();
            dep.depends.removeIf(id::equals);
            dep.resolved.add(id);
            if (delayDeps != null) {
                Instant after = plus(time, delayDeps);
                if (after.isAfter(dep.after)) {
                    dep.after = after;
                }
            }
            dep.log.add(JobTransitions.resolvedLog(time, id, runId));
            transitions.put(dep);
        }
        transitions.ready(deps, false, time, time);
    }

    JsonValue jobFail(JsonArray p) {
        String id = MeteorMatch.id(Check.arg(p, 0), "id");
        String runId = MeteorMatch.id(Check.arg(p, 1), "runId");
        JsonObject err = MeteorMatch.object(Check.arg(p, 2), "err");
        JsonObject o = MeteorMatch.options(Check.arg(p, 3), "", Map.of("fatal", Check.BOOLEAN));
        boolean fatal = o.containsKey("fatal") && MeteorMatch.bool(o.get("fatal"), "fatal");
        return commits.write(() -> bool(transitions.fail(id, runId, err, fatal)));
    }
}
