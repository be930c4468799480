package io.github.meteorjob.internal;

import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Logs a repeated identical warning at most once per interval, with how often it occurred meanwhile, so a worker
 * refused every poll leaves one line a minute instead of four a second. Not part of the public API.
 */
public final class RepeatedWarnings {

    /** The default: once a minute. */
    public static final long DEFAULT_INTERVAL_NANOS = 60_000_000_000L;
    private static final int MAX_KEYS = 256;

    private final System.Logger log;
    private final long intervalNanos;
    private final LongSupplier clock;
    private final Map<String, long[]> seen = new HashMap<>();

    public RepeatedWarnings(System.Logger log) {
        this(log, DEFAULT_INTERVAL_NANOS, System::nanoTime);
    }

    public RepeatedWarnings(System.Logger log, long intervalNanos, LongSupplier clock) {
        this.log = log;
        this.intervalNanos = intervalNanos;
        this.clock = clock;
    }

    /**
     * Logs {@code message} at {@code level} unless the same message was logged less than an interval ago; the next
     * line logged for it says how many were left out.
     *
     * @return whether this call wrote a line
     */
    public boolean log(System.Logger.Level level, String message) {
        long now = clock.getAsLong();
        long suppressed;
        synchronized (seen) {
            long[] s = seen.get(message);
            if (s != null && now - s[0] < intervalNanos) {
                s[1]++;
                return false;
            }
            suppressed = s == null ? 0 : s[1];
            if (s == null && seen.size() >= MAX_KEYS) {
                seen.clear();
            }
            seen.put(message, new long[]{now, 0});
        }
        log.log(level, suppressed == 0 ? message
                : message + " (" + suppressed + " more times since the last report)");
        return true;
    }
}
