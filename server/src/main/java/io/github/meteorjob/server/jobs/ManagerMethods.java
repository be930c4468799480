package io.github.meteorjob.server.jobs;

import io.github.meteorjob.JobStatus;
import io.github.meteorjob.server.store.JobDoc;
import io.github.meteorjob.server.store.LogEntry;
import io.github.meteorjob.wire.MeteorMatch;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

import static io.github.meteorjob.JobStatus.PAUSED;
import static io.github.meteorjob.JobStatus.WAITING;
import static io.github.meteorjob.server.jobs.JobTransitions.FOREVER;
import static io.github.meteorjob.server.jobs.JobTransitions.bool;
import static io.github.meteorjob.server.jobs.JobTransitions.is;
import static io.github.meteorjob.server.jobs.JobTransitions.resetProgress;
import static io.github.meteorjob.server.jobs.JobTransitions.set;
import static io.github.meteorjob.server.jobs.JobTransitions.status;

/**
 * The methods of the {@code manager} role: {@code jobPause}, {@code jobResume},
 * {@code jobRemove}, {@code jobReady}, {@code jobCancel}, {@code jobRestart}. Each checks its
 * parameters first (a bad one changes nothing), then writes through {@link CommitPoint#write}.
 */
final class ManagerMethods extends CollectionPart {

    /** The three methods that take {@code (ids, {})} and change each job on its own. */
    enum Simple { PAUSE, RESUME, REMOVE }

    private final JobTransitions transitions;

    ManagerMethods(JobTransitions transitions) {
        super(transitions);
        this.transitions = transitions;
    }

    /** {@code jobPause}, {@code jobResume} or {@code jobRemove}. */
    JsonValue simple(JsonArray p, Simple method) {
        List<String> ids = MeteorMatch.ids(Check.arg(p, 0), "ids");
        MeteorMatch.options(Check.arg(p, 1), "", Map.of());
        if (ids.isEmpty()) {
            return JsonValue.FALSE;
        }
        return commits.write(() -> {
            Instant time = transitions.now();
            int n = 0;
            List<String> resumed = new ArrayList<>();
            for (String id : new LinkedHashSet<>(ids)) {
                JobDoc cur = store.get(id);
                if (cur == null) {
                    continue;
                }
                boolean changed = switch (method) {
                    case PAUSE -> status(cur).isPausable() && move(cur, PAUSED, "Job Paused", ServerJobEvent.Paused::new, time);
                    case RESUME -> is(cur, PAUSED) && move(cur, WAITING, "Job Resumed", ServerJobEvent.Resumed::new, time)
                            && resumed.add(id);
                    case REMOVE -> status(cur).isRemovable() && remove(cur, time);
                };
                if (changed) {
                    n++;
                }
            }
            if (!resumed.isEmpty()) {
                transitions.ready(resumed, false, time, time);
            }
            return bool(n > 0);
        });
    }

    /** The event of a pause or resume. */
    @FunctionalInterface
    private interface StatusEvent {
        ServerJobEvent of(String root, String jobId, String type, Instant time);
    }

    /** Pause or resume: the new status, a log entry and the event. */
    private boolean move(JobDoc cur, JobStatus to, String message, StatusEvent event, Instant time) {
        JobDoc d = cur.copy();
        set(d, to);
        d.updated = time;
        d.log.add(LogEntry.of(time, message));
        transitions.put(d);
        transitions.event(event.of(root, d.id, d.type, time));
        return true;
    }

    private boolean remove(JobDoc cur, Instant time) {
        transitions.remove(cur);
        transitions.event(new ServerJobEvent.Removed(root, cur.id, cur.type, time));
        return true;
    }

    JsonValue jobReady(JsonArray p) {
        List<String> ids = MeteorMatch.ids(Check.arg(p, 0), "ids");
        JsonObject o = MeteorMatch.options(Check.arg(p, 1), "", Map.of("force", Check.BOOLEAN, "time", Check.DATE));
        boolean force = o.containsKey("force") && MeteorMatch.bool(o.get("force"), "force");
        Instant at = o.containsKey("time") ? MeteorMatch.date(o.get("time"), "time") : null;
        return commits.write(() -> {
            Instant now = transitions.now();
            return bool(transitions.ready(ids, force, at == null ? now : at, now));
        });
    }

    JsonValue jobCancel(JsonArray p) {
        List<String> ids = MeteorMatch.ids(Check.arg(p, 0), "ids");
        JsonObject o = MeteorMatch.options(Check.arg(p, 1), "", Map.of("antecedents", Check.BOOLEAN, "dependents", Check.BOOLEAN));
        boolean antecedents = o.containsKey("antecedents") && MeteorMatch.bool(o.get("antecedents"), "antecedents");
        boolean dependents = !o.containsKey("dependents") || MeteorMatch.bool(o.get("dependents"), "dependents");
        if (ids.isEmpty()) {
            return JsonValue.FALSE;
        }
        return commits.write(() -> bool(transitions.cancel(ids, antecedents, dependents)));
    }

    JsonValue jobRestart(JsonArray p) {
        List<String> ids = MeteorMatch.ids(Check.arg(p, 0), "ids");
        JsonObject o = MeteorMatch.options(Check.arg(p, 1), "", Map.of("retries", Check.INT_GTE_ZERO, "until", Check.DATE,
                "antecedents", Check.BOOLEAN, "dependents", Check.BOOLEAN));
        long retries = o.containsKey("retries") ? MeteorMatch.intGTEZero(o.get("retries"), "retries") : 1;
        Instant until = o.containsKey("until") ? MeteorMatch.date(o.get("until"), "until") : null;
        boolean antecedents = !o.containsKey("antecedents") || MeteorMatch.bool(o.get("antecedents"), "antecedents");
        boolean dependents = o.containsKey("dependents") && MeteorMatch.bool(o.get("dependents"), "dependents");
        if (ids.isEmpty()) {
            return JsonValue.FALSE;
        }
        return commits.write(() -> bool(restart(ids, retries, until, antecedents, dependents)));
    }

    private boolean restart(List<String> ids, long retries, Instant until, boolean antecedents, boolean dependents) {
        Instant time = transitions.now();
        int n = 0;
        for (JobDoc d : transitions.copiesOf(ids, JobStatus::isRestartable)) {
            set(d, WAITING);
            resetProgress(d);
            d.updated = time;
            d.retries = Math.min(FOREVER, d.retries + retries);
            if (until != null) {
                d.retryUntil = until;
            }
            d.log.add(LogEntry.of(time, "Job Restarted"));
            transitions.put(d);
            transitions.event(new ServerJobEvent.Restarted(root, d.id, d.type, time));
            n++;
        }
        List<String> more = transitions.idsOfDeps(ids, antecedents, dependents, JobStatus::isRestartable);
        boolean depsRestarted = !more.isEmpty() && restart(more, retries, until, antecedents, dependents);
        if (n > 0 || depsRestarted) {
            transitions.ready(ids, false, time, time);
            return true;
        }
        return false;
    }
}
