package io.github.meteorjob.server.jobs;

import io.github.meteorjob.JobStatus;
import io.github.meteorjob.LogLevel;
import io.github.meteorjob.server.store.JobDoc;
import io.github.meteorjob.server.store.LogEntry;
import io.github.meteorjob.wire.MeteorMatch;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.function.Predicate;

import static io.github.meteorjob.BackoffMethod.EXPONENTIAL;
import static io.github.meteorjob.JobStatus.CANCELLED;
import static io.github.meteorjob.JobStatus.COMPLETED;
import static io.github.meteorjob.JobStatus.FAILED;
import static io.github.meteorjob.JobStatus.READY;
import static io.github.meteorjob.JobStatus.RUNNING;
import static io.github.meteorjob.JobStatus.WAITING;
import static io.github.meteorjob.LogLevel.DANGER;
import static io.github.meteorjob.LogLevel.INFO;
import static io.github.meteorjob.LogLevel.WARNING;

/**
 * The state changes that several methods (and the timers) share, as job-collection makes them:
 * promote, cancel, fail, rerun, log, resolve dependencies. Every change goes through
 * {@link #put}/{@link #remove}, which write the store and tell the publication, and produces its
 * event. All of it runs under the collection's lock, inside {@link CommitPoint#write}.
 */
final class JobTransitions extends CollectionPart {

    /** Cached: {@code Json.createX} looks the provider up on every call, which costs more than a job. */
    static final jakarta.json.spi.JsonProvider JSON = io.github.meteorjob.ejson.Ejson.provider();

    static final long FOREVER = JobDoc.FOREVER;
    static final long MAX_DATE_MS = JobDoc.FOREVER_DATE.toEpochMilli();

    private final JobsPublication publication;
    private final Clock clock;

    JobTransitions(JobsPublication publication, JobServerOptions options) {
        super(publication);
        this.publication = publication;
        this.clock = options.clock();
    }

    // ---------------------------------------------------------------- the server's edges

    /** A stored job's status as {@code api}'s enum. */
    static JobStatus status(JobDoc d) {
        return JobStatus.fromWire(d.status);
    }

    static boolean is(JobDoc d, JobStatus s) {
        return s.wireName().equals(d.status);
    }

    static void set(JobDoc d, JobStatus s) {
        d.status = s.wireName();
    }

    /** Progress back to 0 of 1, as job-collection resets it when a job starts over or is cancelled. */
    static void resetProgress(JobDoc d) {
        d.progressCompleted = 0;
        d.progressTotal = 1;
        d.progressPercent = 0;
    }

    static LogEntry logEntry(Instant time, String runId, LogLevel level, String message, JsonObject data) {
        return new LogEntry(time, runId, level.wireName(), message, data);
    }

    // ---------------------------------------------------------------- plumbing

    Instant now() {
        return clock.instant();
    }

    void event(ServerJobEvent e) {
        commits.event(e);
    }

    /** Stores {@code d} and tells the publication's observers what changed. */
    void put(JobDoc d) {
        JobDoc old = publication.hasObservers() ? store.get(d.id) : null;
        store.put(d);
        publication.changed(d.id, old, d);
    }

    void remove(JobDoc d) {
        store.remove(d.id);
        publication.changed(d.id, d, null);
    }

    /** {@code t + ms}, saturating at the largest JavaScript date. */
    static Instant plus(Instant t, long ms) {
        long v = t.toEpochMilli() + ms;
        return Instant.ofEpochMilli(v > MAX_DATE_MS || v < t.toEpochMilli() ? MAX_DATE_MS : v);
    }

    static JsonValue bool(boolean b) {
        return b ? JsonValue.TRUE : JsonValue.FALSE;
    }

    private static String display(String id) {
        return id.startsWith(MeteorMatch.OID_PREFIX) ? "ObjectID(" + id.substring(MeteorMatch.OID_PREFIX.length()) + ")" : id;
    }

    // ---------------------------------------------------------------- transitions

    /** job-collection's {@code jobReady}: ids empty = every due waiting job. */
    boolean ready(List<String> ids, boolean force, Instant time, Instant now) {
        List<String> candidates;
        if (ids.isEmpty()) {
            candidates = force ? store.waitingIds(time) : store.promotableIds(time);
        } else {
            candidates = new ArrayList<>(new LinkedHashSet<>(ids));
        }
        int n = 0;
        for (String id : candidates) {
            JobDoc cur = store.get(id);
            if (cur == null || !is(cur, WAITING) || cur.after.isAfter(time)
                    || (!force && !cur.depends.isEmpty())) {
                continue;
            }
            JobDoc d = cur.copy();
            set(d, READY);
            d.updated = now;
            if (!ids.isEmpty()) {
                d.after = now;
            }
            if (force) {
                d.depends = new ArrayList<>(); // dropped, not resolved: they were not
                d.log.add(logEntry(now, null, WARNING, "Dependencies force resolved", null));
            }
            d.log.add(LogEntry.of(now, "Promoted to ready"));
            put(d);
            event(new ServerJobEvent.Promoted(root, id, d.type, now));
            n++;
        }
        return n > 0;
    }

    boolean cancel(List<String> ids, boolean antecedents, boolean dependents) {
        Instant time = now();
        int n = 0;
        for (JobDoc d : copiesOf(ids, JobStatus::isCancellable)) {
            String id = d.id;
            set(d, CANCELLED);
            d.runId = null;
            resetProgress(d);
            d.updated = time;
            d.log.add(logEntry(time, null, WARNING, "Job Cancelled", null));
            put(d);
            event(new ServerJobEvent.Cancelled(root, id, d.type, time));
            n++;
        }
        List<String> more = idsOfDeps(ids, antecedents, dependents, JobStatus::isCancellable);
        boolean depsCancelled = !more.isEmpty() && cancel(more, antecedents, dependents);
        return n > 0 || depsCancelled;
    }

    /**
     * Copies of the jobs of {@code ids} (each once, in order) whose status passes {@code statuses},
     * to change and {@link #put}; a copy per job, so changing one never affects another.
     */
    List<JobDoc> copiesOf(List<String> ids, Predicate<JobStatus> statuses) {
        List<JobDoc> out = new ArrayList<>();
        for (String id : new LinkedHashSet<>(ids)) {
            JobDoc cur = store.get(id);
            if (cur != null && statuses.test(status(cur))) {
                out.add(cur.copy());
            }
        }
        return out;
    }

    /** Jobs depending on {@code ids} and/or jobs {@code ids} depend on, whose status passes {@code statuses}. */
    List<String> idsOfDeps(List<String> ids, boolean antecedents, boolean dependents, Predicate<JobStatus> statuses) {
        LinkedHashSet<String> out = new LinkedHashSet<>();
        if (dependents) {
            for (String id : ids) {
                out.addAll(store.dependentsOf(id));
            }
        }
        if (antecedents) {
            for (String id : ids) {
                JobDoc d = store.get(id);
                if (d != null) {
                    out.addAll(d.depends);
                }
            }
        }
        List<String> result = new ArrayList<>();
        for (String id : out) {
            JobDoc d = store.get(id);
            if (d != null && statuses.test(status(d))) {
                result.add(id);
            }
        }
        return result;
    }

    /** job-collection's {@code jobFail}: retry later or fail for good (then cancel dependents). */
    boolean fail(String id, String runId, JsonObject err, boolean fatal) {
        JobDoc cur = store.get(id);
        if (cur == null || !runId.equals(cur.runId) || !is(cur, RUNNING)) {
            return false;
        }
        Instant time = now();
        double wait = EXPONENTIAL.wireName().equals(cur.retryBackoff)
                ? cur.retryWait * Math.pow(2, cur.retried - 1)
                : cur.retryWait;
        Instant after = plus(time, wait >= MAX_DATE_MS ? MAX_DATE_MS : (long) wait);
        boolean retry = !fatal && cur.retries > 0 && !cur.retryUntil.isBefore(after);
        JobDoc d = cur.copy();
        set(d, retry ? WAITING : FAILED);
        d.runId = null;
        d.after = after;
        d.updated = time;
        if (d.failures == null) {
            d.failures = new ArrayList<>();
        }
        d.failures.add(JSON.createObjectBuilder(err).add("runId", runId).build());
        JsonValue value = err.get("value");
        String msg = "Job Failed with" + (retry ? "" : " Fatal") + " Error"
                + (value instanceof JsonString s ? ": " + s.getString() : "") + ".";
        d.log.add(logEntry(time, runId, retry ? WARNING : DANGER, msg, null));
        put(d);
        if (retry) {
            event(new ServerJobEvent.Retrying(root, id, d.type, time, runId, after));
        } else {
            event(new ServerJobEvent.Failed(root, id, d.type, time, runId, fatal));
            for (String dep : new ArrayList<>(store.dependentsOf(id))) {
                cancel(List.of(dep), false, true);
            }
        }
        return true;
    }

    /** job-collection's {@code _rerun_job}: a new waiting copy of {@code doc}; its id. */
    String rerun(JobDoc doc, long repeats, long waitMs, Instant repeatUntil, Instant time) {
        JobDoc n = doc.copy();
        String oldId = doc.id;
        String oldRunId = doc.runId;
        n.id = Ids.newId();
        n.result = null;
        n.failures = null;
        n.expiresAfter = null;
        n.workTimeout = null;
        n.runId = null;
        set(n, WAITING);
        n.repeatRetries = doc.repeatRetries != null ? doc.repeatRetries : doc.retries + doc.retried;
        n.retries = Math.min(n.repeatRetries, FOREVER);
        n.retryUntil = repeatUntil;
        n.retried = 0;
        n.repeats = Math.min(repeats, FOREVER);
        n.repeatUntil = repeatUntil;
        n.repeated = doc.repeated + 1;
        n.updated = time;
        n.created = time;
        resetProgress(n);
        JsonObject data = JSON.createObjectBuilder().add("previousJob", JSON.createObjectBuilder()
                .add("id", oldId).add("runId", oldRunId == null ? JsonValue.NULL : JSON.createValue(oldRunId))).build();
        n.log = new ArrayList<>(List.of(logEntry(time, null, INFO, "Rerunning job", data)));
        n.after = plus(time, waitMs);
        put(n);
        event(new ServerJobEvent.Saved(root, n.id, n.type, time, false));
        ready(List.of(n.id), false, time, time);
        return n.id;
    }

    /** Adds a log entry (and renews a running job's lease); false when the job does not exist. */
    boolean log(String id, String runId, String message, LogLevel level, JsonObject data) {
        JobDoc cur = store.get(id);
        if (cur == null) {
            return false;
        }
        Instant time = now();
        JobDoc d = cur.copy();
        d.log.add(logEntry(time, runId, level, message, data));
        d.updated = time;
        if (d.workTimeout != null && is(d, RUNNING)) {
            d.expiresAfter = plus(time, d.workTimeout);
        }
        put(d);
        event(new ServerJobEvent.Logged(root, id, d.type, time, runId, level));
        return true;
    }

    /** job-collection's {@code _checkDeps(job, false)}; false when the job had to be cancelled. */
    boolean checkDeps(String jobId, List<String> depends) {
        if (depends.isEmpty()) {
            return true;
        }
        boolean cancel = false;
        List<String> resolvedIds = new ArrayList<>();
        List<LogEntry> logs = new ArrayList<>();
        Instant time = now();
        for (String dep : new LinkedHashSet<>(depends)) {
            JobDoc a = store.get(dep);
            if (a == null) {
                log(jobId, null, "Antecedent job " + display(dep) + " missing at save", INFO, null);
                cancel = true;
                continue;
            }
            JobStatus s = status(a);
            if (s == COMPLETED) {
                resolvedIds.add(a.id);
                logs.add(resolvedLog(time, a.id, a.runId));
            } else if (s == FAILED || s == CANCELLED) {
                cancel = true;
                log(jobId, null, "Antecedent job " + s.wireName() + " before save", INFO, null);
            }
            // otherwise still pending: stays in depends
        }
        if (!resolvedIds.isEmpty()) {
            JobDoc cur = store.get(jobId);
            if (cur != null && is(cur, WAITING)) {
                JobDoc d = cur.copy();
                d.depends.removeAll(resolvedIds);
                d.resolved.addAll(resolvedIds);
                d.log.addAll(logs);
                put(d);
            }
        }
        if (cancel) {
            cancel(List.of(jobId), false, true);
            return false;
        }
        return true;
    }

    /** The log entry of a dependent job whose antecedent {@code id} completed. */
    static LogEntry resolvedLog(Instant time, String id, String runId) {
        JsonObject data = JSON.createObjectBuilder().add("dependency", JSON.createObjectBuilder()
                .add("id", id).add("runId", runId == null ? JsonValue.NULL : JSON.createValue(runId))).build();
        return logEntry(time, null, INFO, "Dependency resolved", data);
    }
}
