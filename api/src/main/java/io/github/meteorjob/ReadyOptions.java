package io.github.meteorjob;

import java.time.Instant;

/**
 * Options of {@link Job#ready(ReadyOptions)} and {@link JobCollection#readyJobs}.
 *
 * @param force make jobs ready even when they have unresolved dependencies (dependencies are dropped)
 * @param time  the time used to decide which jobs are due; {@code null} for the server's now
 */
public record ReadyOptions(boolean force, Instant time) {

    /** Not forced, server time. */
    public static final ReadyOptions DEFAULT = new ReadyOptions(false, null);

    /** Forced, server time. */
    public static final ReadyOptions FORCE = new ReadyOptions(true, null);
}
