package io.github.meteorjob.cdi.internal;

import io.github.meteorjob.Job;
import io.github.meteorjob.JobException;
import io.github.meteorjob.job.internal.Dispatch;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A queue's local {@code timeout} ({@code @ProcessJobs(timeout)}, {@code meteor-job.queue."c"."t".timeout}): when one
 * observer call takes longer, its stage fails with a {@link JobException} naming the limit, so the queue fails the
 * jobs (and frees the slot), and the thread running the observer is interrupted.
 */
final class TimedDispatch {

    private TimedDispatch() {
    }

    static Dispatch of(Dispatch inner, Duration timeout, String queue, ScheduledExecutorService timer) {
        return (jobs, executor) -> run(inner, jobs, executor, timeout, queue, timer);
    }

    private static CompletionStage<?> run(Dispatch inner, List<Job> jobs, Executor executor, Duration timeout,
                                          String queue, ScheduledExecutorService timer) {
        Object lock = new Object();
        Thread[] worker = new Thread[1];
        // the thread running the observer is known while it runs, so the timeout can interrupt it and nothing else
        Executor tracking = task -> executor.execute(() -> {
            synchronized (lock) {
                worker[0] = Thread.currentThread();
            }
            try {
                task.run();
            } finally {
                synchronized (lock) {
                    worker[0] = null;
                }
                // an interrupt that raced with the end of the task must not reach the pool's next task
                Thread.interrupted();
            }
        });
        CompletableFuture<Object> result = new CompletableFuture<>();
        ScheduledFuture<?> limit = timer.schedule(() -> {
            JobException e = new JobException("worker timeout: the observer for " + jobIds(jobs) + " of queue " + queue
                    + " did not finish within " + timeout.toMillis() + " ms (" + ConfigKeys.QUEUE + "\"...\".timeout); "
                    + "its thread was interrupted");
            if (result.completeExceptionally(e)) {
                synchronized (lock) {
                    if (worker[0] != null) {
                        worker[0].interrupt();
                    }
                }
            }
        }, timeout.toMillis(), TimeUnit.MILLISECONDS);
        CompletionStage<?> stage;
        try {
            stage = inner.run(jobs, tracking);
        } catch (RuntimeException e) {
            stage = CompletableFuture.failedFuture(e);
        }
        stage.whenComplete((v, e) -> {
            limit.cancel(false);
            if (e != null) {
                result.completeExceptionally(e);
            } else {
                result.complete(v);
            }
        });
        return result;
    }

    private static String jobIds(List<Job> jobs) {
        return jobs.size() == 1 ? "job " + jobs.get(0).id() : "jobs " + jobs.stream().map(Job::id).toList();
    }
}
