package io.github.meteorjob;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A later.js schedule, the object form of a job's {@code repeatWait}:
 * {@code {"schedules":[{...}], "exceptions":[{...}]}}. A time is an occurrence when it matches one
 * of the schedules and none of the exceptions; a schedule matches when every one of its keys does.
 *
 * <p>Each schedule maps a key — a {@link SchedulePeriod} such as {@code "h"} or {@code "dw"},
 * optionally with a modifier ({@code "h_a"}: hour at or after the value, {@code "h_b"}: before it) —
 * to a list of values. Keys and values keep the order they were given in, so a schedule made by a
 * JavaScript app ({@code later.parse.cron}, {@code later.parse.text}, {@code later.parse.recur})
 * reads and writes back unchanged.
 *
 * <p>Make one with {@link #later()} ({@code Schedule.later().time(LocalTime.of(9, 0)).onWeekdays().build()}),
 * from a cron expression with {@link #cron(String)}, or from a JavaScript app's JSON with
 * {@link #fromJson(JsonObject)}. Values outside a period's range ({@code {"h":[25]}}) are refused:
 * later.js does not simply skip them, it returns arbitrary times after giving up its search.
 *
 * @param schedules            alternative schedules (unmodifiable, at least one, none empty)
 * @param exceptions           times excluded from the schedules (same form)
 * @param writesEmptyExceptions whether {@link #toJson()} writes {@code "exceptions":[]} when there are
 *                             no exceptions, as later.js's parsers do (and {@link #cron} and
 *                             {@link #fromJson} of such JSON); meteor-job leaves the field out of a
 *                             schedule that has none, and so does this class otherwise. Always
 *                             {@code false} when there are exceptions.
 */
public record Schedule(List<Map<String, List<Long>>> schedules, List<Map<String, List<Long>>> exceptions,
                       boolean writesEmptyExceptions) {

    public Schedule {
        schedules = copy(schedules, "schedules");
        exceptions = exceptions == null ? List.of() : copy(exceptions, "exceptions");
        writesEmptyExceptions = writesEmptyExceptions && exceptions.isEmpty(); // only then does it change the JSON
        if (schedules.isEmpty()) {
            throw new IllegalArgumentException("schedules must hold at least one schedule");
        }
    }

    /** A schedule whose JSON leaves out {@code exceptions} when there are none. */
    public Schedule(List<Map<String, List<Long>>> schedules, List<Map<String, List<Long>>> exceptions) {
        this(schedules, exceptions, false);
    }

    private static List<Map<String, List<Long>>> copy(List<Map<String, List<Long>>> in, String what) {
        if (in == null) {
            throw new IllegalArgumentException(what + " must not be null");
        }
        List<Map<String, List<Long>>> out = new ArrayList<>();
        for (int i = 0; i < in.size(); i++) {
            Map<String, List<Long>> s = in.get(i);
            String where = what + "[" + i + "]";
            if (s == null || s.isEmpty()) {
                throw new IllegalArgumentException(where + " is empty; a later.js schedule needs at least one time period");
            }
            Map<String, List<Long>> m = new LinkedHashMap<>();
            s.forEach((key, values) -> m.put(key, checked(where, key, values)));
            out.add(Collections.unmodifiableMap(m));
        }
        return List.copyOf(out);
    }

    private static List<Long> checked(String where, String key, List<Long> values) {
        SchedulePeriod period;
        try {
            period = SchedulePeriod.ofKey(key);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
        }
        if (values == null || values.isEmpty()) {
            throw new IllegalArgumentException(where + "." + key + " must hold at least one value");
        }
        for (Long v : values) {
            period.checkValue(where + "." + key, v);
        }
        return List.copyOf(values);
    }

    /** Starts building a schedule from typed time periods. */
    public static ScheduleBuilder later() {
        return new ScheduleBuilder();
    }

    /**
     * Translates a cron expression as {@code later.parse.cron} does, with the same result: 5 fields
     * (minute hour day-of-month month day-of-week, second 0 implied), 6 fields (second first, like
     * {@code later.parse.cron(expr, true)}) or 7 (a year last). Fields take {@code *}, {@code ?},
     * values, names ({@code JAN}, {@code MON}), ranges {@code a-b}, steps {@code * /n}, {@code a/n},
     * {@code a-b/n} and comma lists; day-of-month {@code L} (last day) and {@code nW} (nearest
     * weekday); day-of-week {@code nL} (last such weekday of the month), {@code n#k} (k-th) and
     * 0–6 = Sunday–Saturday; {@code @yearly @monthly @weekly @daily @hourly}.
     *
     * @throws IllegalArgumentException naming the bad field where later.js would produce a schedule
     *                                  that does not mean what the expression says (a value out of
     *                                  range, an empty range, a malformed item, day-of-week 7, which
     *                                  later.js reads as Saturday)
     */
    public static Schedule cron(String expression) {
        return CronParser.parse(expression, null);
    }

    /**
     * Like {@link #cron(String)}, saying whether the first field is seconds, as the second argument
     * of {@code later.parse.cron(expr, hasSeconds)}: without seconds a 6th field is the year.
     */
    public static Schedule cron(String expression, boolean hasSeconds) {
        return CronParser.parse(expression, hasSeconds);
    }

    /** The later.js object: {@code {"schedules":[...]}}, with {@code "exceptions":[...]} when there are any. */
    public JsonObject toJson() {
        JsonObjectBuilder b = Json.createObjectBuilder().add("schedules", toArray(schedules));
        if (!exceptions.isEmpty() || writesEmptyExceptions) {
            b.add("exceptions", toArray(exceptions));
        }
        return b.build();
    }

    private static JsonArray toArray(List<Map<String, List<Long>>> list) {
        JsonArrayBuilder a = Json.createArrayBuilder();
        for (Map<String, List<Long>> s : list) {
            JsonObjectBuilder o = Json.createObjectBuilder();
            s.forEach((k, v) -> {
                JsonArrayBuilder values = Json.createArrayBuilder();
                v.forEach(values::add);
                o.add(k, values);
            });
            a.add(o);
        }
        return a.build();
    }

    /**
     * Reads a later.js object ({@code schedules} required, {@code exceptions} optional). The
     * {@code "error": -1} that {@code later.parse.text} adds on success is ignored.
     *
     * @throws IllegalArgumentException naming the part that is not a later.js schedule (or a value out of range)
     */
    public static Schedule fromJson(JsonObject json) {
        if (json == null || !(json.get("schedules") instanceof JsonArray schedules)) {
            throw new IllegalArgumentException("schedule object requires a schedules attribute of type Array");
        }
        JsonValue exceptions = json.get("exceptions");
        if (exceptions != null && !(exceptions instanceof JsonArray)) {
            throw new IllegalArgumentException("schedule object exceptions attribute must be an Array");
        }
        JsonValue error = json.get("error");
        if (error != null && !(error instanceof JsonNumber n && n.isIntegral() && n.longValue() == -1)) {
            throw new IllegalArgumentException("schedule object has error " + error
                    + ": later.parse.text could not read its text from that character on");
        }
        for (String key : json.keySet()) {
            if (!List.of("schedules", "exceptions", "error").contains(key)) {
                throw new IllegalArgumentException("schedule object has the unknown attribute '" + key
                        + "'; later.js reads only schedules and exceptions");
            }
        }
        return new Schedule(fromArray(schedules, "schedules"),
                exceptions instanceof JsonArray ex ? fromArray(ex, "exceptions") : List.of(), exceptions != null);
    }

    private static List<Map<String, List<Long>>> fromArray(JsonArray array, String what) {
        List<Map<String, List<Long>>> out = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            String where = what + "[" + i + "]";
            if (!(array.get(i) instanceof JsonObject o)) {
                throw new IllegalArgumentException(where + " must be an object, was " + array.get(i));
            }
            Map<String, List<Long>> m = new LinkedHashMap<>();
            o.forEach((k, values) -> {
                if (!(values instanceof JsonArray arr)) {
                    throw new IllegalArgumentException(where + "." + k + " must be an array of integers, was " + values);
                }
                List<Long> longs = new ArrayList<>();
                for (JsonValue x : arr) {
                    if (!(x instanceof JsonNumber n) || !n.isIntegral() || n.bigIntegerValue().bitLength() > 62) {
                        throw new IllegalArgumentException(where + "." + k + " must hold integers, was " + values);
                    }
                    longs.add(n.longValue());
                }
                m.put(k, longs);
            });
            out.add(m);
        }
        return out;
    }
}
