package io.github.meteorjob;

import java.io.Serializable;

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

    /** The lost run, as the public accessors report it; a record so the five values are kept together. */
    private final LostRun run;

    /**
     * @param collection the job collection's root name
     * @param type       the job's type
     * @param jobId      the job's id
     * @param runId      the run that was lost
     * @param operation  {@code "done"} or {@code "fail"}
     */
    public LeaseLostException(String collection, String type, String jobId, String runId, String operation) {
        this(new LostRun(collection, type, jobId, runId, operation));
    }

    private LeaseLostException(LostRun run) {
        super(run.operation() + "() for job " + run.jobId() + " of type '" + run.type() + "' in collection '"
                + run.collection() + "' was refused: the job is no longer running under run " + run.runId()
                + " (its workTimeout lease expired, or a manager cancelled, restarted or removed it); "
                + "this run's outcome was not recorded");
        this.run = run;
    }

    private record LostRun(String collection, String type, String jobId, String runId, String operation)
            implements Serializable {
    }

    /** The job collection's root name. */
    public String collection() {
        return run.collection();
    }

    /** The job's type. */
    public String type() {
        return run.type();
    }

    /** The job's id. */
    public String jobId() {
        return run.jobId();
    }

    /** The run that was lost. */
    public String runId() {
        return run.runId();
    }

    /** {@code "done"} or {@code "fail"}. */
    public String operation() {
        return run.operation();
    }
}
