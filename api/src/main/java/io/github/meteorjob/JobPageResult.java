package io.github.meteorjob;

import java.util.List;
import java.util.Objects;

/**
 * One page of {@link JobCollection#findJobs}.
 *
 * @param total number of jobs matching the filter (all pages)
 * @param jobs  the jobs of the page, in the requested order
 * @param page  the request this page answers
 */
public record JobPageResult(long total, List<Job> jobs, PageRequest page) {

    public JobPageResult {
        jobs = List.copyOf(jobs);
        Objects.requireNonNull(page, "page");
    }

    /** Whether jobs follow this page. */
    public boolean hasNext() {
        return (long) page.skip() + jobs.size() < total;
    }
}
