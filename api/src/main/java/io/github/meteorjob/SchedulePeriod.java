package io.github.meteorjob;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The time periods of a later.js schedule: the keys of one schedule object, with the values
 * later.js can match. For most periods {@code 0} means "the last one" (last day of the month,
 * last week of the year, Saturday as last day of the week, December as last month).
 *
 * <p>In a schedule object a period is written by its short key ({@code "D"}) or by later.js's
 * long name ({@code "day"}); {@code "dw"} and {@code "dayOfWeek"} are further names of
 * {@link #DAY_OF_WEEK}. A key may carry a modifier: {@code "h_a"} (after: hour ≥ value) or
 * {@code "h_b"} (before: hour &lt; value), also spelled {@code _after} / {@code _before}.
 */
public enum SchedulePeriod {
    /** Second of the minute, 0–59. */
    SECOND("s", "second", 59),
    /** Minute of the hour, 0–59. */
    MINUTE("m", "minute", 59),
    /** Hour of the day, 0–23. */
    HOUR("h", "hour", 23),
    /** Time of day in seconds since midnight, 0–86399 ({@code later.parse.text("at 9:00 am")} → 32400). */
    TIME("t", "time", 86_399),
    /** Day of the month, 1–31; 0 = last day. */
    DAY_OF_MONTH("D", "day", 1, 31),
    /** Day of the week, 1 = Sunday … 7 = Saturday; 0 = last day (Saturday). */
    DAY_OF_WEEK("d", "dayOfWeek", 1, 7, "dw"),
    /** Occurrence of the weekday in the month (days 1–7 are 1, 8–14 are 2, …), 1–5; 0 = last seven days. */
    DAY_OF_WEEK_COUNT("dc", "dayOfWeekCount", 1, 5),
    /** Day of the year, 1–366; 0 = last day. */
    DAY_OF_YEAR("dy", "dayOfYear", 1, 366),
    /** Week of the month (weeks start on Sunday; the week holding the 1st is week 1), 1–6; 0 = last week. */
    WEEK_OF_MONTH("wm", "weekOfMonth", 1, 6),
    /** ISO week of the year, 1–53; 0 = last week. */
    WEEK_OF_YEAR("wy", "weekOfYear", 1, 53),
    /** Month, 1–12; 0 = last month (December). */
    MONTH("M", "month", 1, 12),
    /** Year; later.js matches only 1970–2099, other years never occur. */
    YEAR("Y", "year", 9999),
    /** An exact instant in epoch milliseconds (later.js's {@code fullDate}). */
    FULL_DATE("fd", "fullDate", 8_640_000_000_000_000L);

    /** Every name later.js knows the period by: its short key, its long name, then any further names. */
    private final List<String> names;
    /** Where a run of {@code every(n)} starts: 0, or 1 for the periods in which 0 names the last one. */
    private final long first;
    private final long max;

    /** A period whose values run from 0 to {@code max}. */
    SchedulePeriod(String key, String longName, long max) {
        this(key, longName, 0, max);
    }

    /**
     * A period whose values run from {@code first} to {@code max}; a {@code first} of 1 means 0 is accepted
     * too and names the last one.
     */
    SchedulePeriod(String key, String longName, long first, long max, String... furtherNames) {
        this.names = Stream.concat(Stream.of(key, longName), Stream.of(furtherNames)).toList();
        this.first = first;
        this.max = max;
    }

    /** The short key later.js's parsers write, e.g. {@code "D"}. */
    public String key() {
        return names.get(0);
    }

    /** later.js's long name, e.g. {@code "day"} (also accepted as a key). */
    public String longName() {
        return names.get(1);
    }

    /** The smallest value accepted for this period: 0 for every period (a value, or the last one). */
    public long min() {
        return 0;
    }

    /** The largest value accepted for this period. */
    public long max() {
        return max;
    }

    /**
     * The value a run of {@code every(n)} starts from, as later.js's {@code recur()} counts: 0, or 1 where 0
     * names the last one.
     */
    long everyMin() {
        return first;
    }

    /**
     * @param field how the message names the value's place, e.g. {@code schedule field 'D'}
     * @throws IllegalArgumentException naming {@code field}, the value and the range unless this period accepts
     *                                  {@code value}
     */
    void checkValue(String field, Long value) {
        if (value == null || value < min() || value > max) {
            throw new IllegalArgumentException(field + " value " + value + " is out of range " + min() + "-" + max
                    + " for " + this);
        }
    }

    /** The period a key names ({@code "h"}, {@code "hour"}, {@code "dw"} …), without modifier. */
    public static SchedulePeriod of(String name) {
        for (SchedulePeriod p : values()) {
            if (p.names.contains(name)) {
                return p;
            }
        }
        List<String> shortNames = Arrays.stream(values())
                .flatMap(p -> p.names.stream().filter(n -> !n.equals(p.longName()))).toList();
        throw new IllegalArgumentException("'" + name + "' is not a later.js time period; use one of " + shortNames
                + " or their long names");
    }

    /**
     * Checks a schedule object key: a period name, optionally followed by {@code _a}, {@code _b},
     * {@code _after} or {@code _before}.
     *
     * @return the period
     * @throws IllegalArgumentException naming the key when later.js would not understand it
     */
    public static SchedulePeriod ofKey(String key) {
        int underscore = key.indexOf('_');
        if (underscore < 0) {
            return of(key);
        }
        String modifier = key.substring(underscore + 1);
        if (!List.of("a", "b", "after", "before").contains(modifier)) {
            throw new IllegalArgumentException("'" + key + "' has the modifier '" + modifier
                    + "'; later.js knows _a (after) and _b (before)");
        }
        return of(key.substring(0, underscore));
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT) + " (" + key() + ")";
    }
}
