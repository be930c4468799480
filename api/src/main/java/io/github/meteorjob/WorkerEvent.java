package io.github.meteorjob;

import java.time.Duration;

/**
 * Fired asynchronously by the CDI integration ({@code @ObservesAsync WorkerEvent}) around each job
 * it hands to a {@link ProcessJobs} observer. Carries ids only, never job data.
 *
 * @param kind       what happened
 * @param collection the job collection's root name
 * @param type       the job type
 * @param jobId      the job's id
 * @param duration   how long the worker ran (zero for {@link Kind#STARTED})
 * @param error      for {@link Kind#FAILED}: the exception's class and message, otherwise {@code null}
 */
public record WorkerEvent(Kind kind, String collection, String type, String jobId, Duration duration, String error) {

    /** Job lifecycle steps seen by the worker side. */
    public enum Kind {
        /** The job was handed to the observer. */
        STARTED,
        /** The observer returned normally (the job was marked done unless it completed it itself). */
        COMPLETED,
        /** The observer threw; the job was failed with the exception. */
        FAILED
    }
}
