package io.github.meteorjob;

import java.time.Duration;
import java.time.Instant;

/**
 * How often and when a failed job is retried ({@link Job#retry(RetryOptions)}).
 * A {@code null} component takes meteor-job's default.
 *
 * @param retries how many times the job may be retried after its first run; {@code null} means forever
 * @param waitTime    time before the next attempt (default 5 minutes)
 * @param backoff whether the wait stays constant or doubles with every retry (default constant)
 * @param until   no retry is scheduled after this instant (default: forever)
 */
public record RetryOptions(Long retries, Duration waitTime, BackoffMethod backoff, Instant until) {

    public RetryOptions {
        Checks.nonNegativeInteger("retries", retries);
        Checks.nonNegative("wait", waitTime);
    }

    /** Retry {@code retries} times with the default wait and backoff. */
    public static RetryOptions retries(long retries) {
        return new RetryOptions(retries, null, null, null);
    }

    /** Retry forever (until {@code until}, if set). */
    public static RetryOptions forever() {
        return new RetryOptions(null, null, null, null);
    }

    /**
     * Retry forever, waiting {@code waitTime} before each attempt: what meteor-job's {@code retry({wait})} without
     * {@code retries} means.
     */
    public static RetryOptions every(Duration waitTime) {
        return forever().withWait(waitTime);
    }

    public RetryOptions withWait(Duration waitTime) {
        return new RetryOptions(retries, waitTime, backoff, until);
    }

    public RetryOptions withBackoff(BackoffMethod backoff) {
        return new RetryOptions(retries, waitTime, backoff, until);
    }

    public RetryOptions withUntil(Instant until) {
        return new RetryOptions(retries, waitTime, backoff, until);
    }
}
