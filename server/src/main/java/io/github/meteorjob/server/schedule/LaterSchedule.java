package io.github.meteorjob.server.schedule;

import io.github.meteorjob.Schedule;
import jakarta.json.JsonObject;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.github.meteorjob.server.schedule.JsDate.NEVER;

/**
 * A later.js schedule as job-collection stores it in {@code repeatWait}:
 * {@code {schedules: [{h:[..], m:[..], ...}], exceptions: [...]}}, evaluated in UTC as
 * job-collection evaluates it with later.js 1.2.0: {@link #next(int, Instant)} gives the times
 * {@code later.schedule(s).next(count, start)} gives, including its rules that surprise —
 * a start inside a matching range is itself an occurrence ({@code {h:[10]}} from 10:15:00.5 gives
 * 10:15:00.5 first, then 10:00:00 on the next days), and a schedule that cannot match within
 * 1000 search steps yields the time the search reached ({@code {D:[31], M:[2]}} gives 2525-03-01
 * from 2026).
 *
 * <p>Every time period ({@code s m h t D d dw dc dy wm wy M Y fd} and later.js's long names) and
 * the {@code _a}/{@code _b} modifiers are supported. Refused with an {@link IllegalArgumentException}
 * naming the part: unknown keys, values that are not integers or are out of a period's range
 * (see {@link io.github.meteorjob.SchedulePeriod}), empty schedules and value lists — where later.js
 * would crash or answer meaningless times.
 */
public final class LaterSchedule {

    private final List<Compiled> schedules;
    private final List<Compiled> exceptions;
    private final JsonObject json;

    private LaterSchedule(List<Compiled> schedules, List<Compiled> exceptions, JsonObject json) {
        this.schedules = schedules;
        this.exceptions = exceptions;
        this.json = json;
    }

    /**
     * Reads a later.js schedule object.
     *
     * @throws IllegalArgumentException naming the part that is malformed or out of range
     */
    public static LaterSchedule parse(JsonObject json) {
        if (json == null || !json.containsKey("schedules")) {
            throw new IllegalArgumentException("later.js schedule needs a 'schedules' array");
        }
        for (String k : json.keySet()) {
            if (!k.equals("schedules") && !k.equals("exceptions")) {
                throw new IllegalArgumentException("unknown later.js schedule key '" + k + "' (only schedules and exceptions)");
            }
        }
        Schedule s = Schedule.fromJson(json);
        long now = System.currentTimeMillis(); // later.js orders after-modifiers by the period's extent today
        return new LaterSchedule(compile(s.schedules(), now), compile(s.exceptions(), now), json);
    }

    private static List<Compiled> compile(List<Map<String, List<Long>>> definitions, long now) {
        List<Compiled> out = new ArrayList<>();
        for (Map<String, List<Long>> d : definitions) {
            out.add(new Compiled(d, now));
        }
        return List.copyOf(out);
    }

    /** The schedule as given. */
    public JsonObject json() {
        return json;
    }

    /** The first occurrence at or after {@code from} ({@code later.schedule(s).next(1, from)}). */
    public Optional<Instant> next(Instant from) {
        List<Instant> n = next(1, from);
        return n.isEmpty() ? Optional.empty() : Optional.of(n.get(0));
    }

    /**
     * The start of the first occurrence after the one {@code time} is in (or at): {@code {h:[10]}}
     * at 10:15 gives 10:00 on the next day, {@code {m:[0]}} at 00:00:00 gives 01:00:00. This is
     * what job-collection computes for a saved job with {@code next(2, prev(1, after))[1]} for
     * ordinary schedules; later.js's backward search ({@code prev}) is not ported, and where it
     * has its own quirks the two differ (see docs/server-semantics.md).
     */
    public Optional<Instant> nextAfter(Instant time) {
        Instant second = Instant.ofEpochSecond(Math.floorDiv(time.toEpochMilli(), 1000));
        List<Instant> two = next(2, second);
        if (two.isEmpty()) {
            return Optional.empty();
        }
        if (two.get(0).equals(second)) {
            return two.size() > 1 ? Optional.of(two.get(1)) : Optional.empty();
        }
        return Optional.of(two.get(0));
    }

    /**
     * Up to {@code count} successive occurrences at or after {@code from}, as
     * {@code later.schedule(s).next(count, from)} computes them (millisecond precision).
     */
    public List<Instant> next(int count, Instant from) {
        long start = from.toEpochMilli();
        List<Instant> out = new ArrayList<>();
        try {
            instances(count, start, out);
        } catch (JsDate.OutOfRange e) {
            // later.js would go on with invalid dates; the occurrences found so far stand
        }
        return out;
    }

    /** later.js's getInstances('next', count, start) without an end date. */
    private void instances(int count, long startDate, List<Instant> out) {
        int n = schedules.size();
        long[] schedStarts = new long[n];
        for (int i = 0; i < n; i++) {
            schedStarts[i] = schedules.get(i).start(startDate);
        }
        long[][] exceptRanges = new long[exceptions.size()][];
        for (int i = 0; i < exceptRanges.length; i++) {
            exceptRanges[i] = range(exceptions.get(i), startDate);
        }
        int loop = count;
        for (int attempts = Compiled.MAX_ATTEMPTS; attempts > 0 && loop > 0; attempts--) {
            long next = earliest(schedStarts);
            if (next == NEVER) {
                break;
            }
            if (exceptRanges.length > 0) {
                for (int i = 0; i < exceptRanges.length; i++) {
                    if (exceptRanges[i] != null && exceptRanges[i][0] <= next) {
                        exceptRanges[i] = range(exceptions.get(i), next);
                    }
                }
                long end = overlapEnd(exceptRanges, next);
                if (end != NEVER) {
                    for (int i = 0; i < n; i++) {
                        if (schedStarts[i] != NEVER && schedStarts[i] <= end) {
                            schedStarts[i] = schedules.get(i).start(end);
                        }
                    }
                    continue;
                }
            }
            out.add(Instant.ofEpochMilli(Math.max(startDate, next)));
            for (int i = 0; i < n; i++) {
                if (schedStarts[i] == next) {
                    schedStarts[i] = schedules.get(i).start(schedules.get(i).tick(next));
                }
            }
            loop--;
        }
    }

    /**
     * The earliest start. later.js takes the first schedule's start as the first candidate and
     * fails with a TypeError when that one has none left; we skip it and use the others.
     */
    private static long earliest(long[] starts) {
        long best = NEVER;
        for (long s : starts) {
            if (s != NEVER && (best == NEVER || s < best)) {
                best = s;
            }
        }
        return best;
    }

    /** An exception's next matching range {@code [start, end]} ({@code end} NEVER: open), or null. */
    private static long[] range(Compiled exception, long from) {
        long start = exception.start(from);
        return start == NEVER ? null : new long[] {start, exception.end(start)};
    }

    /**
     * The end of the exception range that holds {@code next}, or NEVER. As in later.js, an
     * exception range without an end does not count (it would exclude all time to come).
     */
    private static long overlapEnd(long[][] ranges, long next) {
        long result = NEVER;
        for (long[] r : ranges) {
            if (r != null && r[0] <= next && (r[1] == NEVER || r[1] > next)) {
                if (r[1] != NEVER && (result == NEVER || r[1] > result)) {
                    result = r[1];
                }
            }
        }
        return result;
    }

    @Override
    public String toString() {
        return "LaterSchedule" + json;
    }
}
