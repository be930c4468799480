package io.github.meteorjob.job.internal;

import io.github.meteorjob.GetWorkOptions;
import io.github.meteorjob.Job;
import io.github.meteorjob.JobException;
import io.github.meteorjob.JobQueue;
import io.github.meteorjob.QueueOptions;
import io.github.meteorjob.ShutdownLevel;
import io.github.meteorjob.ddp.ConnectionListener;
import io.github.meteorjob.ddp.ConnectionState;
import io.github.meteorjob.ddp.DdpClient;
import io.github.meteorjob.internal.Async;
import io.github.meteorjob.internal.RepeatedWarnings;
import io.github.meteorjob.observability.Observability;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The {@link JobQueue} implementation: meteor-job's {@code JobQueue} semantics (docs/protocol.md §5) with workers on an
 * {@link Executor}, an optional push trigger, autoExtend, and connection-loss handling.
 *
 * <p>All state is guarded by this object's lock; network answers arrive on the DDP client's threads and only
 * update state and dispatch, so no thread waits on the network.
 */
public final class DefaultJobQueue implements JobQueue {

    private static final System.Logger LOG = System.getLogger(DefaultJobQueue.class.getName());

    /** The failure sent for jobs a shutdown takes away from the worker. */
    public static final String WORKER_SHUTDOWN = "Worker shutdown";

    private static final ScheduledExecutorService TIMER = QueueThreads.timer();
    /** Shared by all queues: the same refusal from ten queues is still one line a minute. */
    private static final RepeatedWarnings WARNINGS = new RepeatedWarnings(LOG);

    /**
     * The longest a getWork call may stay unanswered before the queue stops waiting for it and asks again
     * (a safety net behind the DDP call timeout).
     */
    static final Duration GET_WORK_BOUND = Duration.ofMinutes(2);

    private static final class Task {
        final long id;
        final List<DefaultJob> jobs;
        final List<JobRun> runs = new ArrayList<>();
        ScheduledFuture<?> extender;
        /** Set when a hard shutdown took the jobs away from the worker. */
        boolean abandoned;

        Task(long id, List<DefaultJob> jobs) {
            this.id = id;
            this.jobs = jobs;
        }
    }

    private final DefaultJobCollection collection;
    private final DdpClient ddp;
    private final List<String> types;
    private final QueueOptions options;
    private final Dispatch dispatch;
    private final JobOutcome outcome;
    private final Executor executor;
    private final ExecutorService ownedExecutor;

    private final Deque<DefaultJob> tasks = new ArrayDeque<>();
    private final Map<Long, Task> running = new LinkedHashMap<>();
    /**
     * Shutdown fails not yet answered. Counted under the queue's lock in the same step that takes the jobs
     * away, so no other thread can see the queue empty and finish the shutdown before the fails are sent.
     */
    private int shutdownFailsPending;
    private long taskNumber;
    private boolean paused = true;
    private boolean connected;
    private boolean getWorkOutstanding;
    private boolean pollFallback;
    private ShutdownLevel shuttingDown;
    private CompletableFuture<Void> shutdownStage;
    private ScheduledFuture<?> poll;
    private final Duration getWorkBound;
    private AutoCloseable connectionRegistration;
    private PushTrigger push;
    private final Observability observability;
    private final QueueMetrics metrics;
    private AutoCloseable gauges;
    /** getWork calls that failed in a row (the health check's signal), and the last failure. */
    private int getWorkFailuresInARow;
    private Throwable lastGetWorkFailure;

    private DefaultJobQueue(DefaultJobCollection collection, List<String> types, QueueOptions options, Dispatch dispatch,
                            JobOutcome.Policy policy, Duration getWorkBound, Observability observability) {
        this.collection = collection;
        this.observability = observability;
        this.metrics = new QueueMetrics(observability.metrics(), collection.root(), types);
        this.getWorkBound = getWorkBound;
        this.ddp = collection.ddp();
        this.types = types;
        this.options = options;
        this.dispatch = dispatch;
        this.outcome = new JobOutcome(policy, this::report);
        if (options.executor() != null) {
            this.executor = options.executor();
            this.ownedExecutor = null;
        } else {
            this.ownedExecutor = QueueThreads.defaultExecutor(options.concurrency(), types);
            this.executor = ownedExecutor;
        }
    }

    /**
     * Creates and starts a queue.
     *
     * @param policy what a worker's normal return means for its jobs
     * @throws IllegalArgumentException when types is empty or holds an empty type, or options is null or inconsistent
     *                                  (see {@link QueueOptions#validated()})
     */
    public static DefaultJobQueue start(DefaultJobCollection collection, List<String> types, QueueOptions options,
                                        Dispatch dispatch, JobOutcome.Policy policy) {
        return start(collection, types, options, dispatch, policy, GET_WORK_BOUND, Observability.defaults());
    }

    /**
     * As {@link #start(DefaultJobCollection, List, QueueOptions, Dispatch, JobOutcome.Policy)}, recording metrics and
     * spans through {@code observability} (the CDI integration passes the application's OpenTelemetry / registry).
     */
    public static DefaultJobQueue start(DefaultJobCollection collection, List<String> types, QueueOptions options,
                                        Dispatch dispatch, JobOutcome.Policy policy, Observability observability) {
        return start(collection, types, options, dispatch, policy, GET_WORK_BOUND, observability);
    }

    /** As {@link #start(DefaultJobCollection, List, QueueOptions, Dispatch, JobOutcome.Policy)} with its own getWork bound (tests shorten it per queue). */
    static DefaultJobQueue start(DefaultJobCollection collection, List<String> types, QueueOptions options,
                                 Dispatch dispatch, JobOutcome.Policy policy, Duration getWorkBound) {
        return start(collection, types, options, dispatch, policy, getWorkBound, Observability.defaults());
    }

    static DefaultJobQueue start(DefaultJobCollection collection, List<String> types, QueueOptions options,
                                 Dispatch dispatch, JobOutcome.Policy policy, Duration getWorkBound,
                                 Observability observability) {
        List<String> checked = DefaultJobCollection.requireTypes(types);
        if (options == null) {
            throw new IllegalArgumentException("queue options must not be null");
        }
        DefaultJobQueue q = new DefaultJobQueue(collection, checked, options.validated(), dispatch, policy, getWorkBound,
                observability == null ? Observability.none() : observability);
        q.init();
        return q;
    }

    private void init() {
        AutoCloseable registration = ddp.addConnectionListener(new ConnectionListener() {
            @Override
            public void stateChanged(ConnectionState previous, ConnectionState current, Throwable cause) {
                connectionChanged(current);
            }
        });
        AutoCloseable g = metrics.observe(this::length, this::running,
                () -> Math.max(0, options.concurrency() - running()), () -> ddp.stats().reconnects());
        synchronized (this) {
            connectionRegistration = registration;
            gauges = g;
            connected = ddp.state() == ConnectionState.CONNECTED;
        }
        if (options.pushTrigger()) {
            PushTrigger p = new PushTrigger(ddp, collection.jobsPublication(), types, this::trigger);
            synchronized (this) {
                push = p;
            }
            p.start(this::pushUnavailable);
        }
        resume();
    }

    private void connectionChanged(ConnectionState state) {
        boolean fetch;
        synchronized (this) {
            boolean was = connected;
            connected = state == ConnectionState.CONNECTED;
            fetch = connected && !was;
        }
        if (fetch) {
            // fetching was paused while the link was down: ask again now rather than at the next poll
            TIMER.execute(this::getWork);
        }
    }

    // ------------------------------------------------------------------ public state

    @Override public List<String> types() { return types; }
    @Override public QueueOptions options() { return options; }
    @Override public synchronized boolean isPaused() { return paused || shuttingDown != null; }
    @Override public synchronized int length() { return tasks.size(); }
    @Override public synchronized int running() { return running.size(); }
    @Override public synchronized boolean idle() { return tasks.isEmpty() && running.isEmpty(); }
    @Override public synchronized boolean full() { return running.size() == options.concurrency(); }

    /** How many getWork calls failed in a row (0 after one that succeeded). */
    public synchronized int getWorkFailuresInARow() {
        return getWorkFailuresInARow;
    }

    /** The last getWork failure if the last call failed, else null. */
    public synchronized Throwable lastGetWorkFailure() {
        return getWorkFailuresInARow == 0 ? null : lastGetWorkFailure;
    }

    /** Whether a getWork call is waiting for its answer. */
    public synchronized boolean isFetching() {
        return getWorkOutstanding;
    }

    @Override
    public JobQueue pause() {
        synchronized (this) {
            if (paused) {
                return this;
            }
            paused = true;
            cancelPoll();
        }
        return this;
    }

    @Override
    public JobQueue resume() {
        synchronized (this) {
            if (!paused || shuttingDown != null) {
                return this;
            }
            paused = false;
            schedulePoll();
        }
        TIMER.execute(this::getWork);
        process();
        return this;
    }

    @Override
    public JobQueue trigger() {
        synchronized (this) {
            if (paused || shuttingDown != null) {
                return this;
            }
        }
        TIMER.execute(this::getWork);
        return this;
    }

    // ------------------------------------------------------------------ polling and fetching

    private Duration pollInterval() {
        if (options.polls()) {
            return options.pollInterval();
        }
        return pollFallback ? QueueOptions.DEFAULT_POLL_INTERVAL : null;
    }

    private void schedulePoll() {
        cancelPoll();
        Duration interval = pollInterval();
        if (interval != null && !paused && shuttingDown == null) {
            long ms = Math.max(1, interval.toMillis());
            poll = TIMER.scheduleAtFixedRate(this::getWork, ms, ms, TimeUnit.MILLISECONDS);
        }
    }

    private void cancelPoll() {
        if (poll != null) {
            poll.cancel(false);
            poll = null;
        }
    }

    private void getWork() {
        int count;
        synchronized (this) {
            // never two getWork calls outstanding; no fetching while paused, stopping or disconnected
            if (getWorkOutstanding || paused || shuttingDown != null || !connected) {
                return;
            }
            count = options.prefetch() + options.payload() * (options.concurrency() - running.size()) - tasks.size();
            if (count <= 0) {
                return;
            }
            getWorkOutstanding = true;
        }
        long sent = System.nanoTime();
        CompletionStage<List<Job>> stage;
        try {
            stage = collection.getWork(types, new GetWorkOptions(count, options.workTimeout()));
        } catch (RuntimeException e) {
            stage = CompletableFuture.failedFuture(e);
        }
        // an answer after the bound still delivers its jobs (they are leased to us)
        Duration limit = getWorkBound;
        AnswerBound.await(stage, limit, TIMER, () -> new JobException("getWork() got no answer within "
                        + limit.toMillis() + " ms; the next poll asks again"),
                (jobs, err) -> received(count, jobs, err, sent),
                jobs -> {
                    if (jobs != null && !jobs.isEmpty()) {
                        receivedLate(jobs);
                    }
                });
    }

    /** Jobs from a getWork answer that came after {@link #getWorkBound}: ours all the same, so run them. */
    private void receivedLate(List<Job> jobs) {
        List<DefaultJob> toFail;
        synchronized (this) {
            toFail = take(jobs);
        }
        failForShutdown(toFail);
        process();
        checkShutdownDone();
    }

    /**
     * Takes fetched jobs into the queue; called under the queue's lock. Jobs that arrive after a normal or hard
     * shutdown began, or after any shutdown finished, are returned (and counted) to go back to the server at once
     * instead of sitting "running" until their lease expires.
     */
    private List<DefaultJob> take(List<Job> jobs) {
        List<DefaultJob> toFail = new ArrayList<>();
        boolean refuse = shuttingDown == ShutdownLevel.NORMAL || shuttingDown == ShutdownLevel.HARD
                || (shutdownStage != null && shutdownStage.isDone());
        for (Job j : jobs) {
            if (refuse) {
                toFail.add((DefaultJob) j);
            } else {
                tasks.add((DefaultJob) j);
            }
        }
        shutdownFailsPending += toFail.size();
        return toFail;
    }

    private void received(int asked, List<Job> jobs, Throwable err, long sent) {
        metrics.getWork(jobs, err == null ? null : unwrap(err), System.nanoTime() - sent);
        List<DefaultJob> toFail = List.of();
        synchronized (this) {
            getWorkOutstanding = false;
            if (err == null) {
                getWorkFailuresInARow = 0;
                if (jobs.size() > asked) {
                    report(new JobException("getWork() returned jobs (" + jobs.size() + ") in excess of maxJobs (" + asked + ")"));
                }
                toFail = take(jobs);
            }
        }
        if (err != null) {
 Throwable cause = unwrap(err);
            synchronized (this) {
                getWorkFailuresInARow++;
                lastGetWorkFailure = cause;
            }
            report(new JobException("getWork() failed: " + cause.getMessage() + "; the next poll asks again", cause));
            boolean refetch;
            synchronized (this) {
                refetch = connected && cause instanceof io.github.meteorjob.ddp.DdpConnectionLostException;
            }
            if (refetch) {
                // the link came back before this failure arrived, so the reconnect did not fetch: do it now
                TIMER.execute(this::getWork);
            }
        }
        failForShutdown(toFail);
        process();
        checkShutdownDone();
    }

    // ------------------------------------------------------------------ running workers

    private void process() {
        List<Task> start = new ArrayList<>();
        synchronized (this) {
            while (!paused && running.size() < options.concurrency() && !tasks.isEmpty()) {
                int take = options.payload() > 1 ? Math.min(options.payload(), tasks.size()) : 1;
                List<DefaultJob> batch = new ArrayList<>(take);
                for (int i = 0; i < take; i++) {
                    batch.add(tasks.poll());
                }
                Task t = new Task(taskNumber++, List.copyOf(batch));
                running.put(t.id, t);
                start.add(t);
            }
        }
        start.forEach(this::launch);
    }

    private void launch(Task t) {
        t.jobs.forEach(Leases::warnWhenLost);
        for (DefaultJob j : t.jobs) {
            t.runs.add(JobRun.start(j, observability));
        }
        // a one-job worker runs with its job's span current and its JobContext set; a batch has no single job
        Executor runOn = t.runs.size() == 1 ? t.runs.get(0).around(executor) : executor;
        Duration extend = options.effectiveAutoExtend();
        if (extend != null) {
            ScheduledFuture<?> f = Leases.keepAlive(t.jobs, extend, TIMER, this::report);
            synchronized (this) {
                t.extender = f;
            }
        }
        CompletionStage<?> stage;
        try {
            stage = dispatch.run(List.copyOf(t.jobs), runOn);
        } catch (RuntimeException e) {
            stage = CompletableFuture.failedFuture(e);
        }
        stage.whenComplete((v, err) -> finish(t, err));
    }

    /** The worker call is over: settle its jobs' outcome, then free its slot once the server has answered. */
    private void finish(Task t, Throwable err) {
        boolean abandoned;
        synchronized (this) {
            if (t.extender != null) {
                t.extender.cancel(false);
            }
            abandoned = t.abandoned;
        }
        // a hard shutdown failed the jobs of an abandoned task already
        CompletionStage<Void> settled = abandoned ? CompletableFuture.completedFuture(null)
                : outcome.settle(t.jobs, err == null ? null : unwrap(err));
        settled.whenComplete((v, e) -> {
            t.runs.forEach(r -> r.end(err == null ? null : unwrap(err)));
            synchronized (this) {
                running.remove(t.id);
            }
            process();
            getWork();
            checkShutdownDone();
        });
    }

    // ------------------------------------------------------------------ shutdown

    @Override
    public CompletionStage<Void> shutdown(ShutdownLevel level) {
        if (level == null) {
            throw new IllegalArgumentException("shutdown level must be SOFT, NORMAL or HARD, was null");
        }
        List<DefaultJob> toFail = new ArrayList<>();
        synchronized (this) {
            if (shutdownStage != null) {
                return shutdownStage;
            }
            shutdownStage = new CompletableFuture<>();
            shuttingDown = level;
            cancelPoll();
            switch (level) {
                case SOFT -> paused = false; // queued work still runs
                case NORMAL -> {
                    paused = true;
                    toFail.addAll(tasks);
                    tasks.clear();
                }
                case HARD -> {
                    paused = true;
                    toFail.addAll(tasks);
                    tasks.clear();
                    for (Task t : running.values()) {
                        t.abandoned = true;
                        if (t.extender != null) {
                            t.extender.cancel(false);
                        }
                        for (DefaultJob j : t.jobs) {
                            if (!j.isCompletionSent()) {
                                toFail.add(j);
                            }
                        }
                    }
                    running.clear();
                }
            }
            shutdownFailsPending += toFail.size();
        }
        PushTrigger p;
        synchronized (this) {
            p = push;
        }
        if (p != null) {
            p.stop();
        }
        LOG.log(System.Logger.Level.DEBUG, () -> "shutting down queue " + types + " " + level);
        failForShutdown(toFail);
        process();
        checkShutdownDone();
        return shutdownStage;
    }

    /** Fails jobs taken away by a shutdown; the caller has counted them in {@link #shutdownFailsPending}. */
    private void failForShutdown(List<DefaultJob> jobs) {
        for (DefaultJob j : jobs) {
            CompletionStage<Boolean> s;
            try {
                s = j.fail(WORKER_SHUTDOWN);
            } catch (IllegalStateException raced) {
                // the worker completed it meanwhile: nothing to send
                shutdownFailAnswered();
                continue;
            }
            s.whenComplete((r, e) -> {
                if (e != null) {
                    report(new JobException("failing " + JobOutcome.describe(j) + " at shutdown failed: " + unwrap(e).getMessage(), unwrap(e)));
                }
                shutdownFailAnswered();
            });
        }
    }

    private void shutdownFailAnswered() {
        synchronized (this) {
            shutdownFailsPending--;
        }
        checkShutdownDone();
    }

    private void checkShutdownDone() {
        CompletableFuture<Void> done;
        synchronized (this) {
            // an outstanding getWork is not waited for: its answer may never come (see received())
            if (shutdownStage == null || shutdownStage.isDone() || !running.isEmpty()
                    || !tasks.isEmpty() || shutdownFailsPending > 0) {
                return;
            }
            done = shutdownStage;
        }
        Async.closeQuietly(connectionRegistration, LOG, "removing connection listener");
        Async.closeQuietly(gauges, LOG, "removing queue gauges");
        if (ownedExecutor != null) {
            ownedExecutor.shutdown();
        }
        done.complete(null);
    }

    private void pushUnavailable(Throwable cause) {
        synchronized (this) {
            if (shuttingDown != null) {
                return;
            }
        }
        report(new JobException("push trigger unavailable (" + cause.getMessage() + "); polling instead", cause));
        synchronized (this) {
            pollFallback = true;
            if (!paused && poll == null) {
                schedulePoll();
            }
        }
    }

    // ------------------------------------------------------------------ helpers

    private void report(Throwable error) {
        if (options.errorHandler() != null) {
            try {
                options.errorHandler().accept(error);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "queue error handler threw", e);
            }
        } else {
            WARNINGS.log(System.Logger.Level.WARNING, "JobQueue " + collection.root() + " " + types + ": " + error.getMessage());
        }
    }

    static Throwable unwrap(Throwable t) {
        return Async.unwrap(t);
    }

    @Override
    public String toString() {
        return "JobQueue" + types + "[queued=" + length() + ", running=" + running() + "]";
    }
}
