package io.github.meteorjob.wire;

import io.github.meteorjob.DdpException;
import io.github.meteorjob.ejson.Ejson;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Parameter checks with the strictness of Meteor's {@code check()} patterns, as job-collection uses them:
 * object patterns refuse unknown keys, optional keys may be absent but not {@code null}, and a failure is
 * Meteor's sanitized {@code Match.Error}: a {@link DdpException} with error 400, reason "Match failed" and
 * {@code details} naming what is wrong and where ({@code "... in field filter.status[0]"}).
 *
 * <p>Here, not in the server, because the wire forms both sides share (such as {@link
 * io.github.meteorjob.wire.query.JobQueryWire}) are read with them.
 */
public final class MeteorMatch {

    private static final jakarta.json.spi.JsonProvider JSON = Ejson.provider();

    /** Prefix that keeps Mongo ObjectID ids apart from string ids (no job of ours has one). */
    public static final String OID_PREFIX = "\u0000oid:";

    /** The largest magnitude of a JavaScript date in milliseconds: {@code Job.foreverDate}. */
    public static final long MAX_DATE_MS = 8_640_000_000_000_000L;

    /** A validator of one value; returns normally or throws via {@link #fail}. */
    @FunctionalInterface
    public interface Rule {
        /** Checks {@code v}, found at {@code field}; throws the 400 of {@link #fail} when it does not fit. */
        void check(JsonValue v, String field);
    }

    private MeteorMatch() {
    }

    public static DdpException fail(String detail) {
        return new DdpException(JSON.createValue(400), "Match failed", JSON.createValue("Match error: " + detail));
    }

    public static String where(String field) {
        return field == null || field.isEmpty() ? "" : " in field " + field;
    }

    public static String describe(JsonValue v) {
        if (v == null) {
            return "undefined";
        }
        return switch (v.getValueType()) {
            case NULL -> "null";
            case TRUE, FALSE -> "boolean";
            case NUMBER -> "number";
            case STRING -> "string";
            case ARRAY -> "array";
            case OBJECT -> isDate(v) ? "Date" : "object";
        };
    }

    /** {@code v} as an array; a 400 naming {@code field} otherwise. */
    public static JsonArray array(JsonValue v, String field) {
        if (v instanceof JsonArray a) {
            return a;
        }
        throw fail("Expected array, got " + describe(v) + where(field));
    }

    /**
     * An EJSON date: {@code {"$date": ms}}, or {@code {"$date": "<ISO-8601 string>"}}, which Meteor's
     * EJSON also reads (its {@code fromJSONValue} is {@code new Date(obj.$date)}).
     */
    public static boolean isDate(JsonValue v) {
        return v instanceof JsonObject o && o.size() == 1
                && (o.get("$date") instanceof JsonNumber || o.get("$date") instanceof JsonString);
    }

    public static boolean isOid(JsonValue v) {
        return v instanceof JsonObject o && o.size() == 2 && o.get("$type") instanceof JsonString t
                && "oid".equals(t.getString()) && o.get("$value") instanceof JsonString;
    }

    /** A plain object: a JSON object that is not an EJSON special value (date, binary, custom type). */
    public static boolean isPlainObject(JsonValue v) {
        if (!(v instanceof JsonObject o)) {
            return false;
        }
        return !(isDate(o) || o.size() == 1 && (o.containsKey("$binary") || o.containsKey("$InfNaN"))
                || o.size() == 2 && o.containsKey("$type") && o.containsKey("$value"));
    }

    /**
     * A finite number. JSON text may hold {@code 1e999}, which is Infinity as a double: JSON cannot
     * write it back, so a document holding it could never be sent or stored again.
     */
    public static boolean isNumber(JsonValue v) {
        return v instanceof JsonNumber n && Double.isFinite(n.doubleValue());
    }

    public static double num(JsonValue v) {
        return ((JsonNumber) v).doubleValue();
    }

    public static boolean isInt(JsonValue v) {
        if (!(v instanceof JsonNumber n)) {
            return false;
        }
        double d = n.doubleValue();
        return Math.floor(d) == d && !Double.isInfinite(d);
    }

    public static String string(JsonValue v, String field) {
        if (v instanceof JsonString s) {
            return s.getString();
        }
        throw fail("Expected string, got " + describe(v) + where(field));
    }

    public static boolean bool(JsonValue v, String field) {
        if (v == JsonValue.TRUE) {
            return true;
        }
        if (v == JsonValue.FALSE) {
            return false;
        }
        if (v != null && (v.getValueType() == JsonValue.ValueType.TRUE || v.getValueType() == JsonValue.ValueType.FALSE)) {
            return v.getValueType() == JsonValue.ValueType.TRUE;
        }
        throw fail("Expected boolean, got " + describe(v) + where(field));
    }

    /**
     * An EJSON date within JavaScript's range (±8.64e15 ms, {@code Job.foreverDate} at most). A
     * fraction of a millisecond is dropped toward zero, as {@code new Date(ms)} does. Outside that
     * range JavaScript only has an Invalid Date, which no client could read back, so it is refused
     * here rather than stored (read with {@code longValue()}, a larger value would wrap around).
     */
    public static Instant date(JsonValue v, String field) {
        if (isDate(v) && ((JsonObject) v).get("$date") instanceof JsonString text) {
            return isoDate(text.getString(), v, field);
        }
        if (isDate(v)) {
            // as a double, like JavaScript: exact for every integer in range (< 2^53), and cheap
            // even for 1e-999999999, whose exact BigDecimal conversion would take minutes
            double ms = ((JsonObject) v).getJsonNumber("$date").doubleValue();
            if (Math.abs(ms) <= MAX_DATE_MS) {
                return Instant.ofEpochMilli((long) ms);
            }
            throw fail("Expected Date within ±" + MAX_DATE_MS + " ms of 1970-01-01 (the range of a JavaScript Date), got "
                    + show(v) + where(field));
        }
        throw fail("Expected Date, got " + describe(v) + where(field));
    }

    /**
     * The ISO-8601 forms JavaScript's {@code Date.parse} reads the same everywhere: a date-time with
     * {@code Z} or an offset, or a date alone (midnight UTC). A date-time without offset is local
     * time in JavaScript, so its meaning would depend on the server's time zone: refused, like text
     * JavaScript reads as an Invalid Date.
     */
    private static Instant isoDate(String text, JsonValue v, String field) {
        Instant at;
        try {
            at = text.length() == 10 ? java.time.LocalDate.parse(text).atStartOfDay(java.time.ZoneOffset.UTC).toInstant()
                    : java.time.OffsetDateTime.parse(text).toInstant();
        } catch (java.time.format.DateTimeParseException e) {
            throw fail("Expected Date, got " + show(v) + ": a $date string must be ISO-8601 with Z or an offset"
                    + " (e.g. 2026-01-31T12:00:00.000Z) or a date alone" + where(field));
        }
        if (Math.abs(at.getEpochSecond()) > MAX_DATE_MS / 1000 || Math.abs(at.toEpochMilli()) > MAX_DATE_MS) {
            throw fail("Expected Date within the range of a JavaScript Date, got " + show(v) + where(field));
        }
        return Instant.ofEpochMilli(at.toEpochMilli());
    }

    public static JsonObject object(JsonValue v, String field) {
        if (isPlainObject(v)) {
            plain((JsonObject) v, field);
            return (JsonObject) v;
        }
        throw fail("Expected object, got " + describe(v) + where(field));
    }

    /** A job id: a string or a Mongo ObjectID. */
    public static String id(JsonValue v, String field) {
        if (v instanceof JsonString s) {
            return s.getString();
        }
        if (isOid(v)) {
            return OID_PREFIX + ((JsonObject) v).getString("$value");
        }
        throw fail("Expected job id (string or ObjectID), got " + describe(v) + where(field));
    }

    /** One id or an array of ids (job-collection's {@code Match.OneOf(id, [id])}). */
    public static List<String> ids(JsonValue v, String field) {
        if (v instanceof JsonArray a) {
            List<String> out = new ArrayList<>(a.size());
            for (int i = 0; i < a.size(); i++) {
                out.add(id(a.get(i), field + "[" + i + "]"));
            }
            return out;
        }
        return new ArrayList<>(List.of(id(v, field)));
    }

    /** An integer ≥ 0, clamped to {@code Job.forever}. */
    public static long intGTEZero(JsonValue v, String field) {
        if (isInt(v) && num(v) >= 0) {
            return clamp(num(v));
        }
        throw fail("Expected an integer ≥ 0, got " + show(v) + where(field));
    }

    public static long intGTEOne(JsonValue v, String field) {
        if (isInt(v) && num(v) >= 1) {
            return clamp(num(v));
        }
        throw fail("Expected an integer ≥ 1, got " + show(v) + where(field));
    }

    public static String oneOf(JsonValue v, Set<String> allowed, String field) {
        if (v instanceof JsonString s && allowed.contains(s.getString())) {
            return s.getString();
        }
        throw fail("Expected one of " + allowed + ", got " + show(v) + where(field));
    }

    private static long clamp(double d) {
        return d >= 9007199254740992.0 ? 9007199254740992L : (long) d;
    }

    public static String show(JsonValue v) {
        if (v == null) {
            return "undefined";
        }
        String s = v.toString();
        if (s.length() <= 60) {
            return s;
        }
        // never end on the first half of a surrogate pair: a lone half cannot be encoded, and the
        // whole error answer would be lost with it
        int end = Character.isHighSurrogate(s.charAt(56)) ? 56 : 57;
        return s.substring(0, end) + "...";
    }

    /**
     * An options object ({@code Match.Optional({...})}): absent means empty; otherwise an object
     * whose keys are all in {@code keys}, each checked by its rule.
     */
    public static JsonObject options(JsonValue v, String field, Map<String, ? extends Rule> keys) {
        if (v == null) {
            return JsonValue.EMPTY_JSON_OBJECT;
        }
        if (!(v instanceof JsonObject o) || !isPlainObject(v)) {
            throw fail("Expected object, got " + describe(v) + where(field));
        }
        plain(o, field);
        for (var e : o.entrySet()) {
            Rule r = keys.get(e.getKey());
            if (r == null) {
                throw fail("Unknown key" + where(field.isEmpty() ? e.getKey() : field + "." + e.getKey()));
            }
            r.check(e.getValue(), field.isEmpty() ? e.getKey() : field + "." + e.getKey());
        }
        return o;
    }

    /**
     * Meteor's {@code check} takes an object for a plain one only when {@code value.constructor === Object}:
     * an own key {@code constructor} (which JSON can carry) fails it with "Expected plain object".
     */
    public static void plain(JsonObject o, String field) {
        if (o.containsKey("constructor")) {
            throw fail("Expected plain object (it has a key named 'constructor')" + where(field));
        }
    }
}
