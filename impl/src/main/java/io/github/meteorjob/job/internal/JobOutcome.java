package io.github.meteorjob.job.internal;

import io.github.meteorjob.JobException;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * Decides a job's outcome once its worker has finished, the one place that does: a worker that threw fails
 * the jobs it had not completed itself (with the exception's class and message); a worker that returned
 * either completes them ({@link Policy#RETURN_IS_DONE}, the CDI observers' contract) or fails them because
 * it broke meteor-job's worker contract ({@link Policy#EXPLICIT}). A job the worker already sent done/fail
 * for is left alone; that guard lives in {@link DefaultJob} (one completion per run).
 */
public final class JobOutcome {

    /** What a worker's normal return means. */
    public enum Policy {
        /** The worker must call {@code done()} or {@code fail()} itself (meteor-job's {@code processJobs}). */
        EXPLICIT,
        /** Returning completes the job, throwing fails it ({@code @ProcessJobs} observers). */
        RETURN_IS_DONE
    }

    private final Policy policy;
    private final Consumer<Throwable> report;

    JobOutcome(Policy policy, Consumer<Throwable> report) {
        this.policy = policy;
        this.report = report;
    }

    /**
     * Sends done or fail for every job of a finished worker call that has not been completed yet.
     *
     * @param cause the worker's exception (unwrapped), {@code null} when it returned normally
     * @return completes when every answer has come (never exceptionally; problems go to the error handler)
     */
    CompletionStage<Void> settle(List<DefaultJob> jobs, Throwable cause) {
        List<CompletableFuture<?>> answers = new ArrayList<>();
        for (DefaultJob job : jobs) {
            if (job.isCompletionSent()) {
                // a lost run was reported once, when done/fail was refused
                if (cause != null && !Leases.isLost(cause)) {
                    report.accept(new JobException("worker for " + describe(job) + " threw after completing it: "
                            + cause.getMessage(), cause));
                }
                continue;
            }
            try {
                answers.add(send(job, cause).toCompletableFuture().handle((r, e) -> {
                    Throwable failure = e == null ? null : DefaultJobQueue.unwrap(e);
                    if (failure != null && !Leases.isLost(failure)) {
                        report.accept(new JobException((cause == null && policy == Policy.RETURN_IS_DONE ? "completing"
                                : "failing") + " " + describe(job) + " failed: " + failure.getMessage(), failure));
                    }
                    return null;
                }));
            } catch (IllegalStateException raced) {
                // the worker completed it after all
            }
        }
        return CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new));
    }

    /** How log lines name a job: collection, type, id and run (never its data). */
    static String describe(DefaultJob job) {
        return "job " + job.id() + " (collection " + job.root() + ", type " + job.type() + ", run " + job.runId() + ")";
    }

    private CompletionStage<?> send(DefaultJob job, Throwable cause) {
        if (cause != null) {
            return job.fail(cause);
        }
        if (policy == Policy.RETURN_IS_DONE) {
            return job.done();
        }
        JobException e = new JobException("worker returned without calling done() or fail() for " + describe(job));
        report.accept(e);
        return job.fail(e);
    }
}
