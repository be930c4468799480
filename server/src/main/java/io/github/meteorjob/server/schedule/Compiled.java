package io.github.meteorjob.server.schedule;

import io.github.meteorjob.SchedulePeriod;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import static io.github.meteorjob.server.schedule.JsDate.NEVER;
import static io.github.meteorjob.server.schedule.JsDate.SEC;

/**
 * One schedule of a later.js definition, compiled as {@code later.compile} does: its constraints
 * longest period first, searched forwards ({@link #start}), with the end of a matching range
 * ({@link #end}) and the step to the next candidate ({@link #tick}).
 */
final class Compiled {

    /** Search steps later.js allows before it returns whatever time it reached. */
    static final int MAX_ATTEMPTS = 1000;

    private record Constraint(Period period, long[] values) {
    }

    private final List<Constraint> constraints;
    private final Period tick;

    Compiled(Map<String, List<Long>> definition, long now) {
        List<Constraint> list = new ArrayList<>();
        definition.forEach((key, values) -> {
            int underscore = key.indexOf('_');
            Period p = Period.of(SchedulePeriod.ofKey(key));
            long[] vals = values.stream().mapToLong(Long::longValue).toArray();
            if (underscore >= 0) {
                String modifier = key.substring(underscore + 1);
                p = modifier.startsWith("a") ? Period.after(p, vals[0], now) : Period.before(p, vals[vals.length - 1]);
            }
            list.add(new Constraint(p, vals));
        });
        // stable, as V8's sort: equal ranges keep the definition's key order
        list.sort(Comparator.comparingLong((Constraint c) -> c.period.range()).reversed());
        this.constraints = List.copyOf(list);
        this.tick = list.get(list.size() - 1).period;
    }

    /** The start of the first matching range at or after {@code startDate}, or {@link JsDate#NEVER}. */
    long start(long startDate) {
        long next = startDate;
        boolean done = false;
        for (int attempts = MAX_ATTEMPTS; attempts > 0 && !done && next != NEVER; attempts--) {
            done = true;
            for (Constraint c : constraints) {
                long newVal = nextValue(c.period.val(next), c.values, c.period.extentMin(next), c.period.extentMax(next));
                if (!c.period.isValid(next, newVal)) {
                    next = c.period.next(next, newVal);
                    done = false;
                    break;
                }
            }
        }
        // after MAX_ATTEMPTS later.js returns the time it reached even though it does not match
        return next == NEVER ? NEVER : tick.start(next);
    }

    /** The first time after {@code startDate} (a match) at which the schedule stops matching, or {@link JsDate#NEVER}. */
    long end(long startDate) {
        long result = NEVER;
        for (int i = constraints.size() - 1; i >= 0; i--) {
            Constraint c = constraints.get(i);
            Long newVal = nextInvalid(c.period.val(startDate), c.values, c.period.extentMin(startDate),
                    c.period.extentMax(startDate));
            if (newVal != null) {
                long next = c.period.next(startDate, newVal);
                if (next != NEVER && (result == NEVER || result > next)) {
                    result = next;
                }
            }
        }
        return result;
    }

    /** The first candidate after the range of the finest constraint that holds {@code date}. */
    long tick(long date) {
        return JsDate.checked(tick.end(date) + SEC);
    }

    /** later.array.next: the value to look for next (values in the order given, 0 = last). */
    static long nextValue(long val, long[] values, long min, long max) {
        boolean zeroIsLargest = min != 0;
        int nextIdx = 0;
        for (int i = values.length - 1; i > -1; --i) {
            long cur = values[i];
            if (cur == val) {
                return cur;
            }
            if (cur > val || (cur == 0 && zeroIsLargest && max > val)) {
                nextIdx = i;
                continue;
            }
            break;
        }
        return values[nextIdx];
    }

    /** later.array.nextInvalid: the next value that is not in {@code values}, or {@code null} when all are. */
    static Long nextInvalid(long val, long[] values, long min, long max) {
        int len = values.length;
        long zeroVal = values[len - 1] == 0 && min != 0 ? max : 0;
        long next = val;
        int i = indexOf(values, val);
        long start = next;
        while (next == (i >= 0 && values[i] != 0 ? values[i] : zeroVal)) {
            next++;
            if (next > max) {
                next = min;
            }
            i++;
            if (i == len) {
                i = 0;
            }
            if (next == start) {
                return null;
            }
        }
        return next;
    }

    private static int indexOf(long[] values, long v) {
        for (int i = 0; i < values.length; i++) {
            if (values[i] == v) {
                return i;
            }
        }
        return -1;
    }
}
