package io.github.meteorjob;

import java.time.Instant;

/**
 * A range of instants for a {@link JobFilter}: {@code from} inclusive, {@code to} exclusive; either end may be
 * {@code null} (unbounded).
 *
 * @param from first instant in the range, or {@code null}
 * @param to   first instant after the range, or {@code null}
 */
public record TimeRange(Instant from, Instant to) {

    /** Every instant. */
    public static final TimeRange ANY = new TimeRange(null, null);

    public TimeRange {
        if (from != null && to != null && to.isBefore(from)) {
            throw new IllegalArgumentException("time range ends (" + to + ") before it starts (" + from + ")");
        }
    }

    /** Whether neither end is set. */
    public boolean isUnbounded() {
        return from == null && to == null;
    }

    /** Whether {@code t} lies in the range. */
    public boolean contains(Instant t) {
        return (from == null || !t.isBefore(from)) && (to == null || t.isBefore(to));
    }
}
