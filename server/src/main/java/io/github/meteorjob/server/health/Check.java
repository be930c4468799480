package io.github.meteorjob.server.health;

import java.util.Map;
import java.util.Objects;

/**
 * The outcome of one health check, as MicroProfile Health reports it: a name, UP or DOWN, and data (strings,
 * numbers, booleans) explaining it.
 *
 * @param name the check's name, e.g. {@code job-store}
 * @param up   whether the check passed
 * @param data details (shown only on servers without users)
 */
public record Check(String name, boolean up, Map<String, Object> data) {

    public Check {
        Objects.requireNonNull(name, "name");
        data = Map.copyOf(data);
    }

    /** {@code "UP"} or {@code "DOWN"}. */
    public String status() {
        return up ? "UP" : "DOWN";
    }
}
