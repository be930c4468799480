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
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * A later.js schedule, the object form of a job's {@code repeatWait}:
 * {@code {"schedules":[{...}], "exceptions":[{...}]}}. A time matches when it matches one of the
 * schedules and none of the exceptions; a schedule matches when every one of its fields does.
 *
 * <p>Fields (the ones the job servers understand): {@code s} second 0–59, {@code m} minute 0–59,
 * {@code h} hour 0–23, {@code d} day of week 1–7 (1 = Sunday), {@code D} day of month 1–31,
 * {@code M} month 1–12. Each field holds a list of values; a missing field matches any value.
 *
 * <p>Build one with {@link #later()} (for example {@code Schedule.later().second(0).everyMinutes(15).build()})
 * or translate a cron expression with {@link #cron(String)}.
 *
 * @param schedules  alternative schedules (unmodifiable; each maps a field key to its sorted values)
 * @param exceptions times excluded from the schedules (same form)
 */
public record Schedule(List<Map<String, List<Integer>>> schedules, List<Map<String, List<Integer>>> exceptions) {

    /** The field keys in document order. */
    public static final List<String> FIELDS = List.of("s", "m", "h", "D", "M", "d");

    public Schedule {
        schedules = copy(schedules, "schedules");
        exceptions = exceptions == null ? List.of() : copy(exceptions, "exceptions");
        if (schedules.isEmpty()) {
            throw new IllegalArgumentException("schedules must hold at least one schedule");
        }
    }

    private static List<Map<String, List<Integer>>> copy(List<Map<String, List<Integer>>> in, String what) {
        if (in == null) {
            throw new IllegalArgumentException(what + " must not be null");
        }
        List<Map<String, List<Integer>>> out = new ArrayList<>();
        for (Map<String, List<Integer>> s : in) {
            Map<String, List<Integer>> m = new LinkedHashMap<>();
            for (String key : FIELDS) {
                List<Integer> values = s.get(key);
                if (values != null) {
                    TreeSet<Integer> sorted = new TreeSet<>();
                    for (Integer v : values) {
                        checkRange(key, v);
                        sorted.add(v);
                    }
                    m.put(key, List.copyOf(sorted));
                }
            }
            for (String key : s.keySet()) {
                if (!FIELDS.contains(key)) {
                    throw new IllegalArgumentException(what + " field '" + key + "' is not supported; use one of " + FIELDS);
                }
            }
            out.add(Collections.unmodifiableMap(m));
        }
        return List.copyOf(out);
    }

    private static void checkRange(String key, Integer v) {
        int[] r = range(key);
        if (v == null || v < r[0] || v > r[1]) {
            throw new IllegalArgumentException("schedule field '" + key + "' value " + v + " is out of range " + r[0] + "-" + r[1]);
        }
    }

    private static int[] range(String key) {
        return switch (key) {
            case "s", "m" -> new int[] {0, 59};
            case "h" -> new int[] {0, 23};
            case "D" -> new int[] {1, 31};
            case "M" -> new int[] {1, 12};
            case "d" -> new int[] {1, 7};
            default -> throw new IllegalArgumentException("schedule field '" + key + "' is not supported; use one of " + FIELDS);
        };
    }

    /** Starts building a schedule. */
    public static Builder later() {
        return new Builder();
    }

    /**
     * Translates a cron expression into the schedule later.js's {@code later.parse.cron} produces.
     * Accepts 5 fields (minute hour day-of-month month day-of-week; second 0 is implied) or 6 fields
     * (second first). Each field takes {@code *}, {@code ?}, values, ranges {@code a-b}, steps
     * {@code * /n}, {@code a/n}, {@code a-b/n} and comma lists; months and weekdays also take names
     * ({@code JAN}, {@code MON}); weekday 0 and 7 are Sunday.
     *
     * @throws IllegalArgumentException naming the bad field when the expression is invalid
     */
    public static Schedule cron(String expression) {
        if (expression == null || expression.isBlank()) {
            throw new IllegalArgumentException("cron expression must not be empty");
        }
        String[] parts = expression.trim().split("\\s+");
        if (parts.length != 5 && parts.length != 6) {
            throw new IllegalArgumentException("cron expression '" + expression + "' must have 5 or 6 fields, has " + parts.length);
        }
        String[] fields = parts.length == 6 ? parts : new String[] {"0", parts[0], parts[1], parts[2], parts[3], parts[4]};
        String[] names = {"second", "minute", "hour", "day-of-month", "month", "day-of-week"};
        String[] keys = {"s", "m", "h", "D", "M", "d"};
        int[][] ranges = {{0, 59}, {0, 59}, {0, 23}, {1, 31}, {1, 12}, {0, 7}};
        Map<String, List<Integer>> schedule = new LinkedHashMap<>();
        for (int i = 0; i < 6; i++) {
            List<Integer> values = cronField(expression, names[i], fields[i], ranges[i][0], ranges[i][1]);
            if (values != null) {
                if (keys[i].equals("d")) {
                    TreeSet<Integer> dow = new TreeSet<>();
                    for (int v : values) {
                        dow.add(v == 7 ? 1 : v + 1);
                    }
                    values = List.copyOf(dow);
                }
                schedule.put(keys[i], values);
            }
        }
        return new Schedule(List.of(schedule), List.of());
    }

    private static final List<String> MONTHS = List.of("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC");
    private static final List<String> DAYS = List.of("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT");

    /** The values of one cron field, or {@code null} for "any". */
    private static List<Integer> cronField(String expr, String name, String field, int min, int max) {
        if (field.equals("*") || field.equals("?")) {
            return null;
        }
        TreeSet<Integer> values = new TreeSet<>();
        for (String item : field.split(",", -1)) {
            String bad = "invalid cron expression '" + expr + "': " + name + " field '" + field + "'";
            if (item.isEmpty()) {
                throw new IllegalArgumentException(bad + " has an empty list item");
            }
            int step = 1;
            String base = item;
            int slash = item.indexOf('/');
            if (slash >= 0) {
                base = item.substring(0, slash);
                step = number(item.substring(slash + 1), name, bad + ": step");
                if (step < 1) {
                    throw new IllegalArgumentException(bad + ": step must be >= 1");
                }
            }
            int from;
            int to;
            if (base.equals("*") || base.equals("?")) {
                from = min;
                to = max;
            } else {
                int dash = base.indexOf('-', 1);
                if (dash > 0) {
                    from = value(base.substring(0, dash), name, bad);
                    to = value(base.substring(dash + 1), name, bad);
                } else {
                    from = value(base, name, bad);
                    to = slash >= 0 ? max : from;
                }
            }
            if (from < min || from > max || to < min || to > max) {
                throw new IllegalArgumentException(bad + ": value out of range " + min + "-" + max);
            }
            if (from > to) {
                throw new IllegalArgumentException(bad + ": range start " + from + " is after its end " + to);
            }
            for (int v = from; v <= to; v += step) {
                values.add(v);
            }
        }
        return List.copyOf(values);
    }

    private static int value(String text, String name, String bad) {
        String upper = text.toUpperCase(Locale.ROOT);
        if (name.equals("month") && MONTHS.contains(upper)) {
            return MONTHS.indexOf(upper) + 1;
        }
        if (name.equals("day-of-week") && DAYS.contains(upper)) {
            return DAYS.indexOf(upper);
        }
        return number(text, name, bad + ": value");
    }

    private static int number(String text, String name, String what) {
        if (text.isEmpty() || !text.chars().allMatch(Character::isDigit) || text.length() > 6) {
            throw new IllegalArgumentException(what + " '" + text + "' is not a number");
        }
        return Integer.parseInt(text);
    }

    /** The later.js object: {@code {"schedules":[...],"exceptions":[...]}}. */
    public JsonObject toJson() {
        return Json.createObjectBuilder()
                .add("schedules", toArray(schedules))
                .add("exceptions", toArray(exceptions))
                .build();
    }

    private static JsonArray toArray(List<Map<String, List<Integer>>> list) {
        JsonArrayBuilder a = Json.createArrayBuilder();
        for (Map<String, List<Integer>> s : list) {
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
     * Reads a later.js object ({@code schedules} required, {@code exceptions} optional).
     *
     * @throws IllegalArgumentException when it is not a schedule this library understands
     */
    public static Schedule fromJson(JsonObject json) {
        if (json == null || !(json.get("schedules") instanceof JsonArray schedules)) {
            throw new IllegalArgumentException("schedule object requires a schedules attribute of type Array");
        }
        JsonValue exceptions = json.get("exceptions");
        if (exceptions != null && exceptions != JsonValue.NULL && !(exceptions instanceof JsonArray)) {
            throw new IllegalArgumentException("schedule object exceptions attribute must be an Array");
        }
        return new Schedule(fromArray(schedules),
                exceptions instanceof JsonArray ex ? fromArray(ex) : List.of());
    }

    private static List<Map<String, List<Integer>>> fromArray(JsonArray array) {
        List<Map<String, List<Integer>>> out = new ArrayList<>();
        for (JsonValue v : array) {
            if (!(v instanceof JsonObject o)) {
                throw new IllegalArgumentException("each schedule must be an object, was " + v);
            }
            Map<String, List<Integer>> m = new LinkedHashMap<>();
            o.forEach((k, values) -> {
                if (!(values instanceof JsonArray arr)) {
                    throw new IllegalArgumentException("schedule field '" + k + "' must be an array, was " + values);
                }
                List<Integer> ints = new ArrayList<>();
                for (JsonValue x : arr) {
                    if (!(x instanceof JsonNumber n) || !n.isIntegral()) {
                        throw new IllegalArgumentException("schedule field '" + k + "' must hold integers, was " + values);
                    }
                    ints.add(n.intValue());
                }
                m.put(k, ints);
            });
            out.add(m);
        }
        return out;
    }

    /** Builds a {@link Schedule} one field at a time; {@link #and()} starts an alternative, {@link #except()} the exceptions. */
    public static final class Builder {
        private final List<Map<String, List<Integer>>> schedules = new ArrayList<>();
        private final List<Map<String, List<Integer>>> exceptions = new ArrayList<>();
        private Map<String, List<Integer>> current = new LinkedHashMap<>();
        private boolean inExceptions;

        private Builder() {
        }

        private Builder set(String key, int... values) {
            if (values.length == 0) {
                throw new IllegalArgumentException("schedule field '" + key + "' needs at least one value");
            }
            List<Integer> list = new ArrayList<>(current.getOrDefault(key, List.of()));
            for (int v : values) {
                checkRange(key, v);
                list.add(v);
            }
            current.put(key, list);
            return this;
        }

        private Builder every(String key, int step) {
            if (step < 1) {
                throw new IllegalArgumentException("schedule step for field '" + key + "' must be >= 1, was " + step);
            }
            int[] r = range(key);
            List<Integer> values = new ArrayList<>();
            for (int v = r[0]; v <= r[1]; v += step) {
                values.add(v);
            }
            current.put(key, values);
            return this;
        }

        /** At these seconds (0–59). */
        public Builder second(int... values) { return set("s", values); }

        /** At these minutes (0–59). */
        public Builder minute(int... values) { return set("m", values); }

        /** At these hours (0–23). */
        public Builder hour(int... values) { return set("h", values); }

        /** On these days of the week (1 = Sunday … 7 = Saturday). */
        public Builder dayOfWeek(int... values) { return set("d", values); }

        /** On these days of the month (1–31). */
        public Builder dayOfMonth(int... values) { return set("D", values); }

        /** In these months (1–12). */
        public Builder month(int... values) { return set("M", values); }

        /** Every {@code n} seconds, starting at second 0. */
        public Builder everySeconds(int n) { return every("s", n); }

        /** Every {@code n} minutes, starting at minute 0. */
        public Builder everyMinutes(int n) { return every("m", n); }

        /** Every {@code n} hours, starting at hour 0. */
        public Builder everyHours(int n) { return every("h", n); }

        /** Ends the current schedule and starts an alternative one (or another exception). */
        public Builder and() {
            flush();
            return this;
        }

        /** Ends the current schedule; what follows describes times excluded from the schedules. */
        public Builder except() {
            flush();
            inExceptions = true;
            return this;
        }

        private void flush() {
            if (!current.isEmpty() || (!inExceptions && schedules.isEmpty())) {
                (inExceptions ? exceptions : schedules).add(current);
            }
            current = new LinkedHashMap<>();
        }

        /** The schedule; an empty builder gives a schedule matching every second. */
        public Schedule build() {
            List<Map<String, List<Integer>>> s = new ArrayList<>(schedules);
            List<Map<String, List<Integer>>> e = new ArrayList<>(exceptions);
            if (!current.isEmpty() || (!inExceptions && s.isEmpty())) {
                (inExceptions ? e : s).add(current);
            }
            if (s.isEmpty()) {
                s.add(Map.of());
            }
            return new Schedule(s, e);
        }
    }
}
