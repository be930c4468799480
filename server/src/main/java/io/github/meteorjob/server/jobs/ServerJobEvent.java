package io.github.meteorjob.server.jobs;

import io.github.meteorjob.LogLevel;

import java.time.Instant;

/**
 * Something that happened to one job of a collection served by the embedded job server, for
 * dashboards and metrics. Events carry identifiers and states only, never job data. (Not the
 * client's {@code io.github.meteorjob.JobEvent}, which a job collection client observes.)
 */
public sealed interface ServerJobEvent {

    /** Collection root, e.g. {@code "jobPile"}. */
    String root();

    String jobId();

    /** The job's type. */
    String type();

    /** Server time of the change. */
    Instant time();

    /** A new job was stored (status {@code waiting} or {@code paused}), or a paused job resubmitted. */
    record Saved(String root, String jobId, String type, Instant time, boolean resubmitted) implements ServerJobEvent { }

    /** A waiting job became {@code ready}. */
    record Promoted(String root, String jobId, String type, Instant time) implements ServerJobEvent { }

    /** A worker took the job ({@code getWork}). */
    record Running(String root, String jobId, String type, Instant time, String runId) implements ServerJobEvent { }

    /** A running job reported progress. */
    record Progress(String root, String jobId, String type, Instant time, String runId, double percent) implements ServerJobEvent { }

    /** A log entry was added through {@code jobLog}. */
    record Logged(String root, String jobId, String type, Instant time, String runId, LogLevel level) implements ServerJobEvent { }

    /** A running job completed. */
    record Completed(String root, String jobId, String type, Instant time, String runId) implements ServerJobEvent { }

    /** A run failed and the job will be retried at {@code after}. */
    record Retrying(String root, String jobId, String type, Instant time, String runId, Instant after) implements ServerJobEvent { }

    /** A run failed and the job is now {@code failed} for good. */
    record Failed(String root, String jobId, String type, Instant time, String runId, boolean fatal) implements ServerJobEvent { }

    /** The job was cancelled. */
    record Cancelled(String root, String jobId, String type, Instant time) implements ServerJobEvent { }

    /** The job was paused. */
    record Paused(String root, String jobId, String type, Instant time) implements ServerJobEvent { }

    /** A paused job was resumed (back to {@code waiting}). */
    record Resumed(String root, String jobId, String type, Instant time) implements ServerJobEvent { }

    /** A failed or cancelled job was restarted (back to {@code waiting}). */
    record Restarted(String root, String jobId, String type, Instant time) implements ServerJobEvent { }

    /** The job was removed from the collection. */
    record Removed(String root, String jobId, String type, Instant time) implements ServerJobEvent { }
}
