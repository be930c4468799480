package io.github.meteorjob;

import java.time.Duration;

/**
 * Fired asynchronously by the CDI integration ({@code @ObservesAsync JobEvent}) around each job
 * it hands to a {@link ProcessJobs} worker. Carries ids only, never job data.
 *
 * @param kind       what happened
 * @param collection the job collection's root name
 * @param type       the job type
 * @param jobId      the job's id
 * @param duration   how long the worker ran (zero for {@link Kind#STARTED})
 * @param error      for {@link Kind#FAILED}: the exception's class and message, otherwise {@code null}
 */
public record JobEvent(Kind kind, String collection, String type, String jobId, Duration duration, String error) {

    /** Job lifecycle steps seen by the worker side. */
    public enum Kind {
        /** The job was handed to the worker. */
        STARTED,
        /** The worker returned normally (or completed the job itself). */
        COMPLETED,
        /** The worker threw; the job was failed with the exception. */
        FAILED
    }
}
