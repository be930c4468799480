package io.github.meteorjob.server.jobs;

import io.github.meteorjob.DdpException;
import io.github.meteorjob.server.ddp.MethodInvocation;
import io.github.meteorjob.server.ddp.MethodRegistry;
import io.github.meteorjob.server.ddp.PublicationContext;
import io.github.meteorjob.server.schedule.LaterSchedule;
import io.github.meteorjob.server.store.JobDoc;
import io.github.meteorjob.server.store.JobStore;
import io.github.meteorjob.server.store.LogEntry;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One job-collection root served with Meteor job-collection's semantics (docs/protocol.md §2–§4): its DDP
 * methods {@code <root>_<method>}, its publication {@code <root>.jobs}, the same operations as a
 * Java API ({@link #call(String, JsonArray)} with the wire parameters), and lifecycle events.
 *
 * <p>Like job-collection, the server starts <em>stopped</em>: {@code getWork} hands out nothing
 * and time-based promotion is off until {@code startJobServer}. Unlike job-collection, waiting
 * jobs are promoted when their {@code after} arrives (a timer armed on the earliest one) and
 * running jobs are failed when their {@code expiresAfter} passes, instead of on a 15 s heartbeat;
 * the periodic sweep ({@link JobServerOptions#promoteInterval()}) remains as a safety net.
 *
 * <p>Thread safe: all writes of one root are serialized by one lock, and each method answers only
 * once its writes are durable in the store (a commit made outside the lock, which covers the
 * writes of every caller waiting for it: group commit).
 */
public final class JobCollectionServer implements AutoCloseable {

    /** Cached: {@code Json.createX} looks the provider up on every call, which costs more than a job. */
    private static final jakarta.json.spi.JsonProvider JSON = io.github.meteorjob.ejson.Ejson.provider();

    private static final System.Logger LOG = System.getLogger(JobCollectionServer.class.getName());

    /** Permission levels per method, as job-collection's {@code ddpMethodPermissions}. */
    public static final Map<String, Set<String>> METHOD_LEVELS;

    static final Set<String> CANCELLABLE = Set.of("running", "ready", "waiting", "paused");
    static final Set<String> PAUSABLE = Set.of("ready", "waiting");
    static final Set<String> REMOVABLE = Set.of("cancelled", "completed", "failed");
    static final Set<String> RESTARTABLE = Set.of("cancelled", "failed");
    private static final long FOREVER = JobDoc.FOREVER;
    private static final long MAX_DATE_MS = JobDoc.FOREVER_DATE.toEpochMilli();
    /** Longest single wait of the promotion timer; see {@link #armWakeup()}. */
    private static final Duration MAX_TIMER_DELAY = Duration.ofDays(1);

    static {
        Map<String, Set<String>> m = new LinkedHashMap<>();
        for (String s : List.of("startJobServer", "shutdownJobServer", "startJobs", "stopJobs")) {
            m.put(s, Set.of("admin"));
        }
        for (String s : List.of("jobRemove", "jobPause", "jobResume", "jobCancel", "jobReady", "jobRestart")) {
            m.put(s, Set.of("admin", "manager"));
        }
        for (String s : List.of("jobSave", "jobRerun")) {
            m.put(s, Set.of("admin", "creator"));
        }
        for (String s : List.of("getWork", "getJob", "jobLog", "jobProgress", "jobDone", "jobFail")) {
            m.put(s, Set.of("admin", "worker"));
        }
        METHOD_LEVELS = Collections.unmodifiableMap(m);
    }

    private final String root;
    private final JobStore store;
    private final JobServerOptions options;
    private final List<JobEventListener> listeners = new CopyOnWriteArrayList<>();
    private final List<Observer> observers = new CopyOnWriteArrayList<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final ScheduledExecutorService scheduler;
    private final boolean ownScheduler;

    // guarded by lock
    private boolean stopped = true;
    private boolean closed;
    private ScheduledFuture<?> shutdownTimer;
    private ScheduledFuture<?> sweep;
    private ScheduledFuture<?> wakeup;
    private Instant wakeupAt;
    private final List<JobEvent> pendingEvents = new ArrayList<>();
    private final java.util.Queue<Pending> outbox = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private final java.util.concurrent.atomic.AtomicBoolean delivering = new java.util.concurrent.atomic.AtomicBoolean();
    /** The highest commit ticket known durable: events up to it may be delivered. */
    private final java.util.concurrent.atomic.AtomicLong durableTicket = new java.util.concurrent.atomic.AtomicLong();

    /**
     * Serves {@code root} from {@code store}. Starts stopped; call {@code startJobServer} (over DDP
     * or {@link #startJobServer()}) to hand out work.
     */
    public JobCollectionServer(String root, JobStore store, JobServerOptions options) {
        this.root = Objects.requireNonNull(root, "root");
        this.store = Objects.requireNonNull(store, "store");
        this.options = Objects.requireNonNull(options, "options");
        if (root.isEmpty()) {
            throw new IllegalArgumentException("collection root must not be empty");
        }
        if (options.scheduler() != null) {
            this.scheduler = options.scheduler();
            this.ownScheduler = false;
        } else {
            this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "job-server-" + root);
                t.setDaemon(true);
                return t;
            });
            this.ownScheduler = true;
        }
    }

    /** The collection root, e.g. {@code "jobPile"}. */
    public String root() {
        return root;
    }

    /** The store this collection writes to. */
    public JobStore store() {
        return store;
    }

    /** Whether the job server is started (hands out work and promotes on time). */
    public boolean isStarted() {
        lock.lock();
        try {
            return !stopped;
        } finally {
            lock.unlock();
        }
    }

    /** Registers every {@code <root>_<method>} and the publication {@code <root>.jobs}. */
    public void register(MethodRegistry registry) {
        for (var e : METHOD_LEVELS.entrySet()) {
            String method = e.getKey();
            Set<String> levels = new LinkedHashSet<>(e.getValue());
            levels.remove("admin");
            registry.method(root + "_" + method, levels, (inv, params) -> call(inv, method, params));
        }
        registry.publication(root + ".jobs", Set.of("manager", "creator", "worker"), this::publish);
    }

    /** Calls a method (name without the root prefix, e.g. {@code "getWork"}) as the server itself. */
    public JsonValue call(String method, JsonArray params) {
        return call(MethodInvocation.INTERNAL, method, params);
    }

    /**
     * Calls a method (name without the root prefix) on behalf of {@code invocation}, with the
     * parameters as they arrive on the wire (EJSON). Permission checks are the transport's job.
     *
     * @throws DdpException 400 "Match failed" for bad parameters (nothing changes), 404 for an
     *                      unknown method
     */
    public JsonValue call(MethodInvocation invocation, String method, JsonArray params) {
        JsonArray p = params == null ? JsonValue.EMPTY_JSON_ARRAY : params;
        return switch (method) {
            case "startJobServer", "startJobs" -> startJobServer(Check.arg(p, 0));
            case "shutdownJobServer", "stopJobs" -> shutdownJobServer(Check.arg(p, 0));
            case "getWork" -> getWork(p);
            case "getJob" -> getJob(p);
            case "jobSave" -> jobSave(p);
            case "jobLog" -> jobLog(p);
            case "jobProgress" -> jobProgress(p);
            case "jobDone" -> jobDone(p);
            case "jobFail" -> jobFail(p);
            case "jobPause" -> simple(p, "jobPause");
            case "jobResume" -> simple(p, "jobResume");
            case "jobRemove" -> simple(p, "jobRemove");
            case "jobReady" -> jobReady(p);
            case "jobCancel" -> jobCancel(p);
            case "jobRestart" -> jobRestart(p);
            case "jobRerun" -> jobRerun(p);
            default -> throw new DdpException(404, "Method '" + root + "_" + method + "' not found");
        };
    }

    // ================================================================== typed convenience API

    /** {@code startJobServer}: hand out work and promote on time from now on. */
    public boolean startJobServer() {
        return startJobServer(null) == JsonValue.TRUE;
    }

    /** {@code shutdownJobServer}: stop handing out work; fail jobs still running after {@code timeout}. */
    public boolean shutdownJobServer(Duration timeout) {
        return shutdownJobServer(JSON.createObjectBuilder().add("timeout", Math.min(FOREVER, saturatedMillis(timeout, 1))).build())
                == JsonValue.TRUE;
    }

    /** The full document of a job (with log and failures), if it exists. */
    public Optional<JsonObject> job(String id) {
        // through write(): the answer waits until what it read is durable (group commit)
        return write(() -> {
            JobDoc d = store.get(id);
            return d == null ? Optional.<JsonObject>empty() : Optional.of(d.toJson(true, true));
        });
    }

    /** Number of jobs in the collection. */
    public int size() {
        lock.lock();
        try {
            return store.size();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Runs the promotion sweep now (what the timers and the periodic sweep do): when started,
     * fails running jobs past {@code expiresAfter} and promotes due waiting jobs.
     */
    public void promote() {
        write(this::sweep);
    }

    // ================================================================== methods

    private JsonValue startJobServer(JsonValue opts) {
        Check.options(opts, "", Map.of());
        return write(() -> {
            if (closed) {
                throw new DdpException(503, "Job server for '" + root + "' is closed");
            }
            if (shutdownTimer != null) {
                shutdownTimer.cancel(false);
                shutdownTimer = null;
            }
            stopped = false;
            if (sweep == null) {
                long ms = saturatedMillis(options.promoteInterval(), 1);
                sweep = scheduler.scheduleWithFixedDelay(this::timerSweep, ms, ms, TimeUnit.MILLISECONDS);
            }
            sweep();
            return JsonValue.TRUE;
        });
    }

    private JsonValue shutdownJobServer(JsonValue opts) {
        JsonObject o = Check.options(opts, "", Map.of("timeout", Check.INT_GTE_ONE));
        long timeout = o.containsKey("timeout") ? Check.intGTEOne(o.get("timeout"), "timeout") : 60_000;
        return write(() -> {
            if (shutdownTimer != null) {
                shutdownTimer.cancel(false);
            }
            stopped = true;
            cancelWakeup();
            if (!closed) {
                shutdownTimer = scheduler.schedule(this::failRunningAtShutdown, timeout, TimeUnit.MILLISECONDS);
            }
            return JsonValue.TRUE;
        });
    }

    private void failRunningAtShutdown() {
        try {
            write(() -> {
                if (!stopped) {
                    return null; // restarted meanwhile
                }
                shutdownTimer = null;
                List<String> running = new ArrayList<>(store.idsByStatus("running"));
                if (!running.isEmpty()) {
                    LOG.log(System.Logger.Level.WARNING, "Failing {0} jobs of {1} on job server shutdown", running.size(), root);
                }
                JsonObject err = JSON.createObjectBuilder().add("value", "Running at Job Server shutdown.").build();
                for (String id : running) {
                    JobDoc d = store.get(id);
                    if (d != null && d.runId != null) {
                        fail(id, d.runId, err, false);
                    }
                }
                return null;
            });
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "job server shutdown of " + root + " failed", e);
        }
    }

    private JsonValue getWork(JsonArray p) {
        JsonValue t = Check.arg(p, 0);
        List<String> types = new ArrayList<>();
        if (t instanceof JsonArray a) {
            for (int i = 0; i < a.size(); i++) {
                types.add(Check.string(a.get(i), "type[" + i + "]"));
            }
        } else {
            types.add(Check.string(t, "type"));
        }
        JsonObject o = Check.options(Check.arg(p, 1), "", Map.of("maxJobs", Check.INT_GTE_ONE, "workTimeout", Check.INT_GTE_ONE));
        long maxJobs = o.containsKey("maxJobs") ? Check.intGTEOne(o.get("maxJobs"), "maxJobs") : 1;
        Long workTimeout = o.containsKey("workTimeout") ? Check.intGTEOne(o.get("workTimeout"), "workTimeout") : null;
        return write(() -> {
            if (stopped) {
                return JsonValue.EMPTY_JSON_ARRAY;
            }
            List<String> ids = store.readyIds(types, (int) Math.min(maxJobs, 100_000));
            if (ids.isEmpty()) {
                return JsonValue.EMPTY_JSON_ARRAY;
            }
            Instant now = now();
            String runId = Ids.newId();
            JsonArrayBuilder out = JSON.createArrayBuilder();
            for (String id : ids) {
                JobDoc d = store.get(id).copy();
                d.status = "running";
                d.runId = runId;
                d.updated = now;
                d.retries -= 1;
                d.retried += 1;
                d.log.add(new LogEntry(now, runId, "info", "Job Running", null));
                if (workTimeout != null) {
                    d.workTimeout = workTimeout;
                    d.expiresAfter = plus(now, workTimeout);
                } else {
                    d.workTimeout = null;
                    d.expiresAfter = null;
                }
                put(d);
                event(new JobEvent.Running(root, id, d.type, now, runId));
                out.add(d.toJson(false, false));
            }
            return out.build();
        });
    }

    private JsonValue getJob(JsonArray p) {
        JsonValue idsArg = Check.arg(p, 0);
        List<String> ids = Check.ids(idsArg, "ids");
        boolean single = !(idsArg instanceof JsonArray);
        JsonObject o = Check.options(Check.arg(p, 1), "", Map.of("getLog", Check.BOOLEAN, "getFailures", Check.BOOLEAN));
        boolean getLog = o.containsKey("getLog") && Check.bool(o.get("getLog"), "getLog");
        boolean getFailures = o.containsKey("getFailures") && Check.bool(o.get("getFailures"), "getFailures");
        if (ids.isEmpty()) {
            return JsonValue.NULL;
        }
        // through write(): the answer waits until what it read is durable (group commit)
        return write(() -> {
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

    private JsonValue jobSave(JsonArray p) {
        JobDoc doc = JobDocs.fromClient(Check.arg(p, 0));
        JsonObject o = Check.options(Check.arg(p, 1), "", Map.of("cancelRepeats", Check.BOOLEAN));
        boolean cancelRepeats = o.containsKey("cancelRepeats") && Check.bool(o.get("cancelRepeats"), "cancelRepeats");
        if (!"waiting".equals(doc.status) && !"paused".equals(doc.status)) {
            throw Check.fail("Failed Match.Where validation in field status: a saved job must be 'waiting' or 'paused', got '"
                    + doc.status + "'");
        }
        LaterSchedule schedule = doc.repeatSchedule == null ? null : JobDocs.schedule(doc.repeatSchedule, "repeatWait");
        return write(() -> {
            Instant time = now();
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
            if (doc.id != null) {
                JobDoc cur = store.get(doc.id);
                if (cur == null || !"paused".equals(cur.status) || cur.runId != null) {
                    return JsonValue.NULL;
                }
                JobDoc d = cur.copy();
                d.status = "waiting";
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
                put(d);
                event(new JobEvent.Saved(root, d.id, d.type, time, true));
                if (checkDeps(d.id, doc.depends)) {
                    ready(List.of(d.id), false, time, time);
                    return JSON.createValue(d.id);
                }
                return JsonValue.NULL;
            }
            if (doc.repeats == FOREVER && cancelRepeats) {
                // by type and status: finished jobs of the type are never visited
                List<String> cancellable = new ArrayList<>();
                for (String st : List.of("running", "ready", "waiting", "paused")) {
                    cancellable.addAll(store.idsByTypeAndStatus(doc.type, st));
                }
                for (String id : cancellable) {
                    JobDoc other = store.get(id);
                    if (other != null && CANCELLABLE.contains(other.status)) {
                        cancel(List.of(id), false, true);
                    }
                }
            }
            doc.created = time;
            doc.log.add(LogEntry.of(time, "Job Submitted"));
            doc.id = Ids.newId();
            put(doc);
            event(new JobEvent.Saved(root, doc.id, doc.type, time, false));
            if (checkDeps(doc.id, doc.depends)) {
                ready(List.of(doc.id), false, time, time);
                return JSON.createValue(doc.id);
            }
            return JsonValue.NULL;
        });
    }

    /** job-collection's {@code _checkDeps(job, false)}; false when the job had to be cancelled. */
    private boolean checkDeps(String jobId, List<String> depends) {
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
                log(jobId, null, "Antecedent job " + display(dep) + " missing at save", "info", null);
                cancel = true;
                continue;
            }
            switch (a.status) {
                case "completed" -> {
                    resolvedIds.add(a.id);
                    logs.add(resolvedLog(time, a.id, a.runId));
                }
                case "failed" -> {
                    cancel = true;
                    log(jobId, null, "Antecedent job failed before save", "info", null);
                }
                case "cancelled" -> {
                    cancel = true;
                    log(jobId, null, "Antecedent job cancelled before save", "info", null);
                }
                default -> {
                    // still pending: stays in depends
                }
            }
        }
        if (!resolvedIds.isEmpty()) {
            JobDoc cur = store.get(jobId);
            if (cur != null && "waiting".equals(cur.status)) {
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

    private static LogEntry resolvedLog(Instant time, String id, String runId) {
        JsonObject data = JSON.createObjectBuilder().add("dependency", JSON.createObjectBuilder()
                .add("id", id).add("runId", runId == null ? JsonValue.NULL : JSON.createValue(runId))).build();
        return new LogEntry(time, null, "info", "Dependency resolved", data);
    }

    private JsonValue jobLog(JsonArray p) {
        String id = Check.id(Check.arg(p, 0), "id");
        String runId = Check.idOrNull(Check.arg(p, 1), "runId");
        String message = Check.string(Check.arg(p, 2), "message");
        JsonObject o = Check.options(Check.arg(p, 3), "", Map.of("level", Check.LOG_LEVEL, "data", Check.OBJECT));
        String level = o.containsKey("level") ? o.getString("level") : "info";
        JsonObject data = o.containsKey("data") ? o.getJsonObject("data") : null;
        return write(() -> bool(log(id, runId, message, level, data)));
    }

    private boolean log(String id, String runId, String message, String level, JsonObject data) {
        JobDoc cur = store.get(id);
        if (cur == null) {
            return false;
        }
        Instant time = now();
        JobDoc d = cur.copy();
        d.log.add(new LogEntry(time, runId, level, message, data));
        d.updated = time;
        if (d.workTimeout != null && "running".equals(d.status)) {
            d.expiresAfter = plus(time, d.workTimeout);
        }
        put(d);
        event(new JobEvent.Logged(root, id, d.type, time, runId, level));
        return true;
    }

    private JsonValue jobProgress(JsonArray p) {
        String id = Check.id(Check.arg(p, 0), "id");
        String runId = Check.id(Check.arg(p, 1), "runId");
        double completed = Check.numGTEZero(Check.arg(p, 2), "completed");
        double total = Check.numGTZero(Check.arg(p, 3), "total");
        Check.options(Check.arg(p, 4), "", Map.of());
        double percent = 100 * completed / total;
        return write(() -> {
            if (stopped) {
                return JsonValue.NULL;
            }
            if (!(total >= completed && percent >= 0 && percent <= 100)) {
                throw Check.fail("Failed Match.Where validation: progress completed " + JobDoc.number(completed)
                        + " exceeds total " + JobDoc.number(total));
            }
            JobDoc cur = store.get(id);
            if (cur == null || !runId.equals(cur.runId) || !"running".equals(cur.status)) {
                return JsonValue.FALSE;
            }
            Instant time = now();
            JobDoc d = cur.copy();
            d.progressCompleted = completed;
            d.progressTotal = total;
            d.progressPercent = percent;
            d.updated = time;
            if (d.workTimeout != null) {
                d.expiresAfter = plus(time, d.workTimeout);
            }
            put(d);
            event(new JobEvent.Progress(root, id, d.type, time, runId, percent));
            return JsonValue.TRUE;
        });
    }

    private JsonValue jobDone(JsonArray p) {
        String id = Check.id(Check.arg(p, 0), "id");
        String runId = Check.id(Check.arg(p, 1), "runId");
        JsonObject result = Check.object(Check.arg(p, 2), "result");
        JsonObject o = Check.options(Check.arg(p, 3), "", Map.of("repeatId", Check.BOOLEAN, "delayDeps", Check.INT_GTE_ZERO));
        boolean repeatId = o.containsKey("repeatId") && Check.bool(o.get("repeatId"), "repeatId");
        Long delayDeps = o.containsKey("delayDeps") ? Check.intGTEZero(o.get("delayDeps"), "delayDeps") : null;
        LaterSchedule[] schedule = new LaterSchedule[1];
        return write(() -> {
            JobDoc cur = store.get(id);
            if (cur == null || !runId.equals(cur.runId) || !"running".equals(cur.status)) {
                return JsonValue.FALSE;
            }
            Instant time = now();
            JobDoc before = cur.copy();
            JobDoc d = cur.copy();
            d.status = "completed";
            d.result = result;
            double total = d.progressTotal == 0 ? 1 : d.progressTotal;
            d.progressCompleted = total;
            d.progressTotal = total;
            d.progressPercent = 100;
            d.updated = time;
            d.log.add(new LogEntry(time, runId, "success", "Job Completed", null));
            put(d);
            event(new JobEvent.Completed(root, id, d.type, time, runId));
            String jobId = null;
            if (before.repeats > 0) {
                if (before.repeatSchedule == null) {
                    if (before.repeatUntil.toEpochMilli() - before.repeatWait >= time.toEpochMilli()) {
                        jobId = rerun(before, before.repeats - 1, before.repeatWait, before.repeatUntil, time);
                    }
                } else {
                    try {
                        schedule[0] = LaterSchedule.parse(before.repeatSchedule);
                    } catch (IllegalArgumentException e) {
                        LOG.log(System.Logger.Level.WARNING, "job {0}: unusable repeat schedule: {1}", id, e.getMessage());
                    }
                    if (schedule[0] != null) {
                        List<Instant> next = schedule[0].next(2, time);
                        if (!next.isEmpty()) {
                            // a job that finished instantly must not rerun on the same occurrence
                            long dms = next.get(0).toEpochMilli() - time.toEpochMilli();
                            if (dms > 500 || next.size() > 1) {
                                if (dms <= 500) {
                                    dms = next.get(1).toEpochMilli() - time.toEpochMilli();
                                }
                                if (before.repeatUntil.toEpochMilli() - dms >= time.toEpochMilli()) {
                                    jobId = rerun(before, before.repeats - 1, dms, before.repeatUntil, time);
                                }
                            }
                        }
                    }
                }
            }
            List<String> deps = new ArrayList<>(store.dependentsOf(id));
            if (!deps.isEmpty()) {
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
                    dep.log.add(resolvedLog(time, id, runId));
                    put(dep);
                }
                ready(deps, false, time, time);
            }
            return repeatId && jobId != null ? JSON.createValue(jobId) : JsonValue.TRUE;
        });
    }

    /** job-collection's {@code _rerun_job}: a new waiting copy of {@code doc}; its id. */
    private String rerun(JobDoc doc, long repeats, long waitMs, Instant repeatUntil, Instant time) {
        JobDoc n = doc.copy();
        String oldId = doc.id;
        String oldRunId = doc.runId;
        n.id = Ids.newId();
        n.result = null;
        n.failures = null;
        n.expiresAfter = null;
        n.workTimeout = null;
        n.runId = null;
        n.status = "waiting";
        n.repeatRetries = doc.repeatRetries != null ? doc.repeatRetries : doc.retries + doc.retried;
        n.retries = Math.min(n.repeatRetries, FOREVER);
        n.retryUntil = repeatUntil;
        n.retried = 0;
        n.repeats = Math.min(repeats, FOREVER);
        n.repeatUntil = repeatUntil;
        n.repeated = doc.repeated + 1;
        n.updated = time;
        n.created = time;
        n.progressCompleted = 0;
        n.progressTotal = 1;
        n.progressPercent = 0;
        JsonObject data = JSON.createObjectBuilder().add("previousJob", JSON.createObjectBuilder()
                .add("id", oldId).add("runId", oldRunId == null ? JsonValue.NULL : JSON.createValue(oldRunId))).build();
        n.log = new ArrayList<>(List.of(new LogEntry(time, null, "info", "Rerunning job", data)));
        n.after = plus(time, waitMs);
        put(n);
        event(new JobEvent.Saved(root, n.id, n.type, time, false));
        ready(List.of(n.id), false, time, time);
        return n.id;
    }

    private JsonValue jobFail(JsonArray p) {
        String id = Check.id(Check.arg(p, 0), "id");
        String runId = Check.id(Check.arg(p, 1), "runId");
        JsonObject err = Check.object(Check.arg(p, 2), "err");
        JsonObject o = Check.options(Check.arg(p, 3), "", Map.of("fatal", Check.BOOLEAN));
        boolean fatal = o.containsKey("fatal") && Check.bool(o.get("fatal"), "fatal");
        return write(() -> bool(fail(id, runId, err, fatal)));
    }

    private boolean fail(String id, String runId, JsonObject err, boolean fatal) {
        JobDoc cur = store.get(id);
        if (cur == null || !runId.equals(cur.runId) || !"running".equals(cur.status)) {
            return false;
        }
        Instant time = now();
        double wait = "exponential".equals(cur.retryBackoff)
                ? cur.retryWait * Math.pow(2, cur.retried - 1)
                : cur.retryWait;
        Instant after = plus(time, wait >= MAX_DATE_MS ? MAX_DATE_MS : (long) wait);
        boolean retry = !fatal && cur.retries > 0 && !cur.retryUntil.isBefore(after);
        JobDoc d = cur.copy();
        d.status = retry ? "waiting" : "failed";
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
        d.log.add(new LogEntry(time, runId, retry ? "warning" : "danger", msg, null));
        put(d);
        if (retry) {
            event(new JobEvent.Retrying(root, id, d.type, time, runId, after));
        } else {
            event(new JobEvent.Failed(root, id, d.type, time, runId, fatal));
            for (String dep : new ArrayList<>(store.dependentsOf(id))) {
                cancel(List.of(dep), false, true);
            }
        }
        return true;
    }

    private JsonValue simple(JsonArray p, String method) {
        List<String> ids = Check.ids(Check.arg(p, 0), "ids");
        Check.options(Check.arg(p, 1), "", Map.of());
        if (ids.isEmpty()) {
            return JsonValue.FALSE;
        }
        return write(() -> {
            Instant time = now();
            int n = 0;
            List<String> changed = new ArrayList<>();
            for (String id : new LinkedHashSet<>(ids)) {
                JobDoc cur = store.get(id);
                if (cur == null) {
                    continue;
                }
                switch (method) {
                    case "jobPause" -> {
                        if (PAUSABLE.contains(cur.status)) {
                            JobDoc d = cur.copy();
                            d.status = "paused";
                            d.updated = time;
                            d.log.add(LogEntry.of(time, "Job Paused"));
                            put(d);
                            event(new JobEvent.Paused(root, id, d.type, time));
                            n++;
                        }
                    }
                    case "jobResume" -> {
                        if ("paused".equals(cur.status)) {
                            JobDoc d = cur.copy();
                            d.status = "waiting";
                            d.updated = time;
                            d.log.add(LogEntry.of(time, "Job Resumed"));
                            put(d);
                            event(new JobEvent.Resumed(root, id, d.type, time));
                            changed.add(id);
                            n++;
                        }
                    }
                    default -> {
                        if (REMOVABLE.contains(cur.status)) {
                            remove(cur);
                            event(new JobEvent.Removed(root, id, cur.type, time));
                            n++;
                        }
                    }
                }
            }
            if (!changed.isEmpty()) {
                ready(changed, false, time, time);
            }
            return bool(n > 0);
        });
    }

    private JsonValue jobReady(JsonArray p) {
        List<String> ids = Check.ids(Check.arg(p, 0), "ids");
        JsonObject o = Check.options(Check.arg(p, 1), "", Map.of("force", Check.BOOLEAN, "time", Check.DATE));
        boolean force = o.containsKey("force") && Check.bool(o.get("force"), "force");
        Instant at = o.containsKey("time") ? Check.date(o.get("time"), "time") : null;
        return write(() -> {
            Instant now = now();
            return bool(ready(ids, force, at == null ? now : at, now));
        });
    }

    /** job-collection's {@code jobReady}: ids empty = every due waiting job. */
    private boolean ready(List<String> ids, boolean force, Instant time, Instant now) {
        List<String> candidates;
        if (ids.isEmpty()) {
            candidates = force ? store.waitingIds(time) : store.promotableIds(time);
        } else {
            candidates = new ArrayList<>(new LinkedHashSet<>(ids));
        }
        int n = 0;
        for (String id : candidates) {
            JobDoc cur = store.get(id);
            if (cur == null || !"waiting".equals(cur.status) || cur.after.isAfter(time)
                    || (!force && !cur.depends.isEmpty())) {
                continue;
            }
            JobDoc d = cur.copy();
            d.status = "ready";
            d.updated = now;
            if (!ids.isEmpty()) {
                d.after = now;
            }
            if (force) {
                d.depends = new ArrayList<>(); // dropped, not resolved: they were not
                d.log.add(new LogEntry(now, null, "warning", "Dependencies force resolved", null));
            }
            d.log.add(LogEntry.of(now, "Promoted to ready"));
            put(d);
            event(new JobEvent.Promoted(root, id, d.type, now));
            n++;
        }
        return n > 0;
    }

    private JsonValue jobCancel(JsonArray p) {
        List<String> ids = Check.ids(Check.arg(p, 0), "ids");
        JsonObject o = Check.options(Check.arg(p, 1), "", Map.of("antecedents", Check.BOOLEAN, "dependents", Check.BOOLEAN));
        boolean antecedents = o.containsKey("antecedents") && Check.bool(o.get("antecedents"), "antecedents");
        boolean dependents = !o.containsKey("dependents") || Check.bool(o.get("dependents"), "dependents");
        if (ids.isEmpty()) {
            return JsonValue.FALSE;
        }
        return write(() -> bool(cancel(ids, antecedents, dependents)));
    }

    private boolean cancel(List<String> ids, boolean antecedents, boolean dependents) {
        Instant time = now();
        int n = 0;
        for (String id : new LinkedHashSet<>(ids)) {
            JobDoc cur = store.get(id);
            if (cur == null || !CANCELLABLE.contains(cur.status)) {
                continue;
            }
            JobDoc d = cur.copy();
            d.status = "cancelled";
            d.runId = null;
            d.progressCompleted = 0;
            d.progressTotal = 1;
            d.progressPercent = 0;
            d.updated = time;
            d.log.add(new LogEntry(time, null, "warning", "Job Cancelled", null));
            put(d);
            event(new JobEvent.Cancelled(root, id, d.type, time));
            n++;
        }
        List<String> more = idsOfDeps(ids, antecedents, dependents, CANCELLABLE);
        boolean depsCancelled = !more.isEmpty() && cancel(more, antecedents, dependents);
        return n > 0 || depsCancelled;
    }

    /** Jobs depending on {@code ids} and/or jobs {@code ids} depend on, whose status is in {@code statuses}. */
    private List<String> idsOfDeps(List<String> ids, boolean antecedents, boolean dependents, Set<String> statuses) {
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
            if (d != null && statuses.contains(d.status)) {
                result.add(id);
            }
        }
        return result;
    }

    private JsonValue jobRestart(JsonArray p) {
        List<String> ids = Check.ids(Check.arg(p, 0), "ids");
        JsonObject o = Check.options(Check.arg(p, 1), "", Map.of("retries", Check.INT_GTE_ZERO, "until", Check.DATE,
                "antecedents", Check.BOOLEAN, "dependents", Check.BOOLEAN));
        long retries = o.containsKey("retries") ? Check.intGTEZero(o.get("retries"), "retries") : 1;
        Instant until = o.containsKey("until") ? Check.date(o.get("until"), "until") : null;
        boolean antecedents = !o.containsKey("antecedents") || Check.bool(o.get("antecedents"), "antecedents");
        boolean dependents = o.containsKey("dependents") && Check.bool(o.get("dependents"), "dependents");
        if (ids.isEmpty()) {
            return JsonValue.FALSE;
        }
        return write(() -> bool(restart(ids, retries, until, antecedents, dependents)));
    }

    private boolean restart(List<String> ids, long retries, Instant until, boolean antecedents, boolean dependents) {
        Instant time = now();
        int n = 0;
        for (String id : new LinkedHashSet<>(ids)) {
            JobDoc cur = store.get(id);
            if (cur == null || !RESTARTABLE.contains(cur.status)) {
                continue;
            }
            JobDoc d = cur.copy();
            d.status = "waiting";
            d.progressCompleted = 0;
            d.progressTotal = 1;
            d.progressPercent = 0;
            d.updated = time;
            d.retries = Math.min(FOREVER, d.retries + retries);
            if (until != null) {
                d.retryUntil = until;
            }
            d.log.add(LogEntry.of(time, "Job Restarted"));
            put(d);
            event(new JobEvent.Restarted(root, id, d.type, time));
            n++;
        }
        List<String> more = idsOfDeps(ids, antecedents, dependents, RESTARTABLE);
        boolean depsRestarted = !more.isEmpty() && restart(more, retries, until, antecedents, dependents);
        if (n > 0 || depsRestarted) {
            ready(ids, false, time, time);
            return true;
        }
        return false;
    }

    private JsonValue jobRerun(JsonArray p) {
        String id = Check.id(Check.arg(p, 0), "id");
        JsonValue optsArg = Check.arg(p, 1);
        JsonObject o = Check.options(optsArg, "", Map.of("repeats", Check.INT_GTE_ZERO, "until", Check.DATE,
                "wait", (v, f) -> {
                    if (!(Check.isInt(v) && Check.num(v) >= 0) && !Check.isLaterObject(v)) {
                        throw Check.fail("Expected an integer ≥ 0 or a later.js schedule, got " + Check.describe(v) + Check.where(f));
                    }
                }));
        if (optsArg != null && !o.containsKey("wait")) {
            throw Check.fail("Missing key 'wait'");
        }
        long repeats = o.containsKey("repeats") ? Check.intGTEZero(o.get("repeats"), "repeats") : 0;
        Instant until = o.containsKey("until") ? Check.date(o.get("until"), "until") : null;
        JsonValue wait = o.get("wait");
        LaterSchedule schedule = wait instanceof JsonObject s ? JobDocs.schedule(s, "wait") : null;
        return write(() -> {
            JobDoc cur = store.get(id);
            if (cur == null || !"completed".equals(cur.status)) {
                return JsonValue.FALSE;
            }
            Instant time = now();
            long waitMs = 0;
            if (schedule != null) {
                Optional<Instant> next = schedule.next(time);
                if (next.isEmpty()) {
                    return JsonValue.FALSE;
                }
                waitMs = next.get().toEpochMilli() - time.toEpochMilli();
            } else if (wait instanceof JsonNumber n) {
                waitMs = Check.intGTEZero(n, "wait");
            }
            return JSON.createValue(rerun(cur, repeats, waitMs, until == null ? cur.repeatUntil : until, time));
        });
    }

    // ================================================================== promotion and timers

    /** job-collection's {@code _promote_jobs}: only while started. Runs under the lock. */
    private Object sweep() {
        if (stopped || closed) {
            return null;
        }
        Instant now = now();
        JsonObject err = JSON.createObjectBuilder().add("value", "Failed for exceeding worker set workTimeout").build();
        for (String id : store.expiredIds(now)) {
            JobDoc d = store.get(id);
            if (d != null && d.runId != null) {
                fail(id, d.runId, err, false);
            }
        }
        ready(List.of(), false, now, now);
        return null;
    }

    private void timerSweep() {
        try {
            write(this::sweep);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "promotion sweep of " + root + " failed", e);
        }
    }

    /**
     * Arms the one-shot timer on the earliest due promotion or expiry. Under the lock, after the
     * commit: a failure here must not turn a committed write into an error answer (nor every
     * later call), so it is logged and the periodic sweep stays the fallback.
     */
    private void rearm() {
        if (stopped || closed) {
            return;
        }
        try {
            armWakeup();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "cannot arm the promotion timer of " + root
                    + "; due jobs are promoted by the periodic sweep", e);
        }
    }

    private void armWakeup() {
        Instant next = null;
        Optional<Instant> p = store.earliestPromotable();
        Optional<Instant> e = store.earliestExpiry();
        if (p.isPresent()) {
            next = p.get();
        }
        if (e.isPresent()) {
            // expired means expiresAfter < now: due one millisecond later
            Instant ex = e.get().plusMillis(1);
            next = next == null || ex.isBefore(next) ? ex : next;
        }
        if (next == null) {
            return;
        }
        if (wakeup != null && !wakeup.isDone() && wakeupAt != null && !wakeupAt.isAfter(next)) {
            return; // an earlier (or equal) wake-up is already armed; it re-arms after it runs
        }
        cancelWakeup();
        // Dates reach ±8.64e15 ms (year 275760), beyond what Duration.toNanos() can hold: wait at
        // most MAX_TIMER_DELAY, then sweep (nothing due) and re-arm. A job centuries ahead thus
        // costs one idle wake-up a day and never fires during this process's life.
        Instant now = now();
        Duration delay = Duration.between(now, next);
        if (delay.compareTo(MAX_TIMER_DELAY) > 0) {
            delay = MAX_TIMER_DELAY;
            next = now.plus(delay);
        }
        wakeupAt = next;
        wakeup = scheduler.schedule(this::wakeup, Math.max(0, delay.toNanos()), TimeUnit.NANOSECONDS);
    }

    /** The one-shot timer: sweeps, then arms itself again on whatever is due next. */
    private void wakeup() {
        try {
            write(() -> {
                // this timer has fired: let rearm() schedule the next one
                wakeup = null;
                wakeupAt = null;
                return sweep();
            });
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "promotion timer of " + root + " failed", e);
        }
    }

    private void cancelWakeup() {
        if (wakeup != null) {
            wakeup.cancel(false);
            wakeup = null;
            wakeupAt = null;
        }
    }

    // ================================================================== plumbing

    @FunctionalInterface
    private interface Body<T> {
        T run();
    }

    /**
     * Runs {@code body} under the lock, ends its writes with a commit ticket and re-arms the
     * timers; then, outside the lock, waits until the store has made the writes durable and
     * delivers the events. Waiting outside the lock is what lets one durable commit (group
     * commit) cover the writes of every caller that queued behind it: the answer still leaves
     * only after its own writes are durable.
     */
    private <T> T write(Body<T> body) {
        T result = null;
        Throwable failure = null;
        long ticket;
        lock.lock();
        try {
            try {
                result = body.run();
            } catch (RuntimeException | Error e) {
                failure = e; // the writes made before the failure are committed all the same
            }
            try {
                ticket = store.commitAsync();
                // queued under the lock, so the outbox holds events in commit order
                for (JobEvent e : pendingEvents) {
                    outbox.add(new Pending(ticket, e));
                }
            } finally {
                pendingEvents.clear();
                rearm();
            }
        } finally {
            lock.unlock();
        }
        awaitDurable(ticket);
        if (failure instanceof RuntimeException r) {
            throw r;
        } else if (failure != null) {
            throw (Error) failure;
        }
        return result;
    }

    /** Waits (outside the lock) until {@code ticket} is durable, then delivers what it covers. */
    private void awaitDurable(long ticket) {
        store.awaitDurable(ticket);
        durableTicket.accumulateAndGet(ticket, Math::max);
        deliver();
    }

    /** An event and the commit ticket of the change it reports. */
    private record Pending(long ticket, JobEvent event) {
    }

    /** Whether the oldest queued event's change is durable, so it may be delivered. */
    private boolean deliverable() {
        Pending p = outbox.peek();
        return p != null && p.ticket() <= durableTicket.get();
    }

    /**
     * Delivers queued events of durable changes outside the lock, one thread at a time, so every
     * listener sees them in the order the changes were committed, whichever thread made them.
     */
    private void deliver() {
        while (deliverable() && delivering.compareAndSet(false, true)) {
            try {
                while (deliverable()) {
                    JobEvent ev = outbox.poll().event(); // only the delivering thread polls
                    for (JobEventListener l : listeners) {
                        try {
                            l.onEvent(ev);
                        } catch (RuntimeException ex) {
                            LOG.log(System.Logger.Level.WARNING, "job event listener failed on " + ev.getClass().getSimpleName(), ex);
                        }
                    }
                }
            } finally {
                delivering.set(false);
            }
        }
    }

    private void event(JobEvent e) {
        if (!listeners.isEmpty()) {
            pendingEvents.add(e);
        }
    }

    private void put(JobDoc d) {
        JobDoc old = observers.isEmpty() ? null : store.get(d.id);
        store.put(d);
        if (!observers.isEmpty()) {
            for (Observer o : observers) {
                o.update(d.id, old, d);
            }
        }
    }

    private void remove(JobDoc d) {
        store.remove(d.id);
        for (Observer o : observers) {
            o.update(d.id, d, null);
        }
    }

    private Instant now() {
        return options.clock().instant();
    }

    private static Instant plus(Instant t, long ms) {
        long v = t.toEpochMilli() + ms;
        return Instant.ofEpochMilli(v > MAX_DATE_MS || v < t.toEpochMilli() ? MAX_DATE_MS : v);
    }

    /** A duration in milliseconds, at least {@code min}; one too long for a long saturates instead of throwing. */
    private static long saturatedMillis(Duration d, long min) {
        long ms;
        try {
            ms = d.toMillis();
        } catch (ArithmeticException e) {
            ms = d.isNegative() ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
        return Math.max(min, ms);
    }

    private static JsonValue bool(boolean b) {
        return b ? JsonValue.TRUE : JsonValue.FALSE;
    }

    private static String display(String id) {
        return id.startsWith(Check.OID_PREFIX) ? "ObjectID(" + id.substring(Check.OID_PREFIX.length()) + ")" : id;
    }

    // ================================================================== publication

    /**
     * Serves the publication {@code <root>.jobs}: params {@code []} or
     * {@code [{type?: string|[string], status?: string|[string]}]}. Publishes the matching job
     * documents into the DDP collection {@code <root>.jobs} with every field except {@code log},
     * then {@code ready}, then their changes as they happen.
     */
    public void publish(PublicationContext context, JsonArray params) {
        JsonValue f = Check.arg(params, 0);
        Check.options(f, "", Map.of("type", JobCollectionServer::filterSet,
                "status", JobCollectionServer::filterSet));
        Set<String> types = null;
        Set<String> statuses = null;
        if (f instanceof JsonObject) {
            types = filterSet(((JsonObject) f).get("type"), "type");
            statuses = filterSet(((JsonObject) f).get("status"), "status");
        }
        Observer obs = new Observer(context, types, statuses);
        lock.lock();
        try {
            for (String id : obs.initialIds()) {
                JobDoc d = store.get(id);
                if (d != null && obs.matches(d)) {
                    obs.published.add(id);
                    context.added(collection(), id, fields(d));
                }
            }
            context.ready();
            if (!context.isStopped()) {
                observers.add(obs);
                context.onStop(() -> observers.remove(obs));
            }
        } finally {
            lock.unlock();
        }
    }

    private static Set<String> filterSet(JsonValue v, String field) {
        if (v == null) {
            return null;
        }
        Set<String> out = new LinkedHashSet<>();
        if (v instanceof JsonArray a) {
            for (int i = 0; i < a.size(); i++) {
                out.add(Check.string(a.get(i), field + "[" + i + "]"));
            }
        } else {
            out.add(Check.string(v, field));
        }
        if ("status".equals(field)) {
            for (String s : out) {
                if (!Check.STATUSES.contains(s)) {
                    throw Check.fail("Unknown job status '" + s + "' in field status");
                }
            }
        }
        return out;
    }

    private String collection() {
        return root + ".jobs";
    }

    private static JsonObject fields(JobDoc d) {
        JsonObject all = d.toJson(false, true);
        var b = JSON.createObjectBuilder(all);
        b.remove("_id");
        return b.build();
    }

    /** One subscription of {@code <root>.jobs}. Called under the lock. */
    private final class Observer {
        final PublicationContext ctx;
        final Set<String> types;
        final Set<String> statuses;
        final Set<String> published = new java.util.HashSet<>();

        Observer(PublicationContext ctx, Set<String> types, Set<String> statuses) {
            this.ctx = ctx;
            this.types = types;
            this.statuses = statuses;
        }

        Iterable<String> initialIds() {
            List<String> out = new ArrayList<>();
            if (types != null) {
                for (String t : types) {
                    if (statuses != null) {
                        for (String s : statuses) {
                            out.addAll(store.idsByTypeAndStatus(t, s));
                        }
                    } else {
                        out.addAll(store.idsByType(t));
                    }
                }
            } else if (statuses != null) {
                for (String s : statuses) {
                    out.addAll(store.idsByStatus(s));
                }
            } else {
                out.addAll(store.allIds());
            }
            return out;
        }

        boolean matches(JobDoc d) {
            return (types == null || types.contains(d.type)) && (statuses == null || statuses.contains(d.status));
        }

        void update(String id, JobDoc old, JobDoc now) {
            if (ctx.isStopped()) {
                observers.remove(this);
                return;
            }
            boolean in = now != null && matches(now);
            boolean was = published.contains(id);
            if (in && !was) {
                published.add(id);
                ctx.added(collection(), id, fields(now));
            } else if (!in && was) {
                published.remove(id);
                ctx.removed(collection(), id);
            } else if (in) {
                JsonObject before = old == null ? JsonValue.EMPTY_JSON_OBJECT : fields(old);
                JsonObject after = fields(now);
                var changed = JSON.createObjectBuilder();
                boolean any = false;
                for (var e : after.entrySet()) {
                    if (!e.getValue().equals(before.get(e.getKey()))) {
                        changed.add(e.getKey(), e.getValue());
                        any = true;
                    }
                }
                List<String> cleared = new ArrayList<>();
                for (String k : before.keySet()) {
                    if (!after.containsKey(k)) {
                        cleared.add(k);
                    }
                }
                if (any || !cleared.isEmpty()) {
                    ctx.changed(collection(), id, changed.build(), cleared);
                }
            }
        }
    }

    // ================================================================== lifecycle

    /** Adds a listener of this collection's lifecycle events (delivered in commit order). */
    public void addListener(JobEventListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /** Removes a listener added with {@link #addListener}. */
    public void removeListener(JobEventListener listener) {
        listeners.remove(listener);
    }

    /**
     * Stops the timers (jobs stay as they are; running jobs are not failed) and, when the
     * scheduler is the server's own, shuts it down. Does not close the store.
     */
    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            stopped = true;
            cancelWakeup();
            if (sweep != null) {
                sweep.cancel(false);
                sweep = null;
            }
            if (shutdownTimer != null) {
                shutdownTimer.cancel(false);
                shutdownTimer = null;
            }
            observers.clear();
        } finally {
            lock.unlock();
        }
        if (ownScheduler) {
            scheduler.shutdownNow();
        }
        listeners.clear();
    }
}
