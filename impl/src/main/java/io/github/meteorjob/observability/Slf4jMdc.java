package io.github.meteorjob.observability;

import io.github.meteorjob.JobContext;
import org.slf4j.MDC;

/** The SLF4J side of {@link LogContext}; loaded only when SLF4J is present. */
final class Slf4jMdc {

    /** The MDC keys (docs/observability.md). */
    static final String MDC_COLLECTION = "meteor_job.collection";
    static final String MDC_TYPE = "meteor_job.type";
    static final String MDC_JOB_ID = "meteor_job.job_id";
    static final String MDC_RUN_ID = "meteor_job.run_id";

    private Slf4jMdc() {
    }

    static AutoCloseable put(JobContext c) {
        MDC.put(MDC_COLLECTION, c.collection());
        MDC.put(MDC_TYPE, c.type());
        MDC.put(MDC_JOB_ID, c.jobId());
        MDC.put(MDC_RUN_ID, c.runId());
        return () -> {
            MDC.remove(MDC_COLLECTION);
            MDC.remove(MDC_TYPE);
            MDC.remove(MDC_JOB_ID);
            MDC.remove(MDC_RUN_ID);
        };
    }
}
