package io.github.meteorjob.ddp;

import java.time.Duration;
import java.util.Objects;

/**
 * Exponential backoff with jitter between reconnection attempts:
 * attempt {@code n} (1-based) waits {@code min(maxDelay, initialDelay * multiplier^(n-1))},
 * randomly reduced by up to {@code jitter} (a fraction in [0, 1]).
 *
 * @param initialDelay delay before the first attempt
 * @param maxDelay     upper bound of any delay
 * @param multiplier   growth factor, at least 1
 * @param jitter       fraction of the delay that is randomised, 0..1
 * @param maxAttempts  attempts after one drop before giving up ({@link #UNLIMITED} by default; 0 = never reconnect)
 */
public record ReconnectPolicy(Duration initialDelay, Duration maxDelay, double multiplier, double jitter,
                              int maxAttempts) {

    /** Keep trying for ever. */
    public static final int UNLIMITED = Integer.MAX_VALUE;

    /** 500 ms, doubling up to 30 s, jitter 0.5, unlimited attempts. */
    public static final ReconnectPolicy DEFAULT =
            new ReconnectPolicy(Duration.ofMillis(500), Duration.ofSeconds(30), 2.0, 0.5, UNLIMITED);

    /** Never reconnect: a drop closes the client. */
    public static final ReconnectPolicy NEVER =
            new ReconnectPolicy(Duration.ofMillis(500), Duration.ofSeconds(30), 2.0, 0.5, 0);

    public ReconnectPolicy {
        Objects.requireNonNull(initialDelay, "initialDelay");
        Objects.requireNonNull(maxDelay, "maxDelay");
        if (initialDelay.isNegative()) {
            throw new IllegalArgumentException("initialDelay must not be negative, was " + initialDelay);
        }
        if (maxDelay.compareTo(initialDelay) < 0) {
            throw new IllegalArgumentException("maxDelay " + maxDelay + " is below initialDelay " + initialDelay);
        }
        if (!(multiplier >= 1.0) || Double.isInfinite(multiplier)) {
            throw new IllegalArgumentException("multiplier must be >= 1, was " + multiplier);
        }
        if (!(jitter >= 0.0 && jitter <= 1.0)) {
            throw new IllegalArgumentException("jitter must be in [0, 1], was " + jitter);
        }
        if (maxAttempts < 0) {
            throw new IllegalArgumentException("maxAttempts must be >= 0, was " + maxAttempts);
        }
    }

    /**
     * The delay before attempt {@code attempt} (1-based).
     *
     * @param random a uniformly distributed value in [0, 1) used for the jitter
     */
    public Duration delay(int attempt, double random) {
        if (attempt < 1) {
            throw new IllegalArgumentException("attempt is 1-based, was " + attempt);
        }
        double base = initialDelay.toNanos() * Math.pow(multiplier, Math.min(attempt - 1, 200));
        double capped = Math.min(base, (double) maxDelay.toNanos());
        double jittered = capped * (1.0 - jitter * random);
        return Duration.ofNanos((long) jittered);
    }

    public ReconnectPolicy withMaxAttempts(int maxAttempts) {
        return new ReconnectPolicy(initialDelay, maxDelay, multiplier, jitter, maxAttempts);
    }

    public ReconnectPolicy withInitialDelay(Duration initialDelay) {
        return new ReconnectPolicy(initialDelay, maxDelay.compareTo(initialDelay) < 0 ? initialDelay : maxDelay,
                multiplier, jitter, maxAttempts);
    }

    public ReconnectPolicy withMaxDelay(Duration maxDelay) {
        return new ReconnectPolicy(initialDelay, maxDelay, multiplier, jitter, maxAttempts);
    }
}
