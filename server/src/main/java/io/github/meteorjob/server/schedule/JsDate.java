package io.github.meteorjob.server.schedule;

import java.time.LocalDate;

/**
 * later.js's date arithmetic in UTC on epoch milliseconds, with JavaScript's {@code Date.UTC}
 * overflow rules (day 0 is the last day of the previous month, hour 24 the next day and so on).
 * {@link #NEVER} stands for later.js's {@code later.NEVER}.
 */
final class JsDate {

    static final long SEC = 1000;
    static final long MIN = 60 * SEC;
    static final long HOUR = 60 * MIN;
    static final long DAY = 24 * HOUR;
    static final long WEEK = 7 * DAY;
    /** No such time ({@code later.NEVER}). */
    static final long NEVER = Long.MIN_VALUE;
    /** JavaScript dates end here (±8.64e15 ms); later.js would go on with an invalid date, we stop. */
    static final long LIMIT = 8_640_000_000_000_000L;

    private static final int[] DAYS_IN_MONTH = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

    private JsDate() {
    }

    /** Thrown when a computed time leaves the range of JavaScript dates. */
    static final class OutOfRange extends RuntimeException {
        OutOfRange() {
            super("time beyond the range of JavaScript dates", null, false, false);
        }
    }

    /** {@code Date.UTC(Y, M0, D, h, m, s)}: month 0-based; every part may overflow. */
    static long build(long year, long month0, long day, long h, long m, long s) {
        long y = year + Math.floorDiv(month0, 12);
        int mon = (int) Math.floorMod(month0, 12);
        if (Math.abs(y) > 300_000) {
            throw new OutOfRange();
        }
        long days = LocalDate.of((int) y, mon + 1, 1).toEpochDay() + day - 1;
        long ms = days * DAY + h * HOUR + m * MIN + s * SEC;
        return checked(ms);
    }

    static long checked(long ms) {
        if (ms > LIMIT || ms < -LIMIT) {
            throw new OutOfRange();
        }
        return ms;
    }

    // later.date.next(Y, M, D, h, m, s): missing parts are the start of the period (M, D 1-based)
    static long next(long y) { return build(y, 0, 1, 0, 0, 0); }
    static long next(long y, long m) { return build(y, m - 1, 1, 0, 0, 0); }
    static long next(long y, long m, long d) { return build(y, m - 1, d, 0, 0, 0); }
    static long next(long y, long m, long d, long h) { return build(y, m - 1, d, h, 0, 0); }
    static long next(long y, long m, long d, long h, long mi) { return build(y, m - 1, d, h, mi, 0); }
    static long next(long y, long m, long d, long h, long mi, long s) { return build(y, m - 1, d, h, mi, s); }

    // later.date.prev(Y, M, D, h, m, s): missing parts are the end of the period
    static long prev(long y) { return build(y, 11, daysInMonth(next(y, 12)), 23, 59, 59); }
    static long prev(long y, long m) { return build(y, m - 1, daysInMonth(next(y, m)), 23, 59, 59); }
    static long prev(long y, long m, long d) { return build(y, m - 1, d, 23, 59, 59); }
    static long prev(long y, long m, long d, long h) { return build(y, m - 1, d, h, 59, 59); }
    static long prev(long y, long m, long d, long h, long mi) { return build(y, m - 1, d, h, mi, 59); }

    private static LocalDate date(long ms) {
        return LocalDate.ofEpochDay(Math.floorDiv(ms, DAY));
    }

    private static long secondOfDay(long ms) {
        return Math.floorMod(ms, DAY) / SEC;
    }

    static long year(long ms) { return date(ms).getYear(); }
    static long month(long ms) { return date(ms).getMonthValue(); }
    static long day(long ms) { return date(ms).getDayOfMonth(); }
    /** 1 = Sunday … 7 = Saturday. */
    static long dayOfWeek(long ms) { return date(ms).getDayOfWeek().getValue() % 7 + 1; }
    static long hour(long ms) { return secondOfDay(ms) / 3600; }
    static long minute(long ms) { return secondOfDay(ms) / 60 % 60; }
    static long second(long ms) { return secondOfDay(ms) % 60; }

    /**
     * later.js's days in the month of {@code ms}; it takes every year divisible by 4 for a leap
     * year (right from 1901 to 2099), and so do we.
     */
    static long daysInMonth(long ms) {
        int month = (int) month(ms);
        int max = DAYS_IN_MONTH[month - 1];
        return month == 2 && daysInYear(ms) == 366 ? max + 1 : max;
    }

    static long daysInYear(long ms) {
        return year(ms) % 4 != 0 ? 365 : 366;
    }
}
