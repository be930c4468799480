package io.github.meteorjob;

import java.util.Locale;

/** Named priority levels; a lower value runs first. Any integer is a valid priority too. */
public enum Priority {
    LOW(10), NORMAL(0), MEDIUM(-5), HIGH(-10), CRITICAL(-15);

    private final int value;

    Priority(int value) {
        this.value = value;
    }

    /** The integer stored in the job document. */
    public int value() {
        return value;
    }

    /**
     * The level with the given name ({@code "low"}, {@code "normal"}, {@code "medium"}, {@code "high"}, {@code "critical"}).
     *
     * @throws IllegalArgumentException for any other name
     */
    public static Priority fromName(String name) {
        return Checks.named(values(), p -> p.name().toLowerCase(Locale.ROOT), "priority", name);
    }
}
