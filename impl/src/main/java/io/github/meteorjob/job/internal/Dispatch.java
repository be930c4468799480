package io.github.meteorjob.job.internal;

import io.github.meteorjob.AsyncWorker;
import io.github.meteorjob.BatchWorker;
import io.github.meteorjob.Job;
import io.github.meteorjob.Worker;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * Runs a queue's worker for a batch of jobs on an executor; the stage completes when the worker is finished
 * (exceptionally with what it threw). What that means for the jobs is {@link JobOutcome}'s decision.
 */
@FunctionalInterface
public interface Dispatch {

    CompletionStage<?> run(List<Job> jobs, Executor executor);

    /** A dispatch for a one-job synchronous worker. */
    static Dispatch single(Worker worker) {
        return (jobs, executor) -> CompletableFuture.runAsync(() -> {
            try {
                worker.work(jobs.get(0));
            } catch (Exception e) {
                throw new CompletionException(e);
            }
        }, executor);
    }

    /** A dispatch for a one-job asynchronous worker: the returned stage hands over completion. */
    static Dispatch async(AsyncWorker worker) {
        return (jobs, executor) -> CompletableFuture.supplyAsync(() -> worker.work(jobs.get(0)), executor)
                .thenCompose(s -> s == null ? CompletableFuture.completedFuture(null) : s);
    }

    /** A dispatch for a batch worker. */
    static Dispatch batch(BatchWorker worker) {
        return (jobs, executor) -> CompletableFuture.runAsync(() -> {
            try {
                worker.work(jobs);
            } catch (Exception e) {
                throw new CompletionException(e);
            }
        }, executor);
    }
}
