package io.github.meteorjob.server.schedule;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/** Generators for {@link LaterJsDifferentialTest}: cron strings, schedule objects, later's text forms. */
final class LaterJsCases {

    /** A cron expression and how it is read: {@code hasSeconds} null = {@code Schedule.cron(expr)}. */
    record Cron(String expression, Boolean hasSeconds, boolean impliedSeconds, String badField) {
    }

    private static final String[] MONTHS = {"JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"};
    private static final String[] DAYS = {"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"};

    private final Random r;

    LaterJsCases(long seed) {
        this.r = new Random(seed);
    }

    private int between(int min, int max) {
        return min + r.nextInt(max - min + 1);
    }

    private String randomCase(String name) {
        return switch (r.nextInt(3)) {
            case 0 -> name;
            case 1 -> name.toLowerCase(Locale.ROOT);
            default -> name.charAt(0) + name.substring(1).toLowerCase(Locale.ROOT);
        };
    }

    // ------------------------------------------------------------------ cron

    /** An item for a numeric field min..max: value, range, step forms. */
    private String numericItem(int min, int max) {
        int a = between(min, max);
        int b = between(Math.max(a, 1), max);
        return switch (r.nextInt(7)) {
            case 0, 1 -> String.valueOf(a);
            case 2 -> a + "-" + b;
            case 3 -> "*/" + between(1, Math.max(1, (max - min) / 2));
            case 4 -> a + "/" + between(1, 15);
            case 5 -> a + "-" + b + "/" + between(1, 10);
            default -> r.nextBoolean() ? "0/" + between(1, 12) : String.valueOf(a);
        };
    }

    private String list(java.util.function.Supplier<String> item) {
        int n = r.nextInt(10) < 6 ? 1 : between(2, 4);
        List<String> items = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            items.add(item.get());
        }
        return String.join(",", items);
    }

    private String field(String key) {
        if (r.nextInt(10) < 3) {
            return key.equals("D") || key.equals("d") ? (r.nextBoolean() ? "*" : "?") : "*";
        }
        return switch (key) {
            case "s", "m" -> list(() -> numericItem(0, 59));
            case "h" -> list(() -> numericItem(0, 23));
            case "D" -> list(() -> switch (r.nextInt(6)) {
                case 0 -> "L";
                case 1 -> between(1, 30) + "W";
                default -> numericItem(1, 31);
            });
            case "M" -> list(() -> switch (r.nextInt(4)) {
                case 0 -> randomCase(MONTHS[r.nextInt(12)]);
                case 1 -> {
                    int a = r.nextInt(12);
                    yield randomCase(MONTHS[a]) + "-" + randomCase(MONTHS[between(a, 11)]);
                }
                default -> numericItem(1, 12);
            });
            case "Y" -> list(() -> r.nextBoolean() ? String.valueOf(between(2025, 2035)) : numericItem(1970, 2099));
            default -> list(this::dayOfWeekItem);
        };
    }

    private String dayOfWeekItem() {
        String day = r.nextBoolean() ? String.valueOf(between(0, 6)) : randomCase(DAYS[r.nextInt(7)]);
        return switch (r.nextInt(7)) {
            case 0 -> day + "L";
            case 1 -> day + "#" + between(1, 5);
            case 2 -> {
                int a = r.nextInt(7);
                int b = between(a, 6);
                yield r.nextBoolean() ? a + "-" + b : randomCase(DAYS[a]) + "-" + randomCase(DAYS[b]);
            }
            case 3 -> "*/" + between(1, 3);
            default -> day;
        };
    }

    /** A cron expression later.parse.cron reads as written. */
    Cron validCron() {
        int form = r.nextInt(20);
        if (form == 0) {
            String[] specials = {"@yearly", "@annually", "@monthly", "@weekly", "@daily", "@hourly", "* * * * * *", "* * * * *"};
            String e = specials[r.nextInt(specials.length)];
            boolean six = e.startsWith("* * * * * *");
            return new Cron(r.nextBoolean() ? e : e.toUpperCase(Locale.ROOT), null, six, null);
        }
        String base = field("m") + " " + field("h") + " " + field("D") + " " + field("M") + " " + field("d");
        return switch (form % 4) {
            case 0 -> new Cron(base, null, false, null);
            case 1 -> new Cron(field("s") + " " + base, null, true, null);
            case 2 -> new Cron(field("s") + " " + base + " " + field("Y"), null, true, null);
            default -> new Cron(base + " " + field("Y"), false, false, null);
        };
    }

    /** A cron expression with one field later.js would silently change; {@code badField} names it. */
    Cron invalidCron() {
        String[] names = {"second", "minute", "hour", "day-of-month", "month", "day-of-week"};
        String[][] bad = {
                {"60", "*/0", "5-1", "0-0", "x", "1.5", "+5", "L", "1,,2", "5W"},
                {"60", "61", "*/0", "30-10", "0-0", "", "-5", "L", "5#2", "1-?"},
                {"24", "25", "*/0", "20-3", "0-0", "h", "1e1", "L", "3W", "7L"},
                {"0", "32", "31W", "LW", "*/0", "20-3", "5#2", "1,?", "0x1F", "5L"},
                {"0", "13", "FOO", "DEC-JAN", "*/0", "1.0", "JANUARY", "5W", "1,,3", "MON"},
                {"7", "8", "5-7", "SUN-7", "5#6", "5#0", "*/0", "L", "FRI-MON", "JAN"}};
        int f = r.nextInt(6);
        String item = bad[f][r.nextInt(bad[f].length)];
        String[] fields = {"0", "*", "*", "*", "*", "*"};
        fields[f] = item.isEmpty() ? "1,,2" : item;
        return new Cron(String.join(" ", fields), null, true, names[f]);
    }

    // ------------------------------------------------------------------ schedule objects

    private static final String[][] KEYS = {
            {"s", "second"}, {"m", "minute"}, {"h", "hour"}, {"t", "time"}, {"D", "day"}, {"d", "dayOfWeek", "dw"},
            {"dc", "dayOfWeekCount"}, {"dy", "dayOfYear"}, {"wm", "weekOfMonth"}, {"wy", "weekOfYear"},
            {"M", "month"}, {"Y", "year"}, {"fd", "fullDate"}};

    private long value(String key) {
        return switch (key) {
            case "s", "m" -> between(0, 59);
            case "h" -> between(0, 23);
            case "t" -> r.nextBoolean() ? between(0, 86_399) : between(0, 95) * 900L;
            case "D" -> between(0, 31);
            case "d" -> between(0, 7);
            case "dc" -> between(0, 5);
            case "dy" -> r.nextInt(4) == 0 ? between(0, 366) : between(0, 60);
            case "wm" -> between(0, 6);
            case "wy" -> between(0, 53);
            case "M" -> between(0, 12);
            case "Y" -> r.nextInt(8) == 0 ? between(1970, 2099) : between(2025, 2032);
            default -> {
                long ms = Instant.parse("2025-06-01T00:00:00Z").toEpochMilli() + (long) (r.nextDouble() * 6 * 365 * 86_400_000L);
                yield r.nextBoolean() ? ms - ms % 1000 : ms;
            }
        };
    }

    private static final List<String> DAY_LEVEL = List.of("D", "d", "dc", "dy", "wm", "wy");
    private static final List<String> TIME_LEVEL = List.of("s", "m", "h");

    private JsonObjectBuilder scheduleObject(int maxKeys) {
        return scheduleObject(maxKeys, true);
    }

    /**
     * An exception: one period, one or two values, no modifier. Broad exceptions (minute after 25,
     * three of five weekday counts) make later.js search 1000 steps for each of thousands of
     * candidates, minutes per run of this test without finding anything the narrow ones miss.
     */
    private JsonObjectBuilder exceptionObject() {
        return scheduleObject(1, false);
    }

    private JsonObjectBuilder scheduleObject(int maxKeys, boolean broad) {
        JsonObjectBuilder o = Json.createObjectBuilder();
        List<String> used = new ArrayList<>();
        List<String> periods = new ArrayList<>();
        int n = Math.min(maxKeys, r.nextInt(10) < 4 ? 1 : r.nextInt(10) < 6 ? 2 : 3);
        while (used.size() < n) {
            String[] names = KEYS[r.nextInt(KEYS.length)];
            String shortKey = names[0];
            if (shortKey.equals("fd") && r.nextInt(3) != 0) {
                continue; // full dates are rare in practice; keep most schedules recurring
            }
            // two day-level periods rarely meet (day 40 of the year on the 2nd week of a month):
            // later.js then searches 1000 steps per occurrence; allow only the pairs people write
            if (DAY_LEVEL.contains(shortKey) && periods.stream().anyMatch(DAY_LEVEL::contains)
                    && !(periods.contains("d") && (shortKey.equals("dc") || shortKey.equals("D")))) {
                continue;
            }
            // the same for a time of day next to seconds, minutes or hours
            if ((shortKey.equals("t") && periods.stream().anyMatch(TIME_LEVEL::contains))
                    || (TIME_LEVEL.contains(shortKey) && periods.contains("t"))) {
                continue;
            }
            String key = r.nextInt(6) == 0 ? names[r.nextInt(names.length)] : shortKey;
            int mod = broad ? r.nextInt(10) : 9;
            if (mod < 2) {
                key += r.nextInt(5) == 0 ? (mod == 0 ? "_after" : "_before") : (mod == 0 ? "_a" : "_b");
            }
            if (used.contains(key)) {
                continue;
            }
            used.add(key);
            periods.add(shortKey);
            JsonArrayBuilder values = Json.createArrayBuilder();
            int count = mod < 2 ? 1 : r.nextInt(10) < 5 ? 1 : between(2, broad ? 5 : 2);
            List<Long> vs = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                vs.add(value(shortKey));
            }
            if (r.nextInt(10) < 7) {
                vs = new ArrayList<>(new java.util.TreeSet<>(vs)); // what later's parsers produce
            }
            vs.forEach(values::add);
            o.add(key, values);
        }
        return o;
    }

    /** A random later.js definition over every period, modifier and name, with alternatives and exceptions. */
    JsonObject scheduleDefinition() {
        JsonArrayBuilder schedules = Json.createArrayBuilder();
        int n = r.nextInt(10) < 7 ? 1 : between(2, 3);
        for (int i = 0; i < n; i++) {
            schedules.add(scheduleObject(3));
        }
        JsonObjectBuilder def = Json.createObjectBuilder().add("schedules", schedules);
        int ex = r.nextInt(10);
        if (ex >= 4) {
            JsonArrayBuilder exceptions = Json.createArrayBuilder();
            for (int i = 0; i < (ex >= 7 ? between(1, 2) : 0); i++) {
                exceptions.add(exceptionObject());
            }
            def.add("exceptions", exceptions);
        }
        return def.build();
    }

    // ------------------------------------------------------------------ text

    /** Text forms as later.js's documentation and examples write them. */
    static final List<String> TEXTS = List.of(
            "at 10:15", "at 10:15 am", "at 10:15 am in 2027", "at 10:15am every weekday",
            "at 10:15am on Friday on the 3rd day instance", "at 10:15am on Friday on the last day instance",
            "at 10:15am on the 15th day", "at 10:15am on the last day of the month",
            "at 11:11am on the 11th day of November", "at 12:00 pm", "at 12:00pm every 5th day",
            "at 2:10pm and 2:44pm on Wed of March", "every 1 hour after 2:00pm and before 7:00pm",
            "every 1 min after 2:00pm and before 2:06pm", "every 1 min after 2:00pm and before 3:00pm",
            "every 5 mins after 2:00pm and before 2:55pm",
            "every 5 mins after 2:00pm before 3:00pm also every 5 min after 6:00pm before 7:00pm",
            "every 5 mins on the 30th sec", "every 5 minutes", "every 10 seconds", "every 2 hours",
            "every 15 mins", "every 3 days", "every weekday", "every weekend", "every 2nd month",
            "every 3rd week", "every 2 weeks of the month", "every 10 days of the year",
            "every 2nd day of the week", "every 5 mins starting on the 7th min",
            "every 5 mins between the 10th and 40th minute", "every 10 secs starting on the 5th sec",
            "every 3 hours between the 1st and 12th hour", "every 2 years", "every 5th day starting on the 2nd day",
            "on the first day of the month", "on the last day of the month", "on the 1st day of the year",
            "on the last day of the year", "on the 15th day", "on the 2nd week of the year",
            "on the last week of the year", "on the 3rd week of the month", "on the last week of the month",
            "on the first day instance", "on the last day instance", "on the 2nd day instance",
            "on the 1st through 5th day", "on the 1st,15th day", "on the 1st-7th day of the year",
            "on Monday", "on Mon,Wed,Fri", "on Tuesday through Thursday", "on sat and sun",
            "of January", "of jan through mar", "of June,December", "in 2027", "in 2026 and 2028",
            "at 9:00 am every weekday", "at 5:00 pm on Friday", "at 00:00", "at 23:59", "at 8:30 am and 5:30 pm",
            "at 09:00 on the first day of the month", "at 6:00 pm on the last day instance of the month",
            "after 9:00am", "before 5:00pm", "after the 10th day", "before the 20th day",
            "after the 6th hour", "before the 3rd month", "after 2027", "at 10:00 am except on Wednesday",
            "every weekday except on the 1st day", "at 10:00 am on Monday also at 2:00 pm on Friday",
            "every 30 mins except after 6:00pm", "on the 2nd day instance on Tuesday at 7:00 am",
            "every 1 hour on the 13th day on Friday", "on the first day instance of January",
            "at 7:00 am on the first week of the month", "every 6 hours on the 1st-10th day of the year",
            "on the 40th day", "at 25:00", "every blue moon", "at 10:15 on the 61st minute");
}
