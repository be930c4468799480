package io.github.meteorjob.job.internal;

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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The {@link JobQueue} implementation: meteor-job's {@code JobQueue} semantics (docs/protocol.md §5) with workers on an
 * {@link Executor}, an optional push trigger, autoExtend, and connection-loss handling.
 *
 * <p>This class is the public face and the shutdown; fetching is {@link PollLoop}'s, running workers
 * {@link WorkerSlots}'. All three share one {@link QueueState} under its lock; network answers arrive on the DDP
 * client's threads and only update state and dispatch, so no thread waits on the network.
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

    private final DefaultJobCollection collection;
    private final DdpClient ddp;
    private final List<String> types;
    private final QueueOptions options;
    private final ExecutorService ownedExecutor;

    private final QueueState state = new QueueState();
    private final PollLoop poll;
    private final WorkerSlots slots;
    private AutoCloseable connectionRegistration;
    private PushTrigger push;
    private final QueueMetrics metrics;
    private AutoCloseable gauges;

    private DefaultJobQueue(DefaultJobCollection collection, List<String> types, QueueOptions options, Dispatch dispatch,
                            JobOutcome.Policy policy, Duration getWorkBound, Observability observability) {
        this.collection = collection;
        this.metrics = new QueueMetrics(observability.metrics(), collection.root(), types);
        DdpCallRecorder.of(collection.ddp()).collection(collection.root()).recordTo(observability.metrics());
        this.ddp = collection.ddp();
        this.types = types;
        this.options = options;
        Executor executor;
        if (options.executor() != null) {
            executor = options.executor();
            this.ownedExecutor = null;
        } else {
            this.ownedExecutor = QueueThreads.defaultExecutor(options.concurrency(), types);
            executor = ownedExecutor;
        }
        QueueContext queue = new QueueContext(collection, types, options, state, dispatch, executor,
                new JobOutcome(policy, this::report), metrics, observability, TIMER, this::report);
        this.poll = new PollLoop(queue, getWorkBound, this::taken);
        this.slots = new WorkerSlots(queue, () -> {
                    poll.getWork();
                    checkShutdownDone();
                });
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
        synchronized (state) {
            connectionRegistration = registration;
            gauges = g;
            state.connected = ddp.state() == ConnectionState.CONNECTED;
        }
        if (options.pushTrigger()) {
            PushTrigger p = new PushTrigger(ddp, collection.jobsPublication(), types, this::trigger);
            synchronized (state) {
                push = p;
            }
            p.start(poll::fallBack);
        }
        resume();
    }

    private void connectionChanged(ConnectionState current) {
        boolean fetch;
        synchronized (state) {
            boolean was = state.connected;
            state.connected = current == ConnectionState.CONNECTED;
            fetch = state.connected && !was;
        }
        if (fetch) {
            // fetching was paused while the link was down: ask again now rather than at the next poll
            poll.fetchSoon();
        }
    }

    // ------------------------------------------------------------------ public state

    @Override public List<String> types() { return types; }
    @Override public QueueOptions options() { return options; }

    @Override
    public boolean isPaused() {
        synchronized (state) {
            return state.paused || state.shuttingDown != null;
        }
    }

    @Override
    public int length() {
        synchronized (state) {
            return state.tasks.size();
        }
    }

    @Override
    public int running() {
        synchronized (state) {
            return state.running.size();
        }
    }

    @Override
    public boolean idle() {
        synchronized (state) {
            return state.tasks.isEmpty() && state.running.isEmpty();
        }
    }

    @Override
    public boolean full() {
        synchronized (state) {
            return state.running.size() == options.concurrency();
        }
    }

    /** How many getWork calls failed in a row (0 after one that succeeded). */
    public int getWorkFailuresInARow() {
        return poll.failuresInARow();
    }

    /** The last getWork failure if the last call failed, else null. */
    public Throwable lastGetWorkFailure() {
        return poll.lastFailure();
    }

    /** Whether a getWork call is waiting for its answer. */
    public boolean isFetching() {
        return poll.isFetching();
    }

    /**
     * Whether this queue's own machinery is moving, read without locks (docs/observability.md, "Worker health"); cheap
     * enough for every health probe.
     */
    public QueueHealth health() {
        long now = System.nanoTime();
        return new QueueHealth(state.shutdownStage != null, !state.paused && state.shuttingDown == null,
                state.connected, poll.interval(), poll.sinceLastRun(now), poll.outstandingFor(now), poll.bound(),
                slots.oldestNotStarted(now), slots.oldestTaken(now), slots.executorShutDown(), slots.lastRejection());
    }

    @Override
    public JobQueue pause() {
        synchronized (state) {
            if (state.paused) {
                return this;
            }
            state.paused = true;
            poll.cancel();
        }
        return this;
    }

    @Override
    public JobQueue resume() {
        synchronized (state) {
            if (!state.paused || state.shuttingDown != null) {
                return this;
            }
            state.paused = false;
            poll.schedule();
        }
        poll.fetchSoon();
        slots.process();
        return this;
    }

    @Override
    public JobQueue trigger() {
        synchronized (state) {
            if (!state.active()) {
                return this;
            }
        }
        poll.fetchSoon();
        return this;
    }

    /** Fetched jobs were taken in: fail those a shutdown refused, start workers, and see whether a shutdown is over. */
    private void taken(List<DefaultJob> toFail) {
        failForShutdown(toFail);
        slots.process();
        checkShutdownDone();
    }

    // ------------------------------------------------------------------ shutdown

    @Override
    public CompletionStage<Void> shutdown(ShutdownLevel level) {
        if (level == null) {
            throw new IllegalArgumentException("shutdown level must be SOFT, NORMAL or HARD, was null");
        }
        List<DefaultJob> toFail = new ArrayList<>();
        CompletableFuture<Void> stage;
        PushTrigger p;
        synchronized (state) {
            if (state.shutdownStage != null) {
                return state.shutdownStage;
            }
            stage = state.shutdownStage = new CompletableFuture<>();
            state.shuttingDown = level;
            poll.cancel();
            switch (level) {
                case SOFT -> state.paused = false; // queued work still runs
                case NORMAL -> {
                    state.paused = true;
                    toFail.addAll(state.tasks);
                    state.tasks.clear();
                }
                case HARD -> {
                    state.paused = true;
                    toFail.addAll(state.tasks);
                    state.tasks.clear();
                    slots.abandonAll(toFail);
                }
            }
            state.shutdownFailsPending += toFail.size();
            p = push;
        }
        if (p != null) {
            p.stop();
        }
        LOG.log(System.Logger.Level.DEBUG, () -> "shutting down queue " + types + " " + level);
        taken(toFail);
        return stage;
    }

    /** Fails jobs taken away by a shutdown; the caller has counted them in {@link QueueState#shutdownFailsPending}. */
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
                    report(new JobException("failing " + JobOutcome.describe(j) + " at shutdown failed: "
                            + unwrap(e).getMessage(), unwrap(e)));
                }
                shutdownFailAnswered();
            });
        }
    }

    private void shutdownFailAnswered() {
        synchronized (state) {
            state.shutdownFailsPending--;
        }
        checkShutdownDone();
    }

    private void checkShutdownDone() {
        CompletableFuture<Void> done;
        synchronized (state) {
            // an outstanding getWork is not waited for: its answer may never come (see PollLoop.received())
            if (state.shutdownStage == null || state.shutdownStage.isDone() || !state.running.isEmpty()
                    || !state.tasks.isEmpty() || state.shutdownFailsPending > 0) {
                return;
            }
            done = state.shutdownStage;
        }
        Async.closeQuietly(connectionRegistration, LOG, "removing connection listener");
        Async.closeQuietly(gauges, LOG, "removing queue gauges");
        if (ownedExecutor != null) {
            ownedExecutor.shutdown();
        }
        done.complete(null);
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
