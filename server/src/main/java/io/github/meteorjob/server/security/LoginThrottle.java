package io.github.meteorjob.server.security;

import io.github.meteorjob.DdpException;
import jakarta.json.Json;

import java.util.ArrayDeque;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Limits password guessing across connections: after a number of free failures for one user name,
 * or from one remote address, each further attempt must wait twice as long as the one before
 * (1 s, 2 s, 4 s, ... up to {@link #MAX_BACKOFF_MILLIS}), measured from the last failure. The counts live
 * in the server, so reconnecting does not reset them; a successful login clears its user's count
 * (not the address's, so one known account cannot be used to reset the guessing budget of an address).
 * Counts are forgotten {@link #FORGET_AFTER_MILLIS} after the last failure.
 */
public final class LoginThrottle {

    /** Failed password logins for one user name before backoff starts. */
    public static final int DEFAULT_FREE_FAILURES_PER_USER = 5;
    /** Failed password logins from one address before backoff starts (higher: many workers share 127.0.0.1). */
    public static final int DEFAULT_FREE_FAILURES_PER_ADDRESS = 20;
    /** 5 minutes. */
    public static final long MAX_BACKOFF_MILLIS = 5 * 60_000L;
    /** 15 minutes. */
    public static final long FORGET_AFTER_MILLIS = 15 * 60_000L;
    /** Keys kept at most; beyond that the oldest harmless entries are dropped so guessing cannot fill the heap. */
    static final int MAX_ENTRIES = 100_000;

    private record Failures(int count, long lastMillis) {
    }

    private final int freePerUser;
    private final int freePerAddress;
    private final LongSupplier clockMillis;
    private final Map<String, Failures> failures = new ConcurrentHashMap<>();

    public LoginThrottle(int freePerUser, int freePerAddress, LongSupplier clockMillis) {
        if (freePerUser < 1 || freePerAddress < 1) {
            throw new IllegalArgumentException("free failures must be at least 1, got " + freePerUser + " and " + freePerAddress);
        }
        this.freePerUser = freePerUser;
        this.freePerAddress = freePerAddress;
        this.clockMillis = clockMillis;
    }

    public LoginThrottle() {
        this(DEFAULT_FREE_FAILURES_PER_USER, DEFAULT_FREE_FAILURES_PER_ADDRESS, () -> System.nanoTime() / 1_000_000);
    }

    /**
     * Refuses an attempt for {@code user} (the name as sent, may be null) from {@code address} (may be null)
     * while either is backing off.
     *
     * @throws DdpException {@code too-many-requests} with {@code details.timeToReset} in milliseconds
     */
    public void check(String user, String address) {
        long now = clockMillis.getAsLong();
        long wait = Math.max(waitMillis(userKey(user), freePerUser, now), waitMillis(addressKey(address), freePerAddress, now));
        if (wait > 0) {
            throw tooManyRequests(wait);
        }
    }

    /** Counts a failed attempt. */
    public void failed(String user, String address) {
        long now = clockMillis.getAsLong();
        if (failures.size() >= MAX_ENTRIES) {
            prune(now);
        }
        for (String key : new String[]{userKey(user), addressKey(address)}) {
            if (key != null) {
                failures.merge(key, new Failures(1, now), (old, one) ->
                        new Failures(expired(old, now) ? 1 : old.count() + 1, now));
            }
        }
    }

    /** A successful login clears the user's count. */
    public void succeeded(String user) {
        String key = userKey(user);
        if (key != null) {
            failures.remove(key);
        }
    }

    /** Meteor's rate-limit error, as its {@code DDPRateLimiter} sends it. */
    public static DdpException tooManyRequests(long waitMillis) {
        return new DdpException(Json.createValue("too-many-requests"), "Error, too many requests. Please slow down. "
                + "You must wait " + (waitMillis + 999) / 1000 + " seconds before trying again.",
                Json.createObjectBuilder().add("timeToReset", waitMillis).build());
    }

    private long waitMillis(String key, int free, long now) {
        Failures f = key == null ? null : failures.get(key);
        if (f == null || expired(f, now) || f.count() < free) {
            return 0;
        }
        int over = Math.min(30, f.count() - free);
        long backoff = Math.min(MAX_BACKOFF_MILLIS, 1000L << over);
        return Math.max(0, f.lastMillis() + backoff - now);
    }

    private static boolean expired(Failures f, long now) {
        return now - f.lastMillis() > FORGET_AFTER_MILLIS;
    }

    private void prune(long now) {
        failures.values().removeIf(f -> expired(f, now));
        if (failures.size() >= MAX_ENTRIES) {
            // still full: drop the entries that are not backing off anyone
            failures.entrySet().removeIf(e -> e.getValue().count() < Math.min(freePerUser, freePerAddress));
        }
    }

    private static String userKey(String user) {
        return user == null ? null : "user:" + user.toLowerCase(Locale.ROOT);
    }

    private static String addressKey(String address) {
        return address == null ? null : "address:" + address;
    }

    /**
     * Meteor's default rule for {@code login} on one connection: 5 failures per 10 s. Not thread safe:
     * one per connection, used by its method thread.
     */
    public static final class ConnectionWindow {
        private static final int MAX_FAILED = 5;
        private static final long WINDOW_NANOS = 10_000_000_000L;
        private final ArrayDeque<Long> failed = new ArrayDeque<>();

        /** @throws DdpException {@code too-many-requests} while the connection is over the limit */
        public void check() {
            long now = System.nanoTime();
            while (!failed.isEmpty() && now - failed.peekFirst() > WINDOW_NANOS) {
                failed.pollFirst();
            }
            if (failed.size() >= MAX_FAILED) {
                throw tooManyRequests(Math.max(1, (WINDOW_NANOS - (now - failed.peekFirst())) / 1_000_000));
            }
        }

        public void failed() {
            failed.addLast(System.nanoTime());
        }
    }
}
