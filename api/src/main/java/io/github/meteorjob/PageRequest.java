package io.github.meteorjob;

import java.util.Objects;

/**
 * Which page of the matching jobs {@link JobCollection#findJobs} returns: sorted by {@code sort} (ties broken by
 * the job id, in the same direction, so paging is stable), {@code skip} jobs left out, at most {@code limit}
 * returned.
 *
 * @param sort       the field to sort by
 * @param descending largest first (the default) or smallest first
 * @param skip       jobs to leave out before the page, ≥ 0
 * @param limit      most jobs on the page, 1..{@value #MAX_LIMIT}
 * @param log        whether the job documents include their {@code log}
 */
public record PageRequest(JobSort sort, boolean descending, int skip, int limit, boolean log) {

    /** The largest page the server returns. */
    public static final int MAX_LIMIT = 1000;
    /** The page size when none is given. */
    public static final int DEFAULT_LIMIT = 50;
    /** The first {@value #DEFAULT_LIMIT} jobs, most recently updated first, without logs. */
    public static final PageRequest FIRST = new PageRequest(JobSort.UPDATED, true, 0, DEFAULT_LIMIT, false);

    public PageRequest {
        Objects.requireNonNull(sort, "sort");
        if (skip < 0) {
            throw new IllegalArgumentException("skip must be >= 0, got " + skip);
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be 1.." + MAX_LIMIT + ", got " + limit);
        }
    }

    /** The first page of {@code limit} jobs, most recently updated first. */
    public static PageRequest first(int limit) {
        return FIRST.withLimit(limit);
    }

    /** This request sorted by {@code newSort}, largest first when {@code desc}. */
    public PageRequest sortedBy(JobSort newSort, boolean desc) {
        return new PageRequest(newSort, desc, skip, limit, log);
    }

    public PageRequest withSkip(int newSkip) {
        return new PageRequest(sort, descending, newSkip, limit, log);
    }

    public PageRequest withLimit(int newLimit) {
        return new PageRequest(sort, descending, skip, newLimit, log);
    }

    public PageRequest withLog(boolean newLog) {
        return new PageRequest(sort, descending, skip, limit, newLog);
    }

    /** The page after this one (same size and order). */
    public PageRequest next() {
        return withSkip(skip + limit);
    }
}
