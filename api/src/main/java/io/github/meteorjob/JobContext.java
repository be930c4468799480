package io.github.meteorjob;

import java.util.Optional;

/**
 * Which job the current thread is working on: set by the worker queue while a worker function or
 * {@code @ProcessJobs} observer runs for one job, so the application's own logging can name the job. Where SLF4J is
 * present the same values are also in its MDC (keys in docs/observability.md).
 *
 * @param collection the collection root
 * @param type       the job type
 * @param jobId      the job's id
 * @param runId      the id of this run of the job
 */
public record JobContext(String collection, String type, String jobId, String runId) {

    private static final ThreadLocal<JobContext> CURRENT = new ThreadLocal<>();

    /** The job the calling thread's worker is running, if any (empty outside a worker and for batch workers). */
    public static Optional<JobContext> current() {
        return Optional.ofNullable(CURRENT.get());
    }

    /**
     * Makes this the current context until the returned scope is closed (which restores the previous one).
     * Called by the worker queue; applications normally only read {@link #current()}.
     */
    public Scope enter() {
        JobContext previous = CURRENT.get();
        CURRENT.set(this);
        return () -> {
            if (previous == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(previous);
            }
        };
    }

    /** Ends a context set by {@link #enter()}. */
    @FunctionalInterface
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }

    @Override
    public String toString() {
        return "collection=" + collection + " type=" + type + " job=" + jobId + " run=" + runId;
    }
}
