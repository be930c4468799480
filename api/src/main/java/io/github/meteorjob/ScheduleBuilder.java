package io.github.meteorjob;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.Month;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * Builds a {@link Schedule} one time period at a time, like later.js's {@code later.parse.recur()}:
 * {@code Schedule.later().time(LocalTime.of(9, 0)).onWeekdays().and().time(LocalTime.of(12, 0)).onWeekends().build()}.
 * {@link #and()} starts an alternative schedule, {@link #except()} the exceptions. Values are kept
 * in the order given (repeats are dropped), every period and value is checked at once.
 */
public final class ScheduleBuilder {
    private final List<Map<String, List<Long>>> schedules = new ArrayList<>();
    private final List<Map<String, List<Long>>> exceptions = new ArrayList<>();
    private Map<String, List<Long>> current = new LinkedHashMap<>();
    private boolean inExceptions;

    ScheduleBuilder() {
    }

    /** Matches when {@code period} has one of {@code values} (see {@link SchedulePeriod} for the ranges). */
    public ScheduleBuilder on(SchedulePeriod period, long... values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("schedule field '" + period.key() + "' needs at least one value");
        }
        return add(period.key(), period, values);
    }

    /** Matches when {@code period} is at or after {@code value} (later.js key {@code <period>_a}). */
    public ScheduleBuilder after(SchedulePeriod period, long value) {
        return add(period.key() + "_a", period, value);
    }

    /** Matches when {@code period} is before {@code value} (later.js key {@code <period>_b}). */
    public ScheduleBuilder before(SchedulePeriod period, long value) {
        return add(period.key() + "_b", period, value);
    }

    /**
     * Matches every {@code n}-th value of {@code period}, counted from its first value as
     * later.js's {@code every(n)} counts (seconds, minutes and hours from 0, days and months from 1,
     * years from 1970).
     */
    public ScheduleBuilder every(SchedulePeriod period, int n) {
        if (n < 1) {
            throw new IllegalArgumentException("schedule step for field '" + period.key() + "' must be >= 1, was " + n);
        }
        long from = period == SchedulePeriod.YEAR ? 1970 : period.everyMin();
        long to = switch (period) {
            case WEEK_OF_MONTH -> 5;
            case YEAR -> 2450;
            case TIME, FULL_DATE -> throw new IllegalArgumentException("every(n) is not defined for " + period);
            default -> period.max();
        };
        List<Long> values = new ArrayList<>();
        for (long v = from; v <= to; v += n) {
            values.add(v);
        }
        return add(period.key(), period, values.stream().mapToLong(Long::longValue).toArray());
    }

    private ScheduleBuilder add(String key, SchedulePeriod period, long... values) {
        List<Long> list = new ArrayList<>(current.getOrDefault(key, List.of()));
        for (long v : values) {
            period.checkValue("schedule field '" + key + "'", v);
            if (!list.contains(v)) {
                list.add(v);
            }
        }
        current.put(key, list);
        return this;
    }

    private static long[] longs(int... values) {
        return Arrays.stream(values).asLongStream().toArray();
    }

    /** {@link #on(SchedulePeriod, long...)} with the value of each of {@code items}. */
    private <T> ScheduleBuilder on(SchedulePeriod period, T[] items, ToLongFunction<T> value) {
        return on(period, Arrays.stream(items).mapToLong(value).toArray());
    }

    /** At these seconds (0–59). */
    public ScheduleBuilder second(int... values) { return on(SchedulePeriod.SECOND, longs(values)); }

    /** At these minutes (0–59). */
    public ScheduleBuilder minute(int... values) { return on(SchedulePeriod.MINUTE, longs(values)); }

    /** At these hours (0–23). */
    public ScheduleBuilder hour(int... values) { return on(SchedulePeriod.HOUR, longs(values)); }

    /** At these times of day (whole seconds; later.js key {@code t}). */
    public ScheduleBuilder time(LocalTime... times) {
        return on(SchedulePeriod.TIME, times, LocalTime::toSecondOfDay);
    }

    /** On these days of the week (1 = Sunday … 7 = Saturday; 0 = Saturday as the last day). */
    public ScheduleBuilder dayOfWeek(int... values) { return on(SchedulePeriod.DAY_OF_WEEK, longs(values)); }

    /** On these days of the week. */
    public ScheduleBuilder dayOfWeek(DayOfWeek... days) {
        return on(SchedulePeriod.DAY_OF_WEEK, days, d -> d.getValue() % 7 + 1);
    }

    /** Monday to Friday ({@code d: [2,3,4,5,6]}, as later.js's {@code onWeekday()}). */
    public ScheduleBuilder onWeekdays() { return dayOfWeek(2, 3, 4, 5, 6); }

    /** Saturday and Sunday ({@code d: [1,7]}, as later.js's {@code onWeekend()}). */
    public ScheduleBuilder onWeekends() { return dayOfWeek(1, 7); }

    /** On these days of the month (1–31; 0 = the last day). */
    public ScheduleBuilder dayOfMonth(int... values) { return on(SchedulePeriod.DAY_OF_MONTH, longs(values)); }

    /** On the last day of the month ({@code D: [0]}). */
    public ScheduleBuilder lastDayOfMonth() { return dayOfMonth(0); }

    /** On the n-th such weekday of the month (1–5; 0 = the last one); combine with {@link #dayOfWeek}. */
    public ScheduleBuilder dayOfWeekCount(int... values) { return on(SchedulePeriod.DAY_OF_WEEK_COUNT, longs(values)); }

    /** On these days of the year (1–366; 0 = the last day). */
    public ScheduleBuilder dayOfYear(int... values) { return on(SchedulePeriod.DAY_OF_YEAR, longs(values)); }

    /** In these weeks of the month (1–6; 0 = the last week). */
    public ScheduleBuilder weekOfMonth(int... values) { return on(SchedulePeriod.WEEK_OF_MONTH, longs(values)); }

    /** In these ISO weeks of the year (1–53; 0 = the last week). */
    public ScheduleBuilder weekOfYear(int... values) { return on(SchedulePeriod.WEEK_OF_YEAR, longs(values)); }

    /** In these months (1–12). */
    public ScheduleBuilder month(int... values) { return on(SchedulePeriod.MONTH, longs(values)); }

    /** In these months. */
    public ScheduleBuilder month(Month... months) {
        return on(SchedulePeriod.MONTH, months, Month::getValue);
    }

    /** In these years (later.js matches 1970–2099). */
    public ScheduleBuilder year(int... values) { return on(SchedulePeriod.YEAR, longs(values)); }

    /** At exactly these instants (millisecond precision; later.js key {@code fd}). */
    public ScheduleBuilder fullDate(Instant... instants) {
        return on(SchedulePeriod.FULL_DATE, instants, Instant::toEpochMilli);
    }

    /** Every {@code n} seconds, starting at second 0. */
    public ScheduleBuilder everySeconds(int n) { return every(SchedulePeriod.SECOND, n); }

    /** Every {@code n} minutes, starting at minute 0. */
    public ScheduleBuilder everyMinutes(int n) { return every(SchedulePeriod.MINUTE, n); }

    /** Every {@code n} hours, starting at hour 0. */
    public ScheduleBuilder everyHours(int n) { return every(SchedulePeriod.HOUR, n); }

    /** Ends the current schedule and starts an alternative one (or another exception). */
    public ScheduleBuilder and() {
        flush();
        return this;
    }

    /** Ends the current schedule; what follows describes times excluded from the schedules. */
    public ScheduleBuilder except() {
        flush();
        inExceptions = true;
        return this;
    }

    private void flush() {
        if (current.isEmpty()) {
            throw new IllegalStateException("the current " + (inExceptions ? "exception" : "schedule")
                    + " has no time period yet; add one before and()/except()");
        }
        (inExceptions ? exceptions : schedules).add(current);
        current = new LinkedHashMap<>();
    }

    /**
     * The schedule. Its JSON leaves out {@code exceptions} when there are none.
     *
     * @throws IllegalStateException when the schedule (or an exception started with {@link #except()}) has no time period
     */
    public Schedule build() {
        List<Map<String, List<Long>>> s = new ArrayList<>(schedules);
        List<Map<String, List<Long>>> e = new ArrayList<>(exceptions);
        if (!current.isEmpty()) {
            (inExceptions ? e : s).add(current);
        } else if (inExceptions || s.isEmpty()) {
            throw new IllegalStateException("the schedule has no time period; later.js cannot evaluate an empty schedule");
        }
        return new Schedule(s, e);
    }
}
