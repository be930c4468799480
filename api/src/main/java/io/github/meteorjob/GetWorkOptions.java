package io.github.meteorjob;

import java.time.Duration;

/**
 * Options of {@link JobCollection#getWork(java.util.List, GetWorkOptions)}.
 *
 * @param maxJobs     at most this many jobs (≥ 1); {@code null} asks for one job
 * @param workTimeout the server fails the job when no log/progress/done arrives within this time; {@code null} for none
 */
public record GetWorkOptions(Integer maxJobs, Duration workTimeout) {

    /** No options: one job, no work timeout. */
    public static final GetWorkOptions NONE = new GetWorkOptions(null, null);

    public GetWorkOptions {
        if (maxJobs != null && maxJobs < 1) {
            throw new IllegalArgumentException("maxJobs must be an integer >= 1, was " + maxJobs);
        }
        if (workTimeout != null && workTimeout.toMillis() < 1) {
            throw new IllegalArgumentException("workTimeout must be a positive number of milliseconds, was " + workTimeout);
        }
    }

    public static GetWorkOptions maxJobs(int maxJobs) {
        return new GetWorkOptions(maxJobs, null);
    }

    public GetWorkOptions withWorkTimeout(Duration workTimeout) {
        return new GetWorkOptions(maxJobs, workTimeout);
    }
}
