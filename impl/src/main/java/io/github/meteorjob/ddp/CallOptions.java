package io.github.meteorjob.ddp;

import java.time.Duration;

/**
 * Per-call options.
 *
 * @param timeout    how long to wait for the result; {@code null} means the client's default
 * @param idempotent whether the call may be sent again when the link drops before its result
 *                   arrives (safe for reads and for calls whose repetition has no effect)
 */
public record CallOptions(Duration timeout, boolean idempotent) {

    /** Client default timeout, not idempotent. */
    public static final CallOptions DEFAULT = new CallOptions(null, false);

    /** Client default timeout, idempotent. */
    public static final CallOptions IDEMPOTENT = new CallOptions(null, true);

    /** Checks that a given timeout is positive. */
    public CallOptions {
        if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
            throw new IllegalArgumentException("timeout must be positive, was " + timeout);
        }
    }

    /** These options with another timeout ({@code null} = the client's default). */
    public CallOptions withTimeout(Duration timeout) {
        return new CallOptions(timeout, idempotent);
    }

    /** These options with another idempotence. */
    public CallOptions withIdempotent(boolean idempotent) {
        return new CallOptions(timeout, idempotent);
    }
}
