package io.github.meteorjob.server.jobs;

import io.github.meteorjob.JobStatus;
import io.github.meteorjob.server.schedule.LaterSchedule;
import io.github.meteorjob.server.store.JobDoc;
import io.github.meteorjob.server.store.LogEntry;
import io.github.meteorjob.wire.MeteorMatch;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.github.meteorjob.JobStatus.COMPLETED;
import static io.github.meteorjob.JobStatus.PAUSED;
import static io.github.meteorjob.JobStatus.READY;
import static io.github.meteorjob.JobStatus.RUNNING;
import static io.github.meteorjob.JobStatus.WAITING;
import static io.github.meteorjob.server.jobs.JobTransitions.FOREVER;
import static io.github.meteorjob.server.jobs.JobTransitions.JSON;
import static io.github.meteorjob.server.jobs.JobTransitions.is;
import static io.github.meteorjob.server.jobs.JobTransitions.set;
import static io.github.meteorjob.server.jobs.JobTransitions.status;

/**
 * The methods of the {@code creator} role: {@code jobSave} (a new job, or a paused one
 * resubmitted) and {@code jobRerun}. Each checks its parameters first (a bad one changes
 * nothing), then writes through {@link CommitPoint#write}.
 */
final class CreatorMethods extends CollectionPart {

    private static final System.Logger LOG = System.getLogger(JobCollectionServer.class.getName());

    private final JobTransitions transitions;

    CreatorMethods(JobTransitions transitions) {
        super(transitions);
        this.transitions = transitions;
    }

    JsonValue jobSave(JsonArray p) {
        JobDoc doc = JobDocParser.fromClient(Check.arg(p, 0));
        JsonObject o = MeteorMatch.options(Check.arg(p, 1), "", Map.of("cancelRepeats", Check.BOOLEAN));
        boolean cancelRepeats = o.containsKey("cancelRepeats") && MeteorMatch.bool(o.get("cancelRepeats"), "cancelRepeats");
        if (!is(doc, WAITING) && !is(doc, PAUSED)) {
            throw MeteorMatch.fail("Failed Match.Where validation in field status: a saved job must be 'waiting' or 'paused', got '"
                    + doc.status + "'");
        }
        LaterSchedule schedule = doc.repeatSchedule == null ? null : JobDocParser.schedule(doc.repeatSchedule, "repeatWait");
        return commits.write(() -> {
            Instant time = transitions.now();
            if (doc.after.isBefore(time)) {
                doc.after = time;
            }
            if (doc.retryUntil.isBefore(time)) {
                doc.retryUntil = time;
            }
            if (doc.repeatUntil.isBefore(time)) {
                doc.repeatUntil = time;
            }
            if (schedule != null) {
                Optional<Instant> next = schedule.nextAfter(doc.after);
                if (next.isEmpty()) {
                    LOG.log(System.Logger.Level.WARNING, "No valid later.js times in schedule after {0}", doc.after);
                    return JsonValue.NULL;
                }
                if (next.get().isAfter(doc.repeatUntil)) {
                    LOG.log(System.Logger.Level.WARNING, "No valid later.js times in schedule before {0}", doc.repeatUntil);
                    return JsonValue.NULL;
                }
                doc.after = next.get();
            }
            return doc.id != null ? resubmit(doc, time) : saveNew(doc, cancelRepeats, time);
        });
    }

    /** A paused job saved again: takes the new settings and waits again. */
    private JsonValue resubmit(JobDoc doc, Instant time) {
        JobDoc cur = store.get(doc.id);
        if (cur == null || !is(cur, PAUSED) || cur.runId != null) {
            return JsonValue.NULL;
        }
        JobDoc d = cur.copy();
        set(d, WAITING);
        d.data = doc.data;
        d.retries = doc.retries;
        d.repeatRetries = doc.repeatRetries != null ? doc.repeatRetries : doc.retries + doc.retried;
        d.retryUntil = doc.retryUntil;
        d.retryWait = doc.retryWait;
        d.retryBackoff = doc.retryBackoff;
        d.repeats = doc.repeats;
        d.repeatUntil = doc.repeatUntil;
        d.repeatWait = doc.repeatWait;
        d.repeatSchedule = doc.repeatSchedule;
        d.depends = new ArrayList<>(doc.depends);
        d.priority = doc.priority;
        d.after = doc.after;
        d.updated = time;
        d.log.add(LogEntry.of(time, "Job Resubmitted"));
        transitions.put(d);
        transitions.event(new ServerJobEvent.Saved(root, d.id, d.type, time, true));
        return promoteIfFree(d.id, doc.depends, time);
    }

    private JsonValue saveNew(JobDoc doc, boolean cancelRepeats, Instant time) {
        if (doc.repeats == FOREVER && cancelRepeats) {
            // by type and status: finished jobs of the type are never visited
            List<String> cancellable = new ArrayList<>();
            for (JobStatus st : List.of(RUNNING, READY, WAITING, PAUSED)) {
                cancellable.addAll(store.idsByTypeAndStatus(doc.type, st.wireName()));
            }
            for (String id : cancellable) {
                JobDoc other = store.get(id);
                if (other != null && status(other).isCancellable()) {
                    transitions.cancel(List.of(id), false, true);
                }
            }
        }
        doc.created = time;
        doc.log.add(LogEntry.of(time, "Job Submitted"));
        doc.id = Ids.newId();
        transitions.put(doc);
        transitions.event(new ServerJobEvent.Saved(root, doc.id, doc.type, time, false));
        return promoteIfFree(doc.id, doc.depends, time);
    }

    /** Resolves the saved job's dependencies; its id when it may run (promoted if due), else null. */
    private JsonValue promoteIfFree(String id, List<String> depends, Instant time) {
        if (transitions.checkDeps(id, depends)) {
            transitions.ready(List.of(id), false, time, time);
            return JSON.createValue(id);
        }
        return JsonValue.NULL;
    }

    JsonValue jobRerun(JsonArray p) {
        String id = MeteorMatch.id(Check.arg(p, 0), "id");
        JsonValue optsArg = Check.arg(p, 1);
        JsonObject o = MeteorMatch.options(optsArg, "", Map.of("repeats", Check.INT_GTE_ZERO, "until", Check.DATE,
                "wait", (v, f) -> {
                    if (!(MeteorMatch.isInt(v) && MeteorMatch.num(v) >= 0) && !Check.isLaterObject(v)) {
                        throw MeteorMatch.fail("Expected an integer ≥ 0 or a later.js schedule, got " + MeteorMatch.describe(v) + MeteorMatch.where(f));
                    }
                }));
        if (optsArg != null && !o.containsKey("wait")) {
            throw MeteorMatch.fail("Missing key 'wait'");
        }
        long repeats = o.containsKey("repeats") ? MeteorMatch.intGTEZero(o.get("repeats"), "repeats") : 0;
        Instant until = o.containsKey("until") ? MeteorMatch.date(o.get("until"), "until") : null;
        JsonValue wait = o.get("wait");
        LaterSchedule schedule = wait instanceof JsonObject s ? JobDocParser.schedule(s, "wait") : null;
        return commits.write(() -> {
            JobDoc cur = store.get(id);
            if (cur == null || !is(cur, COMPLETED)) {
                return JsonValue.FALSE;
            }
            Instant time = transitions.now();
            long waitMs = 0;
            if (schedule != null) {
                Optional<Instant> next = schedule.next(time);
                if (next.isEmpty()) {
                    return JsonValue.FALSE;
                }
                waitMs = next.get().toEpochMilli() - time.toEpochMilli();
            } else if (wait instanceof JsonNumber n) {
                waitMs = MeteorMatch.intGTEZero(n, "wait");
            }
            return JSON.createValue(transitions.rerun(cur, repeats, waitMs, until == null ? cur.repeatUntil : until, time));
        });
    }
}
