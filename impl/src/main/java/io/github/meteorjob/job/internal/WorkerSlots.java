package io.github.meteorjob.job.internal;

import io.github.meteorjob.QueueOptions;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.function.Consumer;

/**
 * A queue's worker slots: starting a task (one job, or a batch of {@code payload} jobs) on the executor for each free
 * slot, keeping its leases alive while it runs, settling its jobs when the worker returns, and freeing the slot only
 * once the server has answered, so that a queue never holds more than {@code concurrency} jobs' worth of work.
 *
 * <p>The tasks live in {@link QueueState#running}, guarded by the queue's state lock.
 */
final class WorkerSlots {

    /** One worker call and the jobs it was given. */
    static final class Task {
        final long id;
        final List<DefaultJob> jobs;
        final List<JobRun> runs = new ArrayList<>();
        ScheduledFuture<?> extender;
        /** Set when a hard shutdown took the jobs away from the worker. */
        boolean abandoned;
        /** When the slot was taken, and when the executor first ran the worker (0: not yet); for the liveness check. */
        final long taken = System.nanoTime();
        volatile long started;

        Task(long id, List<DefaultJob> jobs) {
            this.id = id;
            this.jobs = jobs;
        }
    }

    private final QueueContext queue;
    /** Told after a slot is freed and refilled: there is room to fetch, and a shutdown may be over. */
    private final Runnable freed;
    private long taskNumber;
    /**
     * The tasks in the slots, readable without the state lock: the liveness snapshot must not wait on a lock that a
     * stuck queue might hold. Mirrors {@link QueueState#running}.
     */
    private final Set<Task> inSlots = ConcurrentHashMap.newKeySet();
    /** The executor's refusal of the last worker handed to it, cleared when it next runs one. */
    private volatile Throwable lastRejection;

    WorkerSlots(QueueContext queue, Runnable freed) {
        this.queue = queue;
        this.freed = freed;
    }

    /** Starts workers for queued jobs while slots are free and the queue is not paused. */
    void process() {
        List<Task> start = new ArrayList<>();
        QueueState state = queue.state();
        QueueOptions options = queue.options();
        synchronized (state) {
            while (!state.paused && state.running.size() < options.concurrency() && !state.tasks.isEmpty()) {
                int take = options.payload() > 1 ? Math.min(options.payload(), state.tasks.size()) : 1;
                List<DefaultJob> batch = new ArrayList<>(take);
                for (int i = 0; i < take; i++) {
                    batch.add(state.tasks.poll());
                }
                Task t = new Task(taskNumber++, List.copyOf(batch));
                state.running.put(t.id, t);
                inSlots.add(t);
                start.add(t);
            }
        }
        start.forEach(this::launch);
    }

    private void launch(Task t) {
        t.jobs.forEach(Leases::warnWhenLost);
        for (DefaultJob j : t.jobs) {
            t.runs.add(JobRun.start(j, queue.observability()));
        }
        // a one-job worker runs with its job's span current and its JobContext set; a batch has no single job
        Executor around = t.runs.size() == 1 ? t.runs.get(0).around(queue.executor()) : queue.executor();
        // noting when the executor first runs the worker tells a worker waiting for a thread from a long-running one
        Executor runOn = task -> around.execute(() -> {
            if (t.started == 0) {
                t.started = System.nanoTime();
                lastRejection = null;
            }
            task.run();
        });
        Duration extend = queue.options().effectiveAutoExtend();
        if (extend != null) {
            ScheduledFuture<?> f = Leases.keepAlive(t.jobs, extend, queue.timer(), queue.report());
            synchronized (queue.state()) {
                t.extender = f;
            }
        }
        CompletionStage<?> stage;
        try {
            stage = queue.dispatch().run(List.copyOf(t.jobs), runOn);
        } catch (RuntimeException e) {
            stage = CompletableFuture.failedFuture(e);
        }
        stage.whenComplete((v, err) -> finish(t, err));
    }

    /** The worker call is over: settle its jobs' outcome, then free its slot once the server has answered. */
    private void finish(Task t, Throwable err) {
        boolean abandoned;
        synchronized (queue.state()) {
            if (t.extender != null) {
                t.extender.cancel(false);
            }
            abandoned = t.abandoned;
        }
        Throwable cause = err == null ? null : DefaultJobQueue.unwrap(err);
        if (cause instanceof RejectedExecutionException) {
            lastRejection = cause;
        }
        // a hard shutdown failed the jobs of an abandoned task already
        CompletionStage<Void> settled = abandoned
                ? CompletableFuture.completedFuture(null) : queue.outcome().settle(t.jobs, cause);
        settled.whenComplete((v, e) -> {
            t.runs.forEach(r -> r.end(cause));
            synchronized (queue.state()) {
                queue.state().running.remove(t.id);
            }
            inSlots.remove(t);
            process();
            freed.run();
        });
    }

    /**
     * A hard shutdown takes the running jobs away from their workers: adds to {@code toFail} those whose worker has
     * not sent done/fail, and empties the slots; called under the state lock.
     */
    void abandonAll(List<DefaultJob> toFail) {
        for (Task t : queue.state().running.values()) {
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
        queue.state().running.clear();
        inSlots.clear();
    }

    /** How long the oldest worker handed to the executor has waited for a thread, or {@code null}. */
    Duration oldestNotStarted(long now) {
        return oldest(now, true);
    }

    /** How long the oldest slot has been taken, or {@code null} when all are free. */
    Duration oldestTaken(long now) {
        return oldest(now, false);
    }

    private Duration oldest(long now, boolean notStartedOnly) {
        long oldest = 0;
        boolean any = false;
        for (Task t : inSlots) {
            if ((!notStartedOnly || t.started == 0) && (!any || t.taken - oldest < 0)) {
                oldest = t.taken;
                any = true;
            }
        }
        return any ? Duration.ofNanos(now - oldest) : null;
    }

    boolean executorShutDown() {
        return queue.executor() instanceof ExecutorService s && s.isShutdown();
    }

    Throwable lastRejection() {
        return lastRejection;
    }
}
