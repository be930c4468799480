package io.github.meteorjob;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@link Schedule#cron(String)}: reads a cron expression into exactly the schedule
 * {@code later.parse.cron} (later.js 1.2.0) makes of it — the same keys in the same order, the
 * same alternative schedules for {@code #}, the same exceptions for {@code W} — but refuses, naming
 * the field, what later.js silently turns into something else (it clamps {@code 61} to 59, reads
 * a step of 0 as a step of 1, an empty item as 0 and day-of-week 7 as Saturday).
 */
final class CronParser {

    private static final List<String> MONTHS = List.of("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC");
    private static final List<String> DAYS = List.of("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT");
    private static final Map<String, String> REPLACEMENTS = Map.of(
            "* * * * * *", "0/1 * * * * *",
            "@YEARLY", "0 0 1 1 *",
            "@ANNUALLY", "0 0 1 1 *",
            "@MONTHLY", "0 0 1 * *",
            "@WEEKLY", "0 0 * * 0",
            "@DAILY", "0 0 * * *",
            "@HOURLY", "0 * * * *");

    /** One cron field: its schedule key, position among the 7 components, later.js's min/max and offset. */
    private record Field(String key, String name, int index, int min, int max, int offset, int cronMin, int cronMax) {
    }

    /** In later.js's processing order (s m h D M Y d): the order keys appear in its objects. */
    private static final List<Field> FIELDS = List.of(
            new Field("s", "second", 0, 0, 59, 0, 0, 59),
            new Field("m", "minute", 1, 0, 59, 0, 0, 59),
            new Field("h", "hour", 2, 0, 23, 0, 0, 23),
            new Field("D", "day-of-month", 3, 1, 31, 0, 1, 31),
            new Field("M", "month", 4, 1, 12, 0, 1, 12),
            new Field("Y", "year", 6, 1970, 2099, 0, 1970, 2099),
            new Field("d", "day-of-week", 5, 1, 7, 1, 0, 6));

    private CronParser() {
    }

    static Schedule parse(String expression, Boolean hasSecondsArg) {
        if (expression == null || expression.isBlank()) {
            throw new IllegalArgumentException("cron expression must not be empty");
        }
        if (!expression.chars().allMatch(c -> c >= 0x20 && c < 0x7f || c == '\t')) {
            throw new IllegalArgumentException("cron expression '" + expression + "' holds a character that is not printable ASCII");
        }
        if (Character.isWhitespace(expression.charAt(0))) {
            throw new IllegalArgumentException("cron expression '" + expression
                    + "' starts with whitespace (later.parse.cron would shift every field by one)");
        }
        String upper = expression.toUpperCase(Locale.ROOT);
        int count = upper.trim().split("\\s+").length;
        boolean hasSeconds = hasSecondsArg != null ? hasSecondsArg
                : REPLACEMENTS.containsKey(upper) ? upper.startsWith("*") : count >= 6;
        String prepared = REPLACEMENTS.getOrDefault(upper, upper);
        String[] components = ((hasSeconds ? "" : "0 ") + prepared).trim().split("\\s+");
        int fields = components.length - (hasSeconds ? 0 : 1);
        if (!REPLACEMENTS.containsKey(upper) && (components.length < 6 || components.length > 7)) {
            throw new IllegalArgumentException("cron expression '" + expression + "' must have "
                    + (hasSeconds ? "6 fields (second first) or 7 (with year)" : "5 fields or 6 (with year)")
                    + ", has " + fields);
        }
        List<Map<String, List<Long>>> schedules = new ArrayList<>();
        schedules.add(new LinkedHashMap<>());
        List<Map<String, List<Long>>> exceptions = new ArrayList<>();
        for (Field f : FIELDS) {
            String component = f.index < components.length ? components[f.index] : null;
            if (component == null || component.equals("*") || component.equals("?")) {
                continue;
            }
            String[] items = component.split(",", -1);
            for (String item : items) {
                check(expression, f, component, item);
            }
            V8Sort.sort(items, CronParser::itemOrder);
            for (String item : items) {
                item(f, item, schedules, exceptions);
            }
        }
        return new Schedule(schedules, exceptions, true);
    }

    /** later.js's item comparator: {@code #} and {@code nL} items last, the rest by numeric value (NaN for others). */
    private static double itemOrder(String a, String b) {
        return isHash(a) && !isHash(b) ? 1 : number(a) - number(b);
    }

    private static boolean isHash(String item) {
        return item.indexOf('#') > -1 || item.indexOf('L') > 0;
    }

    private static double number(String item) {
        return item.chars().allMatch(Character::isDigit) && !item.isEmpty() ? Double.parseDouble(item) : Double.NaN;
    }

    // ------------------------------------------------------------------ validation

    private static void check(String expr, Field f, String component, String item) {
        String bad = "invalid cron expression '" + expr + "': " + f.name + " field '" + component + "'";
        if (item.isEmpty()) {
            throw new IllegalArgumentException(bad + " has an empty list item");
        }
        if (item.equals("L")) {
            if (!f.key.equals("D") && !f.key.equals("M")) {
                throw new IllegalArgumentException(bad + ": L (last) is only understood in day-of-month"
                        + (f.key.equals("d") ? "; use nL for the last such weekday of the month" : ""));
            }
            return;
        }
        if (f.key.equals("D") && item.endsWith("W")) {
            int v = value(f, item.substring(0, item.length() - 1), bad);
            if (v > 30) {
                throw new IllegalArgumentException(bad + ": " + item + " would need day 32");
            }
            return;
        }
        if (f.key.equals("d") && item.endsWith("L")) {
            value(f, item.substring(0, item.length() - 1), bad);
            return;
        }
        int hash = item.indexOf('#');
        if (hash >= 0) {
            if (!f.key.equals("d")) {
                throw new IllegalArgumentException(bad + ": n#k (k-th weekday) is only understood in day-of-week");
            }
            value(f, item.substring(0, hash), bad);
            int k = digits(item.substring(hash + 1), bad + ": occurrence");
            if (k < 1 || k > 5) {
                throw new IllegalArgumentException(bad + ": occurrence " + k + " is out of range 1-5");
            }
            return;
        }
        String base = item;
        int slash = item.indexOf('/');
        if (slash >= 0) {
            base = item.substring(0, slash);
            int step = digits(item.substring(slash + 1), bad + ": step");
            if (step < 1) {
                throw new IllegalArgumentException(bad + ": step must be >= 1");
            }
        }
        if (base.equals("*")) {
            return;
        }
        if (slash >= 0 && base.equals("0")) {
            return; // later.js reads 0/n as */n
        }
        int dash = base.indexOf('-');
        if (dash >= 0) {
            int from = value(f, base.substring(0, dash), bad);
            int to = value(f, base.substring(dash + 1), bad);
            if (to == 0) {
                throw new IllegalArgumentException(bad + ": a range ending at 0 is read by later.parse.cron as ending at "
                        + f.max);
            }
            if (from > to) {
                throw new IllegalArgumentException(bad + ": range start " + base.substring(0, dash)
                        + " is after its end " + base.substring(dash + 1));
            }
        } else {
            value(f, base, bad);
        }
    }

    private static boolean isName(Field f, String item) {
        return f.key.equals("M") && MONTHS.contains(item) || f.key.equals("d") && DAYS.contains(item);
    }

    /** A value or name, checked against the field's cron range; returns later.js's value (weekdays 1-based). */
    private static int value(Field f, String text, String bad) {
        if (f.key.equals("M") && MONTHS.contains(text)) {
            return MONTHS.indexOf(text) + 1;
        }
        if (f.key.equals("d") && DAYS.contains(text)) {
            return DAYS.indexOf(text) + 1;
        }
        int v = digits(text, bad + ": value");
        if (f.key.equals("d") && v == 7) {
            throw new IllegalArgumentException(bad + ": day-of-week 7 is read as Saturday by later.parse.cron; use 0 or SUN for Sunday");
        }
        if (v < f.cronMin || v > f.cronMax) {
            throw new IllegalArgumentException(bad + ": value " + v + " is out of range " + f.cronMin + "-" + f.cronMax);
        }
        return v + f.offset;
    }

    private static int digits(String text, String what) {
        if (text.isEmpty() || text.length() > 6 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException(what + " '" + text + "' is not a number");
        }
        return Integer.parseInt(text);
    }

    // ------------------------------------------------------------------ later.js's construction

    private static void item(Field f, String item, List<Map<String, List<Long>>> schedules,
                             List<Map<String, List<Long>>> exceptions) {
        Map<String, List<Long>> cur = schedules.get(schedules.size() - 1);
        if (item.equals("L")) {
            add(cur, f.key, f.min - 1 + f.offset, f.min - 1 + f.offset, 1);
        } else if (number(item) == number(item) || isName(f, item)) {
            int v = value(f, item, "");
            add(cur, f.key, v, v, 1);
        } else if (f.key.equals("D") && item.endsWith("W")) {
            weekday(cur, exceptions, value(f, item.substring(0, item.length() - 1), ""));
        } else if (f.key.equals("d") && item.endsWith("L")) {
            hash(schedules, cur, value(f, item.substring(0, item.length() - 1), ""), f.min - 1);
        } else if (item.contains("#")) {
            int at = item.indexOf('#');
            hash(schedules, cur, value(f, item.substring(0, at), ""), Integer.parseInt(item.substring(at + 1)));
        } else {
            range(f, item, cur);
        }
    }

    private static void range(Field f, String item, Map<String, List<Long>> cur) {
        int slash = item.indexOf('/');
        String range = slash >= 0 ? item.substring(0, slash) : item;
        int step = slash >= 0 ? Integer.parseInt(item.substring(slash + 1)) : 1;
        int min = f.min;
        int max = f.max;
        if (!range.equals("*") && !range.equals("0")) {
            int dash = range.indexOf('-');
            min = value(f, dash >= 0 ? range.substring(0, dash) : range, "");
            if (dash >= 0) {
                max = value(f, range.substring(dash + 1), "");
            }
        }
        add(cur, f.key, min, max, step);
    }

    /** Adds min..max (by step) to the key, keeping the values sorted and unique, as later.js does. */
    private static void add(Map<String, List<Long>> sched, String key, long min, long max, long step) {
        List<Long> values = sched.computeIfAbsent(key, k -> new ArrayList<>());
        for (long i = min; i <= max; i += step) {
            if (!values.contains(i)) {
                values.add(i);
            }
        }
        values.sort(null);
    }

    /** {@code nW}: the weekday nearest to day n, within the month (later.js's construction). */
    private static void weekday(Map<String, List<Long>> cur, List<Map<String, List<Long>>> exceptions, int value) {
        Map<String, List<Long>> except1 = new LinkedHashMap<>();
        Map<String, List<Long>> except2 = new LinkedHashMap<>();
        if (value == 1) {
            add(cur, "D", 1, 3, 1);
            add(cur, "d", 2, 6, 1);
            add(except1, "D", 2, 2, 1);
            add(except1, "d", 3, 6, 1);
            add(except2, "D", 3, 3, 1);
            add(except2, "d", 3, 6, 1);
        } else {
            add(cur, "D", value - 1, value + 1, 1);
            add(cur, "d", 2, 6, 1);
            add(except1, "D", value - 1, value - 1, 1);
            add(except1, "d", 2, 5, 1);
            add(except2, "D", value + 1, value + 1, 1);
            add(except2, "d", 3, 6, 1);
        }
        exceptions.add(except1);
        exceptions.add(except2);
    }

    /** {@code n#k} and {@code nL}: weekday n with day-of-week count k; a different count needs a new schedule. */
    private static void hash(List<Map<String, List<Long>>> schedules, Map<String, List<Long>> cur, int value, int count) {
        Map<String, List<Long>> target = cur;
        if (cur.containsKey("d") && !cur.containsKey("dc") || cur.containsKey("dc") && !cur.get("dc").contains((long) count)) {
            target = new LinkedHashMap<>();
            for (Map.Entry<String, List<Long>> e : cur.entrySet()) {
                if (!e.getKey().equals("dc") && !e.getKey().equals("d")) {
                    target.put(e.getKey(), new ArrayList<>(e.getValue()));
                }
            }
            schedules.add(target);
        }
        add(target, "d", value, value, 1);
        add(target, "dc", count, count, 1);
    }
}
