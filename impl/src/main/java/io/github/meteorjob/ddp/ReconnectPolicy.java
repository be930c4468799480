package io.github.meteorjob.ddp;

import java.time.Duration;
import java.util.Objects;

/**
 * When to try again after the connection dropped: a pure function of the attempt number and the age of the
 * outage, so it can be tested without a clock.
 *
 * <p>While the outage is younger than {@code fastWindow}, attempts come every {@code fastDelay}: a short
 * outage (a server restart, a deploy) is over within about {@code fastDelay} of the server accepting
 * connections again, and a refused TCP connect costs the server next to nothing. After the window the delay
 * grows exponentially: attempt {@code n} past the window waits {@code min(maxDelay, initialDelay * multiplier^(n-1))},
 * so a server that stays down is not hammered. Every delay is randomly reduced by up to {@code jitter}
 * (a fraction in [0, 1]) so that many clients do not return in lock step. With {@code fastWindow} zero this is
 * plain exponential backoff.
 *
 * @param fastDelay    delay between attempts while the outage is younger than {@code fastWindow}
 * @param fastWindow   how long after the drop the fast attempts go on; zero for none
 * @param initialDelay delay of the first attempt after the window
 * @param maxDelay     upper bound of any delay after the window
 * @param multiplier   growth factor after the window, at least 1
 * @param jitter       fraction of the delay that is randomised, 0..1
 * @param maxAttempts  attempts after one drop before giving up ({@link #UNLIMITED} by default; 0 = never reconnect)
 */
public record ReconnectPolicy(Duration fastDelay, Duration fastWindow, Duration initialDelay, Duration maxDelay,
                              double multiplier, double jitter, int maxAttempts) {

    /** Keep trying for ever. */
    public static final int UNLIMITED = Integer.MAX_VALUE;

    /**
     * Every 250 ms (jittered down to 125 ms) for the first 60 s of an outage, then 500 ms doubling up to 30 s;
     * jitter 0.5, unlimited attempts. The first step after the window is short so that a server back right
     * at the 60 s mark is still found within about half a second.
     */
    public static final ReconnectPolicy DEFAULT = new ReconnectPolicy(Duration.ofMillis(250), Duration.ofSeconds(60),
            Duration.ofMillis(500), Duration.ofSeconds(30), 2.0, 0.5, UNLIMITED);

    /** Never reconnect: a drop closes the client. */
    public static final ReconnectPolicy NEVER = DEFAULT.withMaxAttempts(0);

    /** Checks every value; {@link IllegalArgumentException} names the one out of range. */
    public ReconnectPolicy {
        Objects.requireNonNull(fastDelay, "fastDelay");
        Objects.requireNonNull(fastWindow, "fastWindow");
        Objects.requireNonNull(initialDelay, "initialDelay");
        Objects.requireNonNull(maxDelay, "maxDelay");
        if (fastDelay.isNegative()) {
            throw new IllegalArgumentException("fastDelay must not be negative, was " + fastDelay);
        }
        if (fastWindow.isNegative()) {
            throw new IllegalArgumentException("fastWindow must not be negative, was " + fastWindow);
        }
        if (!fastWindow.isZero() && fastDelay.isZero()) {
            throw new IllegalArgumentException("fastDelay must be positive when fastWindow (" + fastWindow
                    + ") is set, or the client would reconnect in a busy loop");
        }
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

    /** Plain exponential backoff: no fast window. */
    public ReconnectPolicy(Duration initialDelay, Duration maxDelay, double multiplier, double jitter, int maxAttempts) {
        this(Duration.ZERO, Duration.ZERO, initialDelay, maxDelay, multiplier, jitter, maxAttempts);
    }

    /**
     * The delay before attempt {@code attempt} (1-based, counted from the drop) when the outage is
     * {@code outageAge} old.
     *
     * @param random a uniformly distributed value in [0, 1) used for the jitter
     */
    public Duration delay(int attempt, Duration outageAge, double random) {
        if (attempt < 1) {
            throw new IllegalArgumentException("attempt is 1-based, was " + attempt);
        }
        Objects.requireNonNull(outageAge, "outageAge");
        double base;
        if (outageAge.compareTo(fastWindow) < 0) {
            base = fastDelay.toNanos();
        } else {
            // count the attempts after the window; the nominal number made inside it is window / fastDelay
            long fastAttempts = fastWindow.isZero() ? 0 : fastWindow.toNanos() / fastDelay.toNanos();
            long n = Math.max(1, attempt - fastAttempts);
            base = Math.min(initialDelay.toNanos() * Math.pow(multiplier, Math.min(n - 1, 200)),
                    (double) maxDelay.toNanos());
        }
        return Duration.ofNanos((long) (base * (1.0 - jitter * random)));
    }

    /** The delay of plain exponential backoff, ignoring the fast window: {@code delay(attempt, ∞, random)}. */
    public Duration delay(int attempt, double random) {
        return withFastWindow(Duration.ZERO, Duration.ZERO).delay(attempt, Duration.ZERO, random);
    }

    /** This policy with another limit of attempts after one drop (0 = never reconnect). */
    public ReconnectPolicy withMaxAttempts(int maxAttempts) {
        return new ReconnectPolicy(fastDelay, fastWindow, initialDelay, maxDelay, multiplier, jitter, maxAttempts);
    }

    /** Attempts every {@code fastDelay} while the outage is younger than {@code fastWindow}; zero window for none. */
    public ReconnectPolicy withFastWindow(Duration fastDelay, Duration fastWindow) {
        return new ReconnectPolicy(fastDelay, fastWindow, initialDelay, maxDelay, multiplier, jitter, maxAttempts);
    }

    /** This policy with another first delay after the fast window; {@code maxDelay} is raised to it if below. */
    public ReconnectPolicy withInitialDelay(Duration initialDelay) {
        return new ReconnectPolicy(fastDelay, fastWindow, initialDelay,
                maxDelay.compareTo(initialDelay) < 0 ? initialDelay : maxDelay, multiplier, jitter, maxAttempts);
    }

    /** This policy with another upper bound of the delays after the fast window. */
    public ReconnectPolicy withMaxDelay(Duration maxDelay) {
        return new ReconnectPolicy(fastDelay, fastWindow, initialDelay, maxDelay, multiplier, jitter, maxAttempts);
    }
}
