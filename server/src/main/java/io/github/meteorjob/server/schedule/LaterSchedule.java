package io.github.meteorjob.server.schedule;

import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A later.js schedule as job-collection stores it in {@code repeatWait}:
 * {@code {schedules: [{h:[..], m:[..], ...}], exceptions: [...]}}, evaluated in UTC (later.js'
 * default). Supported time periods: {@code s} (second 0–59), {@code m} (minute 0–59), {@code h}
 * (hour 0–23), {@code D} (day of month 1–31, 0 = last day), {@code d} (day of week 1 = Sunday … 7),
 * {@code M} (month 1–12) and {@code Y} (year). later.js' {@code every(n)} is already encoded as
 * value lists ({@code every(5).minute()} → {@code m:[0,5,…,55]}), so it is supported too.
 *
 * <p>Like later.js, an occurrence is the <em>start</em> of a valid range: the periods finer than
 * the finest constrained one are at their first value ({@code {h:[10]}} occurs at 10:00:00 each
 * day). Schedules are alternatives; a time inside any exception is skipped. Anything else
 * (modifiers such as {@code m_a}, periods such as {@code dw}, {@code wy}, {@code t}) is refused
 * with an {@link IllegalArgumentException} naming it.
 */
public final class LaterSchedule {

    private static final int SEC = 0;
    private static final int MIN = 1;
    private static final int HOUR = 2;
    private static final int DAY = 3;
    private static final int MONTH = 4;
    private static final int YEAR = 5;
    /** Give up after this many days without an occurrence (later.js also gives up eventually). */
    private static final int MAX_DAYS = 366 * 200;

    /** One schedule: allowed values per period ({@code null} = unconstrained). */
    private record Constraints(boolean[] s, boolean[] m, boolean[] h, boolean[] dayOfMonth, boolean[] dayOfWeek,
                               boolean[] month, List<Integer> years, int finest) {

        boolean dateMatches(LocalDate day) {
            if (years != null && !years.contains(day.getYear())) {
                return false;
            }
            if (month != null && !month[day.getMonthValue()]) {
                return false;
            }
            if (dayOfMonth != null) {
                boolean last = day.getDayOfMonth() == day.lengthOfMonth();
                if (!dayOfMonth[day.getDayOfMonth()] && !(last && dayOfMonth[0])) {
                    return false;
                }
            }
            if (dayOfWeek != null && !dayOfWeek[day.getDayOfWeek().getValue() % 7 + 1]) {
                return false;
            }
            return true;
        }

        /** Whether the day may hold an occurrence (date constraints plus range-start rule). */
        boolean dayQualifies(LocalDate day) {
            if (!dateMatches(day)) {
                return false;
            }
            if (finest == MONTH && day.getDayOfMonth() != 1) {
                return false;
            }
            return finest != YEAR || day.getDayOfYear() == 1;
        }

        boolean timeMatches(int secondOfDay) {
            int hh = secondOfDay / 3600;
            int mm = secondOfDay / 60 % 60;
            int ss = secondOfDay % 60;
            return (h == null || h[hh]) && (m == null || m[mm]) && (s == null || s[ss]);
        }

        /** First second of the day ≥ from that is an occurrence time, or -1. */
        int firstTime(int from) {
            for (int hh = from / 3600; hh < 24; hh++) {
                if (finest > HOUR && hh != 0) {
                    return -1;
                }
                if (h != null && !h[hh]) {
                    continue;
                }
                for (int mm = 0; mm < 60; mm++) {
                    if (finest > MIN && mm != 0) {
                        break;
                    }
                    if (m != null && !m[mm]) {
                        continue;
                    }
                    for (int ss = 0; ss < 60; ss++) {
                        if (finest > SEC && ss != 0) {
                            break;
                        }
                        if (s != null && !s[ss]) {
                            continue;
                        }
                        int t = hh * 3600 + mm * 60 + ss;
                        if (t >= from) {
                            return t;
                        }
                    }
                }
            }
            return -1;
        }
    }

    private final List<Constraints> schedules;
    private final List<Constraints> exceptions;
    private final JsonObject json;

    private LaterSchedule(List<Constraints> schedules, List<Constraints> exceptions, JsonObject json) {
        this.schedules = schedules;
        this.exceptions = exceptions;
        this.json = json;
    }

    /**
     * Reads a later.js schedule object.
     *
     * @throws IllegalArgumentException naming the part that is malformed or not supported
     */
    public static LaterSchedule parse(JsonObject json) {
        if (json == null || !(json.get("schedules") instanceof JsonArray sa)) {
            throw new IllegalArgumentException("later.js schedule needs a 'schedules' array");
        }
        for (String k : json.keySet()) {
            if (!k.equals("schedules") && !k.equals("exceptions")) {
                throw new IllegalArgumentException("unsupported later.js schedule key '" + k + "'");
            }
        }
        List<Constraints> schedules = new ArrayList<>();
        for (int i = 0; i < sa.size(); i++) {
            schedules.add(constraints(sa.get(i), "schedules[" + i + "]"));
        }
        if (schedules.isEmpty()) {
            throw new IllegalArgumentException("later.js schedule has no schedules");
        }
        List<Constraints> exceptions = new ArrayList<>();
        if (json.containsKey("exceptions")) {
            if (!(json.get("exceptions") instanceof JsonArray ea)) {
                throw new IllegalArgumentException("later.js 'exceptions' must be an array");
            }
            for (int i = 0; i < ea.size(); i++) {
                exceptions.add(constraints(ea.get(i), "exceptions[" + i + "]"));
            }
        }
        return new LaterSchedule(List.copyOf(schedules), List.copyOf(exceptions), json);
    }

    private static Constraints constraints(JsonValue v, String where) {
        if (!(v instanceof JsonObject o)) {
            throw new IllegalArgumentException("later.js " + where + " must be an object");
        }
        if (o.isEmpty()) {
            throw new IllegalArgumentException("later.js " + where + " is empty (it would match every instant)");
        }
        boolean[] s = null, m = null, h = null, dom = null, dow = null, mon = null;
        List<Integer> years = null;
        int finest = YEAR;
        for (var e : o.entrySet()) {
            String key = e.getKey();
            String at = where + "." + key;
            switch (key) {
                case "s" -> { s = values(e.getValue(), 0, 59, at); finest = Math.min(finest, SEC); }
                case "m" -> { m = values(e.getValue(), 0, 59, at); finest = Math.min(finest, MIN); }
                case "h" -> { h = values(e.getValue(), 0, 23, at); finest = Math.min(finest, HOUR); }
                case "D" -> { dom = values(e.getValue(), 0, 31, at); finest = Math.min(finest, DAY); }
                case "d" -> { dow = values(e.getValue(), 1, 7, at); finest = Math.min(finest, DAY); }
                case "M" -> { mon = values(e.getValue(), 1, 12, at); finest = Math.min(finest, MONTH); }
                case "Y" -> {
                    boolean[] y = values(e.getValue(), 1970, 2199, at);
                    years = new ArrayList<>();
                    for (int i = 0; i < y.length; i++) {
                        if (y[i]) {
                            years.add(i);
                        }
                    }
                }
                default -> throw new IllegalArgumentException(key.contains("_")
                        ? "later.js modifier '" + key + "' in " + where + " is not supported (supported: s, m, h, D, d, M, Y with value lists)"
                        : "later.js time period '" + key + "' in " + where + " is not supported (supported: s, m, h, D, d, M, Y)");
            }
        }
        return new Constraints(s, m, h, dom, dow, mon, years, finest);
    }

    private static boolean[] values(JsonValue v, int min, int max, String where) {
        if (!(v instanceof JsonArray a) || a.isEmpty()) {
            throw new IllegalArgumentException("later.js " + where + " must be a non-empty array of integers");
        }
        boolean[] out = new boolean[max + 1];
        for (JsonValue x : a) {
            if (!(x instanceof JsonNumber n) || !n.isIntegral() || n.longValue() < min || n.longValue() > max) {
                throw new IllegalArgumentException("later.js " + where + " value " + x + " is not an integer in " + min + ".." + max);
            }
            out[n.intValue()] = true;
        }
        return out;
    }

    /** The schedule as given. */
    public JsonObject json() {
        return json;
    }

    /** The first occurrence at or after {@code from}, if any within 200 years. */
    public Optional<Instant> next(Instant from) {
        long sec = ceilSeconds(from);
        for (int guard = 0; guard < 100_000; guard++) {
            Optional<Long> c = earliest(sec);
            if (c.isEmpty()) {
                return Optional.empty();
            }
            long t = c.get();
            if (!excluded(t)) {
                return Optional.of(Instant.ofEpochSecond(t));
            }
            sec = t + 1;
        }
        return Optional.empty();
    }

    /** The first occurrence strictly after {@code time}. */
    public Optional<Instant> nextAfter(Instant time) {
        return next(Instant.ofEpochSecond(Math.floorDiv(time.toEpochMilli(), 1000) + 1));
    }

    /** Up to {@code count} successive occurrences at or after {@code from}. */
    public List<Instant> next(int count, Instant from) {
        List<Instant> out = new ArrayList<>(count);
        Instant at = from;
        while (out.size() < count) {
            Optional<Instant> n = next(at);
            if (n.isEmpty()) {
                break;
            }
            out.add(n.get());
            at = n.get().plusSeconds(1);
        }
        return out;
    }

    private static long ceilSeconds(Instant t) {
        long ms = t.toEpochMilli();
        return Math.floorDiv(ms + 999, 1000);
    }

    private Optional<Long> earliest(long fromSec) {
        Long best = null;
        for (Constraints c : schedules) {
            Long t = earliest(c, fromSec, best);
            if (t != null && (best == null || t < best)) {
                best = t;
            }
        }
        return Optional.ofNullable(best);
    }

    private static Long earliest(Constraints c, long fromSec, Long bound) {
        long dayNum = Math.floorDiv(fromSec, 86400);
        int firstFrom = (int) Math.floorMod(fromSec, 86400);
        for (int i = 0; i < MAX_DAYS; i++) {
            long d = dayNum + i;
            if (bound != null && d * 86400 > bound) {
                return null;
            }
            LocalDate day = LocalDate.ofEpochDay(d);
            if (c.years != null && day.getYear() > c.years.get(c.years.size() - 1)) {
                return null;
            }
            if (!c.dayQualifies(day)) {
                continue;
            }
            int t = c.firstTime(i == 0 ? firstFrom : 0);
            if (t >= 0) {
                return d * 86400 + t;
            }
        }
        return null;
    }

    private boolean excluded(long sec) {
        if (exceptions.isEmpty()) {
            return false;
        }
        LocalDate day = LocalDate.ofEpochDay(Math.floorDiv(sec, 86400));
        int tod = (int) Math.floorMod(sec, 86400);
        for (Constraints e : exceptions) {
            if (e.dateMatches(day) && e.timeMatches(tod)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return "LaterSchedule" + json;
    }
}
