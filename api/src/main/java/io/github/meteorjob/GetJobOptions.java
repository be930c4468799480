package io.github.meteorjob;

/**
 * Options of {@link JobCollection#getJob(String, GetJobOptions)}, {@link JobCollection#getJobs} and {@link Job#refresh(GetJobOptions)}.
 *
 * @param getLog      include the job's log (default false)
 * @param getFailures include the job's failures; {@code null} leaves it to the server
 */
public record GetJobOptions(boolean getLog, Boolean getFailures) {

    /** Defaults: no log, server decides about failures. */
    public static final GetJobOptions DEFAULT = new GetJobOptions(false, null);

    /** Include the log. */
    public static final GetJobOptions WITH_LOG = new GetJobOptions(true, null);

    /** Include log and failures (the server leaves failures out by default). */
    public static final GetJobOptions FULL = new GetJobOptions(true, true);
}
