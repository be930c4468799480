package io.github.meteorjob.server.jobs;

import io.github.meteorjob.JobStatus;

import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How long finished jobs are kept: per finished status ({@code completed}, {@code cancelled}, {@code failed}), the
 * time after a job's last update at which the server removes it. Statuses without a period are kept for ever;
 * {@link #NONE} keeps everything (job-collection's behaviour). A job that another unfinished job depends on is
 * kept until that job finishes too.
 *
 * @param periods retention period per finished status
 */
public record RetentionPolicy(Map<JobStatus, Duration> periods) {

    /** Keeps every job for ever. */
    public static final RetentionPolicy NONE = new RetentionPolicy(Map.of());

    private static final Pattern ENTRY = Pattern.compile("\\s*([a-z]+)\\s*=\\s*(\\d+)\\s*(ms|s|m|h|d)\\s*");

    public RetentionPolicy {
        EnumMap<JobStatus, Duration> m = new EnumMap<>(JobStatus.class);
        Objects.requireNonNull(periods, "periods").forEach((s, d) -> {
            Objects.requireNonNull(s, "status");
            Objects.requireNonNull(d, "period");
            if (!s.isRemovable()) {
                throw new IllegalArgumentException("only finished jobs (completed, cancelled, failed) can be retained for a "
                        + "period, not " + s.wireName());
            }
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("retention period of " + s.wireName() + " must be positive, got " + d);
            }
            m.put(s, d);
        });
        periods = Collections.unmodifiableMap(m);
    }

    /** Whether any status has a period (the server removes jobs at all). */
    public boolean isEnabled() {
        return !periods.isEmpty();
    }

    /** This policy with {@code status} kept for {@code period}. */
    public RetentionPolicy with(JobStatus status, Duration period) {
        Map<JobStatus, Duration> m = new EnumMap<>(JobStatus.class);
        m.putAll(periods);
        m.put(status, period);
        return new RetentionPolicy(m);
    }

    /**
     * Parses {@code completed=7d,cancelled=7d,failed=30d}: comma-separated {@code status=<n><unit>} with unit
     * {@code ms}, {@code s}, {@code m}, {@code h} or {@code d}, each status at most once.
     *
     * @throws IllegalArgumentException naming the part that is wrong
     */
    public static RetentionPolicy parse(String spec) {
        Objects.requireNonNull(spec, "spec");
        RetentionPolicy p = NONE;
        for (String part : spec.split(",")) {
            Matcher m = ENTRY.matcher(part.toLowerCase(Locale.ROOT));
            if (!m.matches()) {
                throw new IllegalArgumentException("retention '" + part.trim() + "' is not status=<number><ms|s|m|h|d>, "
                        + "e.g. completed=7d");
            }
            JobStatus status;
            try {
                status = JobStatus.fromWire(m.group(1));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("retention '" + part.trim() + "': unknown status '" + m.group(1)
                        + "'; use completed, cancelled or failed", e);
            }
            if (p.periods.containsKey(status)) {
                // a second period for one status is a typo, not an override: say so rather than pick one
                throw new IllegalArgumentException("retention '" + part.trim() + "': " + status.wireName()
                        + " is given twice; give each status once");
            }
            Duration d;
            try {
                long n = Long.parseLong(m.group(2));
                d = switch (m.group(3)) {
                    case "ms" -> Duration.ofMillis(n);
                    case "s" -> Duration.ofSeconds(n);
                    case "m" -> Duration.ofMinutes(n);
                    case "h" -> Duration.ofHours(n);
                    default -> Duration.ofDays(n);
                };
            } catch (ArithmeticException | NumberFormatException e) {
                // more digits than a long, or more seconds than a Duration: either way no period a server can wait
                throw new IllegalArgumentException("retention '" + part.trim() + "': period " + m.group(2) + m.group(3)
                        + " is too long", e);
            }
            p = p.with(status, d);
        }
        return p;
    }
}
