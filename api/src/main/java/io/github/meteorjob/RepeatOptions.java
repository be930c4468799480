package io.github.meteorjob;

import java.time.Duration;
import java.time.Instant;

/**
 * How often a completed job runs again ({@link Job#repeat(RepeatOptions)}).
 * A {@code null} component takes meteor-job's default. {@code waitTime} and {@code schedule}
 * are mutually exclusive.
 *
 * @param repeats  how many more runs after the first; {@code null} means forever
 * @param waitTime     time between runs (default 5 minutes)
 * @param schedule a later.js schedule instead of a fixed wait
 * @param until    no repeat is scheduled after this instant (default: forever)
 */
public record RepeatOptions(Long repeats, Duration waitTime, Schedule schedule, Instant until) {

    public RepeatOptions {
        Checks.nonNegativeInteger("repeats", repeats);
        Checks.nonNegative("wait", waitTime);
        if (waitTime != null && schedule != null) {
            throw new IllegalArgumentException("wait and schedule are mutually exclusive");
        }
    }

    /** Repeat {@code repeats} times with the default wait. */
    public static RepeatOptions repeats(long repeats) {
        return new RepeatOptions(repeats, null, null, null);
    }

    /** Repeat forever (until {@code until}, if set). */
    public static RepeatOptions forever() {
        return new RepeatOptions(null, null, null, null);
    }

    /**
     * Repeat forever, {@code waitTime} after each run: what meteor-job's {@code repeat({wait})} without
     * {@code repeats} means.
     */
    public static RepeatOptions every(Duration waitTime) {
        return forever().withWait(waitTime);
    }

    /** Repeat forever on {@code schedule}: meteor-job's {@code repeat({schedule})} without {@code repeats}. */
    public static RepeatOptions on(Schedule schedule) {
        return forever().withSchedule(schedule);
    }

    public RepeatOptions withWait(Duration waitTime) {
        return new RepeatOptions(repeats, waitTime, schedule, until);
    }

    public RepeatOptions withSchedule(Schedule schedule) {
        return new RepeatOptions(repeats, waitTime, schedule, until);
    }

    public RepeatOptions withUntil(Instant until) {
        return new RepeatOptions(repeats, waitTime, schedule, until);
    }
}
