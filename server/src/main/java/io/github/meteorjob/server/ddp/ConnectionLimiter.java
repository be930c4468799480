package io.github.meteorjob.server.ddp;

import java.util.HashMap;
import java.util.Map;

/** Counts open connections in total and per remote address against the configured caps. */
final class ConnectionLimiter {

    private final int maxTotal;
    private final int maxPerAddress;
    private final Map<String, Integer> byAddress = new HashMap<>();
    private int total;

    ConnectionLimiter(int maxTotal, int maxPerAddress) {
        this.maxTotal = maxTotal;
        this.maxPerAddress = maxPerAddress;
    }

    /** Why a new connection from {@code address} would be refused now, or {@code null} when there is room. */
    synchronized String refusal(String address) {
        if (total >= maxTotal) {
            return "too many connections (server limit " + maxTotal + ")";
        }
        if (byAddress.getOrDefault(key(address), 0) >= maxPerAddress) {
            return "too many connections from this address (limit " + maxPerAddress + ")";
        }
        return null;
    }

    /** Takes a slot for {@code address}; returns the refusal instead when the caps are reached. */
    synchronized String acquire(String address) {
        String refusal = refusal(address);
        if (refusal == null) {
            total++;
            byAddress.merge(key(address), 1, Integer::sum);
        }
        return refusal;
    }

    synchronized void release(String address) {
        total--;
        byAddress.computeIfPresent(key(address), (k, n) -> n <= 1 ? null : n - 1);
    }

    private static String key(String address) {
        return address == null ? "" : address;
    }
}
