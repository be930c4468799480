package io.github.meteorjob;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * How many jobs there are, per status and per type and status (the answer of
 * {@link JobCollection#countJobs(JobFilter)}). Statuses and types without jobs may be absent from the maps; the
 * {@code count} methods answer 0 for them.
 *
 * @param total    number of jobs counted
 * @param byStatus jobs per status
 * @param byType   per type: jobs per status
 */
public record JobCounts(long total, Map<JobStatus, Long> byStatus, Map<String, Map<JobStatus, Long>> byType) {

    /** No jobs at all. */
    public static final JobCounts EMPTY = new JobCounts(0, Map.of(), Map.of());

    public JobCounts {
        if (total < 0) {
            throw new IllegalArgumentException("total must be >= 0, got " + total);
        }
        byStatus = statusMap(Objects.requireNonNull(byStatus, "byStatus"));
        Map<String, Map<JobStatus, Long>> types = new TreeMap<>();
        Objects.requireNonNull(byType, "byType").forEach((t, m) -> types.put(Objects.requireNonNull(t, "type"), statusMap(m)));
        byType = Collections.unmodifiableMap(types);
    }

    private static Map<JobStatus, Long> statusMap(Map<JobStatus, Long> m) {
        EnumMap<JobStatus, Long> out = new EnumMap<>(JobStatus.class);
        m.forEach((s, n) -> {
            if (Objects.requireNonNull(n, "count") < 0) {
                throw new IllegalArgumentException("count of " + s + " must be >= 0, got " + n);
            }
            if (n > 0) {
                out.put(Objects.requireNonNull(s, "status"), n);
            }
        });
        return Collections.unmodifiableMap(out);
    }

    /** Jobs with this status. */
    public long count(JobStatus status) {
        return byStatus.getOrDefault(status, 0L);
    }

    /** Jobs of this type (any status). */
    public long count(String type) {
        Map<JobStatus, Long> m = byType.get(type);
        return m == null ? 0 : m.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Jobs of this type with this status. */
    public long count(String type, JobStatus status) {
        Map<JobStatus, Long> m = byType.get(type);
        return m == null ? 0 : m.getOrDefault(status, 0L);
    }
}
