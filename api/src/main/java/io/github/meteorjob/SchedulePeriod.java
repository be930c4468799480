package io.github.meteorjob;

import java.util.List;
import java.util.Locale;

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
    SECOND("s", "second", 0, 59),
    /** Minute of the hour, 0–59. */
    MINUTE("m", "minute", 0, 59),
    /** Hour of the day, 0–23. */
    HOUR("h", "hour", 0, 23),
    /** Time of day in seconds since midnight, 0–86399 ({@code later.parse.text("at 9:00 am")} → 32400). */
    TIME("t", "time", 0, 86_399),
    /** Day of the month, 1–31; 0 = last day. */
    DAY_OF_MONTH("D", "day", 0, 31),
    /** Day of the week, 1 = Sunday … 7 = Saturday; 0 = last day (Saturday). */
    DAY_OF_WEEK("d", "dayOfWeek", 0, 7),
    /** Occurrence of the weekday in the month (days 1–7 are 1, 8–14 are 2, …), 1–5; 0 = last seven days. */
    DAY_OF_WEEK_COUNT("dc", "dayOfWeekCount", 0, 5),
    /** Day of the year, 1–366; 0 = last day. */
    DAY_OF_YEAR("dy", "dayOfYear", 0, 366),
    /** Week of the month (weeks start on Sunday; the week holding the 1st is week 1), 1–6; 0 = last week. */
    WEEK_OF_MONTH("wm", "weekOfMonth", 0, 6),
    /** ISO week of the year, 1–53; 0 = last week. */
    WEEK_OF_YEAR("wy", "weekOfYear", 0, 53),
    /** Month, 1–12; 0 = last month (December). */
    MONTH("M", "month", 0, 12),
    /** Year; later.js matches only 1970–2099, other years never occur. */
    YEAR("Y", "year", 0, 9999),
    /** An exact instant in epoch milliseconds (later.js's {@code fullDate}). */
    FULL_DATE("fd", "fullDate", 0, 8_640_000_000_000_000L);

    private final String key;
    private final String longName;
    private final long min;
    private final long max;

    SchedulePeriod(String key, String longName, long min, long max) {
        this.key = key;
        this.longName = longName;
        this.min = min;
        this.max = max;
    }

    /** The short key later.js's parsers write, e.g. {@code "D"}. */
    public String key() {
        return key;
    }

    /** later.js's long name, e.g. {@code "day"} (also accepted as a key). */
    public String longName() {
        return longName;
    }

    /** The smallest value accepted for this period. */
    public long min() {
        return min;
    }

    /** The largest value accepted for this period. */
    public long max() {
        return max;
    }

    /** The values a run of {@code every(n)} starts from and ends at, as later.js's {@code recur()} uses them. */
    long everyMin() {
        return this == DAY_OF_MONTH || this == DAY_OF_WEEK || this == DAY_OF_WEEK_COUNT || this == DAY_OF_YEAR
                || this == WEEK_OF_MONTH || this == WEEK_OF_YEAR || this == MONTH ? 1 : min;
    }

    /** The period a key names ({@code "h"}, {@code "hour"}, {@code "dw"} …), without modifier. */
    public static SchedulePeriod of(String name) {
        for (SchedulePeriod p : values()) {
            if (p.key.equals(name) || p.longName.equals(name)) {
                return p;
            }
        }
        if (name.equals("dw")) {
            return DAY_OF_WEEK;
        }
        throw new IllegalArgumentException("'" + name + "' is not a later.js time period; use one of "
                + List.of("s", "m", "h", "t", "D", "d", "dw", "dc", "dy", "wm", "wy", "M", "Y", "fd")
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
        return name().toLowerCase(Locale.ROOT) + " (" + key + ")";
    }
}
