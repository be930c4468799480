package io.github.meteorjob.server.schedule;

import static io.github.meteorjob.server.schedule.JsDate.MIN;
import static io.github.meteorjob.server.schedule.JsDate.NEVER;
import static io.github.meteorjob.server.schedule.JsDate.SEC;
import static io.github.meteorjob.server.schedule.JsDate.WEEK;
import static io.github.meteorjob.server.schedule.JsDate.day;
import static io.github.meteorjob.server.schedule.JsDate.dayOfWeek;
import static io.github.meteorjob.server.schedule.JsDate.daysInMonth;
import static io.github.meteorjob.server.schedule.JsDate.daysInYear;
import static io.github.meteorjob.server.schedule.JsDate.hour;
import static io.github.meteorjob.server.schedule.JsDate.minute;
import static io.github.meteorjob.server.schedule.JsDate.month;
import static io.github.meteorjob.server.schedule.JsDate.second;
import static io.github.meteorjob.server.schedule.JsDate.year;

import java.time.temporal.ValueRange;
import java.util.function.LongUnaryOperator;

/**
 * later.js 1.2.0's time periods (forward search, UTC), rule for rule: the quirks decide which
 * times later.js returns, so they are kept — for instance {@code D.next} to day 31 from a month of
 * 30 days jumps to the 1st of the next month, and week-of-month values count Sunday-started weeks.
 */
final class Periods {

    private Periods() {
    }

    /** later.date.nextRollover: the start of the next period when {@code val} is not ahead in this one. */
    private static long nextRollover(long d, long val, Period constraint, Period period) {
        long cur = constraint.val(d);
        long max = constraint.extentMax(d);
        return ((val != 0 ? val : max) <= cur || val > max) ? period.end(d) + SEC : period.start(d);
    }

    /**
     * later.js's day-of-month and day-of-year {@code next}: day {@code val} (0 = the last) of this
     * {@code outer} period or, when it has passed or does not exist, of the next one.
     */
    private static long nextDayWithin(long d, long val, Period constraint, Period outer, LongUnaryOperator days) {
        val = val > days.applyAsLong(d) ? 1 : val;
        long start = nextRollover(d, val, constraint, outer);
        long max = days.applyAsLong(start);
        val = val > max ? 1 : (val != 0 ? val : max);
        return JsDate.next(year(start), month(start), val);
    }

    static final Period SECOND = new Fixed(1, 0, 59) {
        @Override public long val(long d) { return second(d); }
        @Override public long start(long d) { return d; }
        @Override public long end(long d) { return d; }
        @Override public long next(long d, long val) {
            long s = second(d);
            long inc = val > 59 ? 60 - s : (val <= s ? (60 - s) + val : val - s);
            return JsDate.checked(d + inc * SEC);
        }
    };

    static final Period MINUTE = new Fixed(60, 0, 59) {
        @Override public long val(long d) { return minute(d); }
        @Override public long start(long d) { return JsDate.next(year(d), month(d), day(d), hour(d), minute(d)); }
        @Override public long end(long d) { return JsDate.prev(year(d), month(d), day(d), hour(d), minute(d)); }
        @Override public long next(long d, long val) {
            long m = minute(d);
            long inc = val > 59 ? 60 - m : (val <= m ? (60 - m) + val : val - m);
            return JsDate.checked(d + inc * MIN - second(d) * SEC);
        }
    };

    static final Period HOUR = new Fixed(3600, 0, 23) {
        @Override public long val(long d) { return hour(d); }
        @Override public long start(long d) { return JsDate.next(year(d), month(d), day(d), hour(d)); }
        @Override public long end(long d) { return JsDate.prev(year(d), month(d), day(d), hour(d)); }
        @Override public long next(long d, long val) {
            val = val > 23 ? 0 : val;
            return JsDate.next(year(d), month(d), day(d) + (val <= hour(d) ? 1 : 0), val);
        }
    };

    static final Period TIME = new Fixed(1, 0, 86_399) {
        @Override public long val(long d) { return hour(d) * 3600 + minute(d) * 60 + second(d); }
        @Override public long start(long d) { return d; }
        @Override public long end(long d) { return d; }
        @Override public long next(long d, long val) {
            val = val > 86_399 ? 0 : val;
            return JsDate.next(year(d), month(d), day(d) + (val <= val(d) ? 1 : 0), 0, 0, val);
        }
    };

    static final Period DAY = new Period() {
        @Override public long range() { return 86_400; }
        @Override public long val(long d) { return day(d); }
        @Override public boolean isValid(long d, long val) { return day(d) == (val != 0 ? val : daysInMonth(d)); }
        @Override public long extentMin(long d) { return 1; }
        @Override public long extentMax(long d) { return daysInMonth(d); }
        @Override public long start(long d) { return JsDate.next(year(d), month(d), day(d)); }
        @Override public long end(long d) { return JsDate.prev(year(d), month(d), day(d)); }
        @Override public long next(long d, long val) { return nextDayWithin(d, val, this, MONTH, JsDate::daysInMonth); }
    };

    static final Period DAY_OF_WEEK = new Fixed(86_400, 1, 7) {
        @Override public long val(long d) { return dayOfWeek(d); }
        @Override public boolean isValid(long d, long val) { return dayOfWeek(d) == (val != 0 ? val : 7); }
        @Override public long start(long d) { return DAY.start(d); }
        @Override public long end(long d) { return DAY.end(d); }
        @Override public long next(long d, long val) {
            val = val > 7 ? 1 : (val != 0 ? val : 7);
            long dw = dayOfWeek(d);
            return JsDate.next(year(d), month(d), day(d) + (val - dw) + (val <= dw ? 7 : 0));
        }
    };

    static final Period DAY_OF_WEEK_COUNT = new Period() {
        @Override public long range() { return 604_800; }
        @Override public long val(long d) { return Math.floorDiv(day(d) - 1, 7) + 1; }
        @Override public boolean isValid(long d, long val) {
            return val(d) == val || (val == 0 && day(d) > daysInMonth(d) - 7);
        }
        @Override public long extentMin(long d) { return 1; }
        @Override public long extentMax(long d) { return ceilDiv(daysInMonth(d), 7); }
        @Override public long start(long d) { return JsDate.next(year(d), month(d), Math.max(1, (val(d) - 1) * 7 + 1)); }
        @Override public long end(long d) { return JsDate.prev(year(d), month(d), Math.min(val(d) * 7, daysInMonth(d))); }
        @Override public long next(long d, long val) {
            val = val > extentMax(d) ? 1 : val;
            long month = nextRollover(d, val, this, MONTH);
            val = val > extentMax(month) ? 1 : val;
            long next = JsDate.next(year(month), month(month), val == 0 ? daysInMonth(month) - 6 : 1 + 7 * (val - 1));
            if (next <= d) {
                month = MONTH.next(d, month(d) + 1);
                return JsDate.next(year(month), month(month), val == 0 ? daysInMonth(month) - 6 : 1 + 7 * (val - 1));
            }
            return next;
        }
    };

    static final Period DAY_OF_YEAR = new Period() {
        @Override public long range() { return 86_400; }
        @Override public long val(long d) { return ceilDiv(DAY.start(d) - YEAR.start(d), JsDate.DAY) + 1; }
        @Override public boolean isValid(long d, long val) { return val(d) == (val != 0 ? val : daysInYear(d)); }
        @Override public long extentMin(long d) { return 1; }
        @Override public long extentMax(long d) { return daysInYear(d); }
        @Override public long start(long d) { return DAY.start(d); }
        @Override public long end(long d) { return DAY.end(d); }
        @Override public long next(long d, long val) { return nextDayWithin(d, val, this, YEAR, JsDate::daysInYear); }
    };

    static final Period WEEK_OF_MONTH = new Period() {
        @Override public long range() { return 604_800; }
        @Override public long val(long d) {
            return (day(d) + (dayOfWeek(MONTH.start(d)) - 1) + (7 - dayOfWeek(d))) / 7;
        }
        @Override public boolean isValid(long d, long val) { return val(d) == (val != 0 ? val : extentMax(d)); }
        @Override public long extentMin(long d) { return 1; }
        @Override public long extentMax(long d) {
            return (daysInMonth(d) + (dayOfWeek(MONTH.start(d)) - 1) + (7 - dayOfWeek(MONTH.end(d)))) / 7;
        }
        @Override public long start(long d) {
            return JsDate.next(year(d), month(d), Math.max(day(d) - dayOfWeek(d) + 1, 1));
        }
        @Override public long end(long d) {
            return JsDate.prev(year(d), month(d), Math.min(day(d) + (7 - dayOfWeek(d)), daysInMonth(d)));
        }
        @Override public long next(long d, long val) {
            val = val > extentMax(d) ? 1 : val;
            long month = nextRollover(d, val, this, MONTH);
            long max = extentMax(month);
            val = val > max ? 1 : (val != 0 ? val : max);
            // the Sunday of the wanted week; the 1st of the month for week 1
            return JsDate.next(year(month), month(month), Math.max(1, (val - 1) * 7 - (dayOfWeek(month) - 2)));
        }
    };

    static final Period WEEK_OF_YEAR = new Period() {
        @Override public long range() { return 604_800; }
        @Override public long val(long d) {
            long wThur = DAY_OF_WEEK.next(start(d), 5);
            long prevYearEnd = YEAR.prev(wThur, year(wThur) - 1);
            if (prevYearEnd == NEVER) {
                throw new JsDate.OutOfRange(); // later.js fails here too (before 1971)
            }
            long yThur = DAY_OF_WEEK.next(prevYearEnd, 5);
            return 1 + ceilDiv(wThur - yThur, WEEK);
        }
        @Override public boolean isValid(long d, long val) { return val(d) == (val != 0 ? val : extentMax(d)); }
        @Override public long extentMin(long d) { return 1; }
        @Override public long extentMax(long d) {
            long year = DAY_OF_WEEK.next(start(d), 5);
            long first = dayOfWeek(YEAR.start(year));
            long last = dayOfWeek(YEAR.end(year));
            return first == 5 || last == 5 ? 53 : 52;
        }
        @Override public long start(long d) {
            long dw = dayOfWeek(d);
            return JsDate.next(year(d), month(d), day(d) - (dw > 1 ? dw - 2 : 6));
        }
        @Override public long end(long d) {
            long dw = dayOfWeek(d);
            return JsDate.prev(year(d), month(d), day(d) + (dw > 1 ? 8 - dw : 0));
        }
        @Override public long next(long d, long val) {
            val = val > extentMax(d) ? 1 : val;
            long wyThur = DAY_OF_WEEK.next(start(d), 5);
            long year = nextRollover(wyThur, val, this, YEAR);
            if (val(year) != 1) {
                year = DAY_OF_WEEK.next(year, 2);
            }
            long max = extentMax(year);
            long wyStart = start(year);
            val = val > max ? 1 : (val != 0 ? val : max);
            return JsDate.next(year(wyStart), month(wyStart), day(wyStart) + 7 * (val - 1));
        }
    };

    static final Period MONTH = new Fixed(2_629_740, 1, 12) {
        @Override public long val(long d) { return month(d); }
        @Override public boolean isValid(long d, long val) { return month(d) == (val != 0 ? val : 12); }
        @Override public long start(long d) { return JsDate.next(year(d), month(d)); }
        @Override public long end(long d) { return JsDate.prev(year(d), month(d)); }
        @Override public long next(long d, long val) {
            val = val > 12 ? 1 : (val != 0 ? val : 12);
            return JsDate.next(year(d) + (val > month(d) ? 0 : 1), val);
        }
    };

    /** The year period; it has a {@code prev} because week-of-year needs it. */
    static final class Year extends Fixed {
        Year() {
            super(31_556_900, 1970, 2099);
        }

        @Override public long val(long d) { return year(d); }
        @Override public long start(long d) { return JsDate.next(year(d)); }
        @Override public long end(long d) { return JsDate.prev(year(d)); }
        @Override public long next(long d, long val) {
            return val > year(d) && val <= 2099 ? JsDate.next(val) : NEVER;
        }

        long prev(long d, long val) {
            return val < year(d) && val >= 1970 ? JsDate.prev(val) : NEVER;
        }
    }

    static final Year YEAR = new Year();

    static final Period FULL_DATE = new Fixed(1, 0, 32_503_680_000_000L) {
        @Override public long val(long d) { return d; }
        @Override public long start(long d) { return d; }
        @Override public long end(long d) { return d; }
        @Override public long next(long d, long val) { return d < val ? JsDate.checked(val) : NEVER; }
    };

    /** A period with a fixed extent whose value must equal the wanted one. */
    private abstract static class Fixed implements Period {
        private final long range;
        /** The values the period takes, the same at every date. */
        private final ValueRange extent;

        Fixed(long range, long min, long max) {
            this.range = range;
            this.extent = ValueRange.of(min, max);
        }

        @Override public long range() { return range; }
        @Override public long extentMin(long d) { return extent.getMinimum(); }
        @Override public long extentMax(long d) { return extent.getMaximum(); }
        @Override public boolean isValid(long d, long val) { return val(d) == val; }
    }

    static long ceilDiv(long a, long b) {
        return -Math.floorDiv(-a, b);
    }
}
