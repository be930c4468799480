package io.github.meteorjob;

/**
 * {@code done()} or {@code fail()} came too late: the server answered that the job is no longer running
 * under this worker's run. Usually its {@code workTimeout} lease expired (the worker was cut off longer than
 * the lease, or nothing extended it) and the server failed the job, which may already be running again
 * elsewhere; a manager may also have cancelled, restarted or removed it. The result or error of this run
 * was not recorded.
 *
 * <p>The stage returned by {@link Job#done} or {@link Job#fail} completes exceptionally with this exception
 * instead of yielding {@code false}, so a lost run never looks like success. A {@link JobQueue} also logs
 * one WARNING naming the collection, type and job id (never the job's data).
 */
public class LeaseLostException extends JobException {

    private static final long serialVersionUID = 1L;

    private final String collection;
    private final String type;
    private final String jobId;
    private final String runId;
    private final String operation;

    /**
     * @param collection the job collection's root name
     * @param type       the job's type
     * @param jobId      the job's id
     * @param runId      the run that was lost
     * @param operation  {@code "done"} or {@code "fail"}
     */
    public LeaseLostException(String collection, String type, String jobId, String runId, String operation) {
        super(operation + "() for job " + jobId + " of type '" + type + "' in collection '" + collection
                + "' was refused: the job is no longer running under run " + runId
                + " (its workTimeout lease expired, or a manager cancelled, restarted or removed it); "
                + "this run's outcome was not recorded");
        this.collection = collection;
        this.type = type;
        this.jobId = jobId;
        this.runId = runId;
        this.operation = operation;
    }

    /** The job collection's root name. */
    public String collection() {
        return collection;
    }

    /** The job's type. */
    public String type() {
        return type;
    }

    /** The job's id. */
    public String jobId() {
        return jobId;
    }

    /** The run that was lost. */
    public String runId() {
        return runId;
    }

    /** {@code "done"} or {@code "fail"}. */
    public String operation() {
        return operation;
    }
}
