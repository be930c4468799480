package io.github.meteorjob.job.internal;

import io.github.meteorjob.LeaseLostException;

import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * One job's guard against a second done/fail for the same run, and the listener told when one is sent
 * (the queue's lease warning). Which of done or fail is sent is {@link JobOutcome}'s decision, or the
 * worker's own call.
 */
final class RunCompletion {

    /** The run for which done/fail was sent (and did not fail), so a second completion is refused. */
    private String completedRun;
    /** Told once when done/fail is next sent. */
    private Consumer<CompletionStage<?>> listener;

    /**
     * Claims the completion of {@code run}; returns the listener to tell.
     *
     * @throws IllegalStateException when done/fail was already sent for it
     */
    synchronized Consumer<CompletionStage<?>> claim(String run, String jobId, String what) {
        if (run != null && run.equals(completedRun)) {
            throw new IllegalStateException("can't call " + what + "(): done() or fail() was already called for run "
                    + run + " of job " + jobId);
        }
        completedRun = run;
        Consumer<CompletionStage<?>> l = listener;
        listener = null;
        return l;
    }

    /** The done/fail call for {@code run} was sent as {@code stage}: tell the listener, release the claim if it fails. */
    <T> CompletionStage<T> sent(CompletionStage<T> stage, Consumer<CompletionStage<?>> claimedListener, String run) {
        stage.whenComplete((r, e) -> {
            if (e != null && !(e instanceof LeaseLostException || e.getCause() instanceof LeaseLostException)) {
                // the server did not take it: allow another attempt (a lost run stays completed: retrying cannot help)
                synchronized (this) {
                    if (Objects.equals(completedRun, run)) {
                        completedRun = null;
                    }
                }
            }
        });
        if (claimedListener != null) {
            claimedListener.accept(stage);
        }
        return stage;
    }

    /** Registers the listener told once, with the call's stage, when done/fail is next sent. */
    synchronized void onCompletion(Consumer<CompletionStage<?>> l) {
        listener = l;
    }

    /** Whether done/fail was sent for {@code run} (and did not fail). */
    synchronized boolean isSent(String run) {
        return completedRun != null && completedRun.equals(run);
    }
}
