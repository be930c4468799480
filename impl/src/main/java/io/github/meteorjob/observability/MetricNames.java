package io.github.meteorjob.observability;

/**
 * The one place that names the worker's metrics, units and attributes, span attributes included (OpenTelemetry
 * semantic-convention style); docs/observability.md lists them.
 */
public final class MetricNames {

    private MetricNames() {
    }

    /** The instrumentation scope (meter and tracer name). */
    public static final String SCOPE = "io.github.meteorjob";

    public static final String JOBS_FETCHED = "meteor_job.jobs.fetched";
    public static final String JOBS_RETRIED = "meteor_job.jobs.retried";
    public static final String JOBS_COMPLETED = "meteor_job.jobs.completed";
    public static final String JOBS_FAILED = "meteor_job.jobs.failed";
    public static final String JOBS_LEASE_LOST = "meteor_job.jobs.lease_lost";
    public static final String JOB_DURATION = "meteor_job.job.duration";
    public static final String GET_WORK_DURATION = "meteor_job.get_work.duration";
    public static final String GET_WORK_BATCH_SIZE = "meteor_job.get_work.batch_size";
    public static final String GET_WORK_ERRORS = "meteor_job.get_work.errors";
    public static final String QUEUE_LENGTH = "meteor_job.queue.length";
    public static final String QUEUE_RUNNING = "meteor_job.queue.running";
    public static final String QUEUE_IDLE_WORKERS = "meteor_job.queue.idle_workers";
    public static final String DDP_RECONNECTS = "meteor_job.ddp.reconnects";
    public static final String DDP_CALL_DURATION = "meteor_job.ddp.call.duration";
    public static final String CIRCUIT_OPEN = "meteor_job.circuit.open";

    public static final String ATTR_COLLECTION = "collection";
    public static final String ATTR_TYPE = "type";
    public static final String ATTR_FATAL = "fatal";
    public static final String ATTR_OUTCOME = "outcome";
    public static final String ATTR_OPERATION = "operation";
    public static final String ATTR_METHOD = "method";
    public static final String ATTR_ERROR_TYPE = "error.type";
    /** The worker span's own attributes (it also has {@link #ATTR_COLLECTION} and {@link #ATTR_TYPE}). */
    public static final String ATTR_JOB_ID = "meteor_job.job.id";
    public static final String ATTR_RUN_ID = "meteor_job.run.id";
    public static final String ATTR_RETRIED = "meteor_job.job.retried";

    public static final String OUTCOME_COMPLETED = "completed";
    public static final String OUTCOME_FAILED = "failed";
    public static final String OUTCOME_OK = "ok";
    public static final String OUTCOME_ERROR = "error";
}
