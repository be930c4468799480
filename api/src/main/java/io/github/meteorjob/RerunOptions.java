package io.github.meteorjob;

import java.time.Duration;
import java.time.Instant;

/**
 * Options of {@link Job#rerun(RerunOptions)}. {@code waitTime} and {@code schedule} are mutually exclusive;
 * when both are {@code null} the job's own {@code repeatWait} is sent.
 *
 * @param repeats  repeats of the new job (default 0)
 * @param waitTime     wait between its repeats
 * @param schedule a later.js schedule instead of {@code waitTime}
 * @param until    repeat deadline; {@code null} for the server's default
 */
public record RerunOptions(long repeats, Duration waitTime, Schedule schedule, Instant until) {

    /** No repeats, the job's own repeat wait. */
    public static final RerunOptions DEFAULT = new RerunOptions(0, null, null, null);

    public RerunOptions {
        Checks.nonNegativeInteger("repeats", repeats);
        Checks.nonNegative("wait", waitTime);
        if (waitTime != null && schedule != null) {
            throw new IllegalArgumentException("wait and schedule are mutually exclusive");
        }
    }
}
