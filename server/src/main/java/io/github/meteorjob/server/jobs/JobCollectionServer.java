package io.github.meteorjob.server.jobs;

import io.github.meteorjob.DdpException;
import io.github.meteorjob.JobCounts;
import io.github.meteorjob.JobFilter;
import io.github.meteorjob.server.ddp.MethodInvocation;
import io.github.meteorjob.server.ddp.MethodRegistry;
import io.github.meteorjob.server.ddp.PublicationContext;
import io.github.meteorjob.server.store.JobDoc;
import io.github.meteorjob.server.store.JobStore;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import static io.github.meteorjob.server.jobs.JobTransitions.FOREVER;
import static io.github.meteorjob.server.jobs.JobTransitions.JSON;

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

    /** Permission levels per method, as job-collection's {@code ddpMethodPermissions}. */
    public static final Map<String, Set<String>> METHOD_LEVELS = MethodPermissions.LEVELS;

    private final String root;
    private final JobStore store;
    private final CommitPoint commits;
    private final JobsPublication publication;
    private final JobServerTimers timers;
    private final AdminMethods admin;
    private final WorkerMethods worker;
    private final ManagerMethods manager;
    private final CreatorMethods creator;
    private final JobServerOptions options;
    private final boolean queryExtension;
    private final QueryMethods query;
    private final CountsPublication countsPublication;
    private final Retention retention;

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
        this.commits = new CommitPoint(root, store);
        this.publication = new JobsPublication(commits);
        JobTransitions transitions = new JobTransitions(publication, options);
        this.timers = new JobServerTimers(transitions, options);
        commits.afterWrites(timers::rearm);
        this.admin = new AdminMethods(commits, timers);
        this.worker = new WorkerMethods(transitions, timers);
        this.manager = new ManagerMethods(transitions);
        this.creator = new CreatorMethods(transitions);
        this.queryExtension = options.queryExtension();
        this.query = new QueryMethods(transitions);
        this.countsPublication = new CountsPublication(transitions, timers.scheduler());
        publication.addChangeObserver(countsPublication);
        this.retention = new Retention(transitions, options.retention());
        retention.start(timers.scheduler());
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
        return commits.read(() -> !timers.isStopped());
    }

    /**
     * Registers every {@code <root>_<method>} and the publication {@code <root>.jobs}; with the job
     * query extension ({@link JobServerOptions#queryExtension()}) also {@code <root>_findJobs},
     * {@code <root>_countJobs} and the publication {@code <root>.jobCounts}, for managers and viewers.
     */
    public void register(MethodRegistry registry) {
        for (var e : METHOD_LEVELS.entrySet()) {
            String method = e.getKey();
            Set<String> levels = new LinkedHashSet<>(e.getValue());
            levels.remove(MethodPermissions.ADMIN);
            registry.method(root + "_" + method, levels, (inv, params) -> call(inv, method, params));
        }
        registry.publication(root + ".jobs", MethodPermissions.PUBLICATION_ROLES, this::publish);
        if (queryExtension) {
            for (String method : new String[]{"findJobs", "countJobs"}) {
                registry.method(root + "_" + method, MethodPermissions.QUERY_ROLES, (inv, params) -> call(inv, method, params));
            }
            registry.publication(root + ".jobCounts", MethodPermissions.QUERY_ROLES, countsPublication::publish);
        }
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
            case "startJobServer", "startJobs" -> admin.startJobServer(Check.arg(p, 0));
            case "shutdownJobServer", "stopJobs" -> admin.shutdownJobServer(Check.arg(p, 0));
            case "getWork" -> worker.getWork(p);
            case "getJob" -> worker.getJob(p);
            case "jobLog" -> worker.jobLog(p);
            case "jobProgress" -> worker.jobProgress(p);
            case "jobDone" -> worker.jobDone(p);
            case "jobFail" -> worker.jobFail(p);
            case "jobSave" -> creator.jobSave(p);
            case "jobRerun" -> creator.jobRerun(p);
            case "jobPause" -> manager.simple(p, ManagerMethods.Simple.PAUSE);
            case "jobResume" -> manager.simple(p, ManagerMethods.Simple.RESUME);
            case "jobRemove" -> manager.simple(p, ManagerMethods.Simple.REMOVE);
            case "jobReady" -> manager.jobReady(p);
            case "jobCancel" -> manager.jobCancel(p);
            case "jobRestart" -> manager.jobRestart(p);
            case "findJobs" -> queryExtension ? query.findJobs(p) : notFound(method);
            case "countJobs" -> queryExtension ? query.countJobs(p) : notFound(method);
            default -> notFound(method);
        };
    }

    /** Meteor's answer to a method nobody registered. */
    private JsonValue notFound(String method) {
        throw new DdpException(404, "Method '" + root + "_" + method + "' not found");
    }

    // ================================================================== typed convenience API

    /** {@code startJobServer}: hand out work and promote on time from now on. */
    public boolean startJobServer() {
        return admin.startJobServer(null) == JsonValue.TRUE;
    }

    /** {@code shutdownJobServer}: stop handing out work; fail jobs still running after {@code timeout}. */
    public boolean shutdownJobServer(Duration timeout) {
        long ms = Math.min(FOREVER, JobServerTimers.saturatedMillis(timeout, 1));
        return admin.shutdownJobServer(JSON.createObjectBuilder().add("timeout", ms).build()) == JsonValue.TRUE;
    }

    /** The full document of a job (with log and failures), if it exists. */
    public Optional<JsonObject> job(String id) {
        // through write(): the answer waits until what it read is durable (group commit)
        return commits.write(() -> {
            JobDoc d = store.get(id);
            return d == null ? Optional.<JsonObject>empty() : Optional.of(d.toJson(true, true));
        });
    }

    /** How many jobs there are, per status and per type and status (from the store's counts, no job is read). */
    public JobCounts counts() {
        return counts(JobFilter.ALL);
    }

    /** How many jobs match {@code filter}, per status and per type and status. */
    public JobCounts counts(JobFilter filter) {
        Objects.requireNonNull(filter, "filter");
        return commits.read(() -> store.counts(filter));
    }

    /**
     * Removes now the finished jobs whose {@link JobServerOptions#retention() retention} period has
     * passed (what the background pass does), in batches; returns how many it removed.
     */
    public int applyRetention() {
        return retention.pass();
    }

    /** Number of jobs in the collection. */
    public int size() {
        return commits.read(store::size);
    }

    /**
     * Runs the promotion sweep now (what the timers and the periodic sweep do): when started,
     * fails running jobs past {@code expiresAfter} and promotes due waiting jobs.
     */
    public void promote() {
        commits.write(timers::sweep);
    }

    /**
     * Serves the publication {@code <root>.jobs}: params {@code []} or
     * {@code [{type?: string|[string], status?: string|[string]}]}. Publishes the matching job
     * documents into the DDP collection {@code <root>.jobs} with every field except {@code log},
     * then {@code ready}, then their changes as they happen.
     */
    public void publish(PublicationContext context, JsonArray params) {
        publication.publish(context, params);
    }

    // ================================================================== lifecycle

    /** Adds a listener of this collection's lifecycle events (delivered in commit order). */
    public void addListener(ServerJobEventListener listener) {
        commits.addListener(listener);
    }

    /** Sets the observer of this collection's timers and commits (metrics); {@code null} for none. */
    public void observe(CollectionObserver observer) {
        timers.observer(observer);
        commits.observer(observer);
    }

    /**
     * Checks that the store still accepts writes, with an empty commit (no disk write).
     *
     * @throws IllegalStateException naming the store's failure when it accepts no more writes
     */
    public void checkWritable() {
        commits.write(() -> null);
    }

    /**
     * Time since the timers last swept (promoted due jobs, failed expired ones), or empty while the job
     * server is stopped. The periodic sweep runs every {@link #promoteInterval()}, so a much longer time means
     * the timer thread is stuck or gone.
     */
    public Optional<Duration> sinceLastSweep() {
        return timers.sinceLastSweep();
    }

    /** The interval of the periodic safety-net sweep. */
    public Duration promoteInterval() {
        return options.promoteInterval();
    }

    /** Removes a listener added with {@link #addListener}. */
    public void removeListener(ServerJobEventListener listener) {
        commits.removeListener(listener);
    }

    /**
     * Stops the timers (jobs stay as they are; running jobs are not failed) and, when the
     * scheduler is the server's own, shuts it down. Does not close the store.
     */
    @Override
    public void close() {
        retention.stop();
        commits.read(() -> {
            timers.close();
            publication.clear();
            countsPublication.clear();
            return null;
        });
        timers.shutdownOwnScheduler();
        commits.clearListeners();
    }
}
