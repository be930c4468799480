package io.github.meteorjob.job.internal;

import io.github.meteorjob.LogLevel;

import java.util.concurrent.CompletionStage;

/** Told what a worker does with the job of a run the queue is watching (metrics, span events). */
interface RunObserver {

    void logged(LogLevel level, String message);

    void progressed(double completed, double total);

    /**
     * done ({@code failed == false}) or fail was sent; {@code answer} completes with the server's answer.
     *
     * @param error for a fail, what the worker gave as the error (for the span's status), else null
     */
    void completing(boolean failed, boolean fatal, Object error, CompletionStage<?> answer);
}
