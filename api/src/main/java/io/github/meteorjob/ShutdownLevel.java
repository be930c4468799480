package io.github.meteorjob;

/** How a {@link JobQueue} shuts down. All levels stop fetching new work first. */
public enum ShutdownLevel {
    /** Let queued and running jobs finish. */
    SOFT,
    /** Let running jobs finish; fail queued jobs with "Worker shutdown". */
    NORMAL,
    /** Fail queued and running jobs with "Worker shutdown" at once. */
    HARD
}
