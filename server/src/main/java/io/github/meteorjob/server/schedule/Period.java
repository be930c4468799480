package io.github.meteorjob.server.schedule;

import io.github.meteorjob.SchedulePeriod;

/**
 * One later.js time period (or a period under an after/before modifier), searched forwards in
 * UTC. The methods are later.js's: {@code val} the period's value at a time, {@code extent} its
 * range there, {@code start}/{@code end} the first and last second of the period holding the time,
 * {@code next} the start of the next period with a value, {@code isValid} whether the time
 * matches. All times are epoch milliseconds; {@link JsDate#NEVER} is "no such time".
 */
interface Period {

    /** Length of the period in seconds; constraints are checked longest first. */
    long range();

    long val(long d);

    long extentMin(long d);

    long extentMax(long d);

    boolean isValid(long d, long val);

    long start(long d);

    long end(long d);

    long next(long d, long val);

    /** The period a schedule key names. */
    static Period of(SchedulePeriod p) {
        return switch (p) {
            case SECOND -> Periods.SECOND;
            case MINUTE -> Periods.MINUTE;
            case HOUR -> Periods.HOUR;
            case TIME -> Periods.TIME;
            case DAY_OF_MONTH -> Periods.DAY;
            case DAY_OF_WEEK -> Periods.DAY_OF_WEEK;
            case DAY_OF_WEEK_COUNT -> Periods.DAY_OF_WEEK_COUNT;
            case DAY_OF_YEAR -> Periods.DAY_OF_YEAR;
            case WEEK_OF_MONTH -> Periods.WEEK_OF_MONTH;
            case WEEK_OF_YEAR -> Periods.WEEK_OF_YEAR;
            case MONTH -> Periods.MONTH;
            case YEAR -> Periods.YEAR;
            case FULL_DATE -> Periods.FULL_DATE;
        };
    }

    /**
     * later.js's {@code after} modifier: valid while the value is at least {@code value}. Its
     * range (which orders the search) uses the period's extent now, as later.js's does.
     */
    static Period after(Period c, long value, long now) {
        long range = (c.extentMax(now) - value) * c.range();
        return new Modified(c, range) {
            @Override public boolean isValid(long d, long val) { return c.val(d) >= value; }

            @Override public long next(long d, long val) {
                return c.next(d, val != value ? c.extentMin(d) : val);
            }
        };
    }

    /** later.js's {@code before} modifier: valid while the value is below {@code value}. */
    static Period before(Period c, long value) {
        return new Modified(c, c.range() * (value - 1)) {
            @Override public boolean isValid(long d, long val) { return c.val(d) < value; }

            @Override public long next(long d, long val) {
                return c.next(d, val == value ? c.extentMin(d) : value);
            }
        };
    }

    /** A modifier: the period's own val, extent, start and end, its own validity and next. */
    abstract class Modified implements Period {
        private final Period c;
        private final long range;

        Modified(Period c, long range) {
            this.c = c;
            this.range = range;
        }

        @Override public long range() { return range; }
        @Override public long val(long d) { return c.val(d); }
        @Override public long extentMin(long d) { return c.extentMin(d); }
        @Override public long extentMax(long d) { return c.extentMax(d); }
        @Override public long start(long d) { return c.start(d); }
        @Override public long end(long d) { return c.end(d); }
    }
}
