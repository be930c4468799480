package io.github.meteorjob.job.internal;

import io.github.meteorjob.QueueOptions;
import io.github.meteorjob.observability.Observability;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
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

        Task(long id, List<DefaultJob> jobs) {
            this.id = id;
            this.jobs = jobs;
        }
    }

    private final QueueState state;
    private final QueueOptions options;
    private final Executor executor;
    private final Dispatch dispatch;
    private final JobOutcome outcome;
    private final Observability observability;
    private final ScheduledExecutorService timer;
    private final Consumer<Throwable> report;
    /** Told after a slot is freed and refilled: there is room to fetch, and a shutdown may be over. */
    private final Runnable freed;
    private long taskNumber;

    WorkerSlots(QueueState state, QueueOptions options, Executor executor, Dispatch dispatch, JobOutcome outcome,
                Observability observability, ScheduledExecutorService timer, Consumer<Throwable> report, Runnable freed) {
        this.state = state;
        this.options = options;
        this.executor = executor;
        this.dispatch = dispatch;
        this.outcome = outcome;
        this.observability = observability;
        this.timer = timer;
        this.report = report;
        this.freed = freed;
    }

    /** Starts workers for queued jobs while slots are free and the queue is not paused. */
    void process() {
        List<Task> start = new ArrayList<>();
        synchronized (state) {
            while (!state.paused && state.running.size() < options.concurrency() && !state.tasks.isEmpty()) {
                int take = options.payload() > 1 ? Math.min(options.payload(), state.tasks.size()) : 1;
                List<DefaultJob> batch = new ArrayList<>(take);
                for (int i = 0; i < take; i++) {
                    batch.add(state.tasks.poll());
                }
                Task t = new Task(taskNumber++, List.copyOf(batch));
                state.running.put(t.id, t);
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
            ScheduledFuture<?> f = Leases.keepAlive(t.jobs, extend, timer, report);
            synchronized (state) {
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
        synchronized (state) {
            if (t.extender != null) {
                t.extender.cancel(false);
            }
            abandoned = t.abandoned;
        }
        Throwable cause = err == null ? null : DefaultJobQueue.unwrap(err);
        // a hard shutdown failed the jobs of an abandoned task already
        CompletionStage<Void> settled = abandoned ? CompletableFuture.completedFuture(null) : outcome.settle(t.jobs, cause);
        settled.whenComplete((v, e) -> {
            t.runs.forEach(r -> r.end(cause));
            synchronized (state) {
                state.running.remove(t.id);
            }
            process();
            freed.run();
        });
    }

    /**
     * A hard shutdown takes the running jobs away from their workers: adds to {@code toFail} those whose worker has
     * not sent done/fail, and empties the slots; called under the state lock.
     */
    void abandonAll(List<DefaultJob> toFail) {
        for (Task t : state.running.values()) {
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
        state.running.clear();
    }
}
