package io.github.meteorjob;

import java.util.Locale;

/** Level of a job log entry, in increasing severity. */
public enum LogLevel {
    INFO, SUCCESS, WARNING, DANGER;

    /** The name used on the wire, e.g. {@code "info"}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The level with the given wire name.
     *
     * @throws IllegalArgumentException when the name is not info, success, warning or danger
     */
    public static LogLevel fromWire(String name) {
        return Checks.named(values(), LogLevel::wireName, "log level", name);
    }
}
