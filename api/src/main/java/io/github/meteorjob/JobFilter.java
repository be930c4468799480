package io.github.meteorjob;

import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/**
 * Which jobs {@link JobCollection#findJobs} and {@link JobCollection#countJobs} look at: every constraint that is
 * set must hold. An empty set, a {@code null} or blank text and an unbounded range constrain nothing, so
 * {@link #ALL} matches every job. Served by meteor-job servers only (the job query extension of docs/protocol.md).
 *
 * <pre>{@code
 * JobFilter failedMail = JobFilter.ALL.withStatuses(JobStatus.FAILED).withTypes("email");
 * }</pre>
 *
 * @param ids      job ids
 * @param statuses job statuses
 * @param types    job types
 * @param text     ignoring case: the start of the job's id, or any part of its type (docs/protocol.md)
 * @param created  range of the job's {@code created} time
 * @param updated  range of the job's {@code updated} time
 */
public record JobFilter(Set<String> ids, Set<JobStatus> statuses, Set<String> types, String text,
                        TimeRange created, TimeRange updated) {

    /** Every job. */
    public static final JobFilter ALL = new JobFilter(Set.of(), Set.of(), Set.of(), null, TimeRange.ANY, TimeRange.ANY);

    public JobFilter {
        ids = strings(ids, "ids");
        statuses = statuses == null || statuses.isEmpty() ? Set.of()
                : Collections.unmodifiableSet(EnumSet.copyOf(statuses));
        types = strings(types, "types");
        text = text == null || text.isBlank() ? null : text;
        created = created == null ? TimeRange.ANY : created;
        updated = updated == null ? TimeRange.ANY : updated;
    }

    private static Set<String> strings(Collection<String> values, String what) {
        if (values == null || values.isEmpty()) {
            return Set.of();
        }
        Set<String> out = new LinkedHashSet<>();
        for (String v : values) {
            out.add(Objects.requireNonNull(v, () -> what + " must not contain null"));
        }
        return Collections.unmodifiableSet(out);
    }

    /**
     * Whether a job with these fields matches every constraint of this filter.
     *
     * @param created the job's creation time, or {@code null} when unknown (then no created range matches)
     * @param updated the job's last update, or {@code null} when unknown (then no updated range matches)
     */
    public boolean matches(String id, String type, JobStatus status, Instant created, Instant updated) {
        return (ids.isEmpty() || ids.contains(id))
                && (statuses.isEmpty() || statuses.contains(status))
                && (types.isEmpty() || types.contains(type))
                && matchesText(id, type)
                && (created().isUnbounded() || created != null && created().contains(created))
                && (updated().isUnbounded() || updated != null && updated().contains(updated));
    }

    /**
     * Whether the text constraint holds: no text, or, ignoring case, the id starts with it or the type contains it.
     * (Ids by their start, so that a server answers from a sorted index whatever the number of jobs.)
     */
    public boolean matchesText(String id, String type) {
        return text == null || id.regionMatches(true, 0, text, 0, text.length()) || containsIgnoreCase(type, text);
    }

    private static boolean containsIgnoreCase(String hay, String needle) {
        int n = needle.length();
        for (int i = 0; i + n <= hay.length(); i++) {
            if (hay.regionMatches(true, i, needle, 0, n)) {
                return true;
            }
        }
        return false;
    }

    /** This filter restricted to the given job ids. */
    public JobFilter withIds(Collection<String> newIds) {
        return new JobFilter(Set.copyOf(newIds), statuses, types, text, created, updated);
    }

    /** This filter restricted to jobs with one of the given statuses. */
    public JobFilter withStatuses(JobStatus... newStatuses) {
        return new JobFilter(ids, Set.copyOf(Arrays.asList(newStatuses)), types, text, created, updated);
    }

    /** This filter restricted to jobs of one of the given types. */
    public JobFilter withTypes(String... newTypes) {
        return new JobFilter(ids, statuses, new LinkedHashSet<>(Arrays.asList(newTypes)), text, created, updated);
    }

    /** This filter restricted to jobs whose id starts with {@code newText} or whose type contains it, ignoring case. */
    public JobFilter withText(String newText) {
        return new JobFilter(ids, statuses, types, newText, created, updated);
    }

    /** This filter restricted to jobs created in {@code range}. */
    public JobFilter withCreated(TimeRange range) {
        return new JobFilter(ids, statuses, types, text, range, updated);
    }

    /** This filter restricted to jobs last updated in {@code range}. */
    public JobFilter withUpdated(TimeRange range) {
        return new JobFilter(ids, statuses, types, text, created, range);
    }
}
