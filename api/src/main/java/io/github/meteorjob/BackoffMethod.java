package io.github.meteorjob;

import java.util.Locale;

/** How the wait between retries grows: constant, or doubling with every retry. */
public enum BackoffMethod {
    CONSTANT, EXPONENTIAL;

    /** The name used on the wire, e.g. {@code "constant"}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The method with the given wire name.
     *
     * @throws IllegalArgumentException when the name is not constant or exponential
     */
    public static BackoffMethod fromWire(String name) {
        return Checks.named(values(), BackoffMethod::wireName, "backoff", name);
    }
}
