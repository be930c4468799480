package io.github.meteorjob;

import java.time.Duration;
import java.util.Arrays;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The argument checks the value types of this package share, so that each rule and its message are written once
 * and read the same for every option.
 */
final class Checks {

    private Checks() {
    }

    /**
     * @throws IllegalArgumentException naming {@code name} when {@code value} is negative
     */
    static void nonNegativeInteger(String name, long value) {
        if (value < 0) {
            throw new IllegalArgumentException(name + " must be an integer >= 0, was " + value);
        }
    }

    /** As {@link #nonNegativeInteger(String, long)}; {@code null} (the default) passes. */
    static void nonNegativeInteger(String name, Long value) {
        if (value != null) {
            nonNegativeInteger(name, value.longValue());
        }
    }

    /**
     * @throws IllegalArgumentException naming {@code name} when {@code value} is negative; {@code null} passes
     */
    static void nonNegative(String name, Duration value) {
        if (value != null && value.isNegative()) {
            throw new IllegalArgumentException(name + " must be >= 0, was " + value);
        }
    }

    /**
     * The constant of {@code values} whose name (as {@code nameOf} spells it) is {@code name}.
     *
     * @param what how the message calls the value, e.g. {@code "status"}
     * @throws IllegalArgumentException naming {@code what}, all accepted names and {@code name} when none matches
     */
    static <E extends Enum<E>> E named(E[] values, Function<E, String> nameOf, String what, String name) {
        for (E e : values) {
            if (nameOf.apply(e).equals(name)) {
                return e;
            }
        }
        throw new IllegalArgumentException(what + " must be one of "
                + Arrays.stream(values).map(nameOf).collect(Collectors.joining(", ")) + "; was '" + name + "'");
    }
}
