package io.github.meteorjob;

import java.util.Iterator;
import java.util.List;
import java.util.Objects;

/**
 * The event a {@link ProcessJobs} observer receives when its {@code payload} is greater than 1:
 * up to {@code payload} jobs fetched together (they share one run id).
 *
 * <pre>{@code
 * void resize(@Observes @ProcessJobs(collection = "jobPile", type = "resize", payload = 10) JobBatch batch) {
 *     for (Job job : batch) { ... }
 * }
 * }</pre>
 *
 * <p>When the observer returns normally, every job of the batch it did not complete itself is
 * marked done; when it throws, those jobs are failed with the exception. Individual jobs may be
 * completed with {@link Job#done} / {@link Job#fail} inside the observer.
 *
 * @param jobs the jobs, never empty
 */
public record JobBatch(List<Job> jobs) implements Iterable<Job> {

    public JobBatch {
        Objects.requireNonNull(jobs, "jobs");
        jobs = List.copyOf(jobs);
    }

    /** Number of jobs in the batch. */
    public int size() {
        return jobs.size();
    }

    @Override
    public Iterator<Job> iterator() {
        return jobs.iterator();
    }
}
