package io.github.meteorjob.observability;

import io.github.meteorjob.JobContext;
import org.slf4j.MDC;

/** The SLF4J side of {@link LogContext}; loaded only when SLF4J is present. */
final class Slf4jMdc {

    private Slf4jMdc() {
    }

    static AutoCloseable put(JobContext c) {
        MDC.put(LogContext.MDC_COLLECTION, c.collection());
        MDC.put(LogContext.MDC_TYPE, c.type());
        MDC.put(LogContext.MDC_JOB_ID, c.jobId());
        MDC.put(LogContext.MDC_RUN_ID, c.runId());
        return () -> {
            MDC.remove(LogContext.MDC_COLLECTION);
            MDC.remove(LogContext.MDC_TYPE);
            MDC.remove(LogContext.MDC_JOB_ID);
            MDC.remove(LogContext.MDC_RUN_ID);
        };
    }
}
