package io.github.meteorjob.ejson;

import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonBuilderFactory;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonReaderFactory;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;

import java.io.StringReader;
import java.lang.reflect.Array;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The EJSON codec (Meteor's extended JSON) over JSON-P values.
 *
 * <p>Wire forms: a date is {@code {"$date": epochMillis}}, binary is {@code {"$binary": "<base64>"}},
 * non-finite numbers are {@code {"$InfNaN": 1 | -1 | 0}}, custom types are
 * {@code {"$type": name, "$value": value}} (a Mongo ObjectID is type {@code "oid"}), and an ordinary
 * object that would look like one of these is wrapped as {@code {"$escape": {...}}}.
 *
 * <p>Stateless and thread safe; the JSON-P provider is created once. Needs JSON-P only: mapping records
 * and POJOs (JSON-B) is the client's business and lives in {@code meteor-job-impl}, which passes it to
 * {@link #encode(Object, Function)}.
 */
public final class Ejson {

    private static final JsonProvider JSON = JsonProvider.provider();
    private static final JsonReaderFactory READERS = JSON.createReaderFactory(Map.of());
    private static final JsonBuilderFactory BUILDERS = JSON.createBuilderFactory(Map.of());

    private Ejson() {
    }

    /** The JSON-P provider shared by the codec (created once). */
    public static JsonProvider provider() {
        return JSON;
    }

    /** A builder factory shared by the codec. */
    public static JsonBuilderFactory builders() {
        return BUILDERS;
    }

    // ------------------------------------------------------------------ text

    /**
     * Parses JSON text (any JSON value).
     *
     * @throws IllegalArgumentException when the text is not valid JSON
     */
    public static JsonValue parse(String json) {
        if (json == null) {
            throw new IllegalArgumentException("cannot parse null as JSON");
        }
        try (JsonReader r = READERS.createReader(new StringReader(json))) {
            return r.readValue();
        } catch (JsonException e) {
            throw new IllegalArgumentException("malformed JSON: " + e.getMessage(), e);
        }
    }

    /** Writes a value as compact JSON text. */
    public static String stringify(JsonValue value) {
        if (value == null) {
            return "null";
        }
        switch (value.getValueType()) {
            case NULL:
                return "null";
            case TRUE:
                return "true";
            case FALSE:
                return "false";
            case NUMBER:
                return value.toString();
            default:
                return append(new StringBuilder(64), value).toString();
        }
    }

    /**
     * Appends a value as compact JSON text. Hand-written rather than through a JSON-P writer:
     * it runs for every DDP frame, and a writer per value costs more than the serialisation itself.
     */
    public static StringBuilder append(StringBuilder sb, JsonValue value) {
        if (value == null) {
            return sb.append("null");
        }
        switch (value.getValueType()) {
            case NULL:
                return sb.append("null");
            case TRUE:
                return sb.append("true");
            case FALSE:
                return sb.append("false");
            case NUMBER:
                return sb.append(value.toString());
            case STRING:
                return quote(sb, ((JsonString) value).getString());
            case ARRAY: {
                sb.append('[');
                boolean first = true;
                for (JsonValue v : (JsonArray) value) {
                    if (!first) {
                        sb.append(',');
                    }
                    first = false;
                    append(sb, v);
                }
                return sb.append(']');
            }
            default: {
                sb.append('{');
                boolean first = true;
                for (Map.Entry<String, JsonValue> e : ((JsonObject) value).entrySet()) {
                    if (!first) {
                        sb.append(',');
                    }
                    first = false;
                    quote(sb, e.getKey()).append(':');
                    append(sb, e.getValue());
                }
                return sb.append('}');
            }
        }
    }

    /** Appends {@code s} as a JSON string literal (RFC 8259 escaping). */
    public static StringBuilder quote(StringBuilder sb, String s) {
        sb.append('"');
        int start = 0;
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c != '"' && c != '\\') {
                continue;
            }
            sb.append(s, start, i);
            start = i + 1;
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                default -> {
                    sb.append("\\u00");
                    sb.append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 0xF, 16));
                }
            }
        }
        sb.append(s, start, n);
        return sb.append('"');
    }

    // ------------------------------------------------------------------ specials

    /** {@code {"$date": millis}}. */
    public static JsonObject date(Instant instant) {
        if (instant == null) {
            throw new IllegalArgumentException("date must not be null");
        }
        return BUILDERS.createObjectBuilder().add("$date", instant.toEpochMilli()).build();
    }

    /**
     * The instant of an EJSON date {@code {"$date": millis}}.
     *
     * @throws IllegalArgumentException when the value is not an EJSON date
     */
    public static Instant instant(JsonValue value) {
        if (value instanceof JsonObject o && o.size() == 1 && o.get("$date") instanceof JsonNumber n) {
            return Instant.ofEpochMilli(n.longValue());
        }
        throw new IllegalArgumentException("expected an EJSON date {\"$date\": epochMillis}, got "
                + (value == null ? "null" : abbreviate(stringify(value))));
    }

    /** {@code {"$binary": "<base64>"}}. */
    public static JsonObject binary(byte[] bytes) {
        return BUILDERS.createObjectBuilder().add("$binary", Base64.getEncoder().encodeToString(bytes)).build();
    }

    /** {@code {"$type": "oid", "$value": hex}}. */
    public static JsonObject objectId(ObjectId id) {
        return BUILDERS.createObjectBuilder().add("$type", "oid").add("$value", id.hex()).build();
    }

    /** Encodes each argument with {@link #encode(Object)} into a params array. */
    public static JsonArray params(Object... values) {
        JsonArrayBuilder b = BUILDERS.createArrayBuilder();
        if (values != null) {
            for (Object v : values) {
                b.add(encode(v));
            }
        }
        return b.build();
    }

    // ------------------------------------------------------------------ Java -> wire

    /**
     * Converts a Java value to its EJSON wire form. Handles {@code null}, {@link JsonValue} (taken as
     * already in wire form), strings, numbers (non-finite doubles as {@code $InfNaN}), booleans,
     * characters, enums (by name), {@link Instant}, {@link Date}, {@link OffsetDateTime},
     * {@link ZonedDateTime}, {@code byte[]}, {@link ObjectId}, {@link EjsonCustom}, {@link Optional},
     * maps (keys via {@code toString}), iterables and arrays. Objects that would be mistaken for a
     * special form are escaped.
     *
     * @throws IllegalArgumentException for any other value (a record or POJO, at any depth): those need a
     *         mapper, see {@link #encode(Object, Function)}
     */
    public static JsonValue encode(Object value) {
        return encode(value, Ejson::unmapped);
    }

    /**
     * Like {@link #encode(Object)}, but a value of any other type (a record, a POJO), at any depth, is
     * given to {@code objects}, whose result is taken as wire form.
     */
    public static JsonValue encode(Object value, Function<Object, ? extends JsonValue> objects) {
        if (value == null) {
            return JsonValue.NULL;
        }
        if (value instanceof JsonValue v) {
            return v;
        }
        if (value instanceof String s) {
            return JSON.createValue(s);
        }
        if (value instanceof Boolean b) {
            return b ? JsonValue.TRUE : JsonValue.FALSE;
        }
        if (value instanceof Number n) {
            return number(n);
        }
        if (value instanceof Character c) {
            return JSON.createValue(c.toString());
        }
        if (value instanceof Enum<?> e) {
            return JSON.createValue(e.name());
        }
        if (value instanceof Instant i) {
            return date(i);
        }
        if (value instanceof Date d) {
            return BUILDERS.createObjectBuilder().add("$date", d.getTime()).build();
        }
        if (value instanceof OffsetDateTime t) {
            return date(t.toInstant());
        }
        if (value instanceof ZonedDateTime t) {
            return date(t.toInstant());
        }
        if (value instanceof byte[] bytes) {
            return binary(bytes);
        }
        if (value instanceof ObjectId id) {
            return objectId(id);
        }
        if (value instanceof EjsonCustom c) {
            return BUILDERS.createObjectBuilder().add("$type", c.type()).add("$value", c.value()).build();
        }
        if (value instanceof Optional<?> o) {
            return encode(o.orElse(null), objects);
        }
        if (value instanceof Map<?, ?> m) {
            JsonObjectBuilder b = BUILDERS.createObjectBuilder();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (e.getKey() == null) {
                    throw new IllegalArgumentException("EJSON object keys must not be null");
                }
                b.add(e.getKey().toString(), encode(e.getValue(), objects));
            }
            return escapeIfSpecial(b.build());
        }
        if (value instanceof Iterable<?> it) {
            JsonArrayBuilder b = BUILDERS.createArrayBuilder();
            for (Object o : it) {
                b.add(encode(o, objects));
            }
            return b.build();
        }
        if (value.getClass().isArray()) {
            JsonArrayBuilder b = BUILDERS.createArrayBuilder();
            int n = Array.getLength(value);
            for (int i = 0; i < n; i++) {
                b.add(encode(Array.get(value, i), objects));
            }
            return b.build();
        }
        return objects.apply(value);
    }

    private static JsonValue unmapped(Object value) {
        throw new IllegalArgumentException("cannot encode a " + value.getClass().getName() + " as EJSON without"
                + " an object mapper: only JSON-P values, strings, numbers, booleans, characters, enums, dates,"
                + " byte[], ObjectId, EjsonCustom, Optional, maps, iterables and arrays map directly");
    }


    private static JsonValue number(Number n) {
        if (n instanceof Integer || n instanceof Long || n instanceof Short || n instanceof Byte) {
            return JSON.createValue(n.longValue());
        }
        if (n instanceof Double || n instanceof Float) {
            double d = n.doubleValue();
            if (Double.isNaN(d)) {
                return BUILDERS.createObjectBuilder().add("$InfNaN", 0).build();
            }
            if (Double.isInfinite(d)) {
                return BUILDERS.createObjectBuilder().add("$InfNaN", d > 0 ? 1 : -1).build();
            }
            // Float through its decimal string so 0.1f stays 0.1 rather than 0.10000000149
            return n instanceof Float ? JSON.createValue(new BigDecimal(n.toString())) : JSON.createValue(d);
        }
        if (n instanceof BigDecimal bd) {
            return JSON.createValue(bd);
        }
        if (n instanceof BigInteger bi) {
            return JSON.createValue(bi);
        }
        return JSON.createValue(new BigDecimal(n.toString()));
    }

    /** Whether an object's keys make it look like one of EJSON's special forms. */
    static boolean looksSpecial(JsonObject o) {
        int size = o.size();
        if (size == 1) {
            String k = o.keySet().iterator().next();
            return k.equals("$date") || k.equals("$binary") || k.equals("$InfNaN") || k.equals("$escape")
                    || k.equals("$regexp");
        }
        if (size == 2) {
            return (o.containsKey("$type") && o.containsKey("$value"))
                    || (o.containsKey("$regexp") && o.containsKey("$flags"));
        }
        return false;
    }

    private static JsonValue escapeIfSpecial(JsonObject o) {
        return looksSpecial(o) ? BUILDERS.createObjectBuilder().add("$escape", o).build() : o;
    }

    // ------------------------------------------------------------------ wire -> Java

    /**
     * Converts an EJSON wire value to plain Java: objects to {@link LinkedHashMap}, arrays to
     * {@link List}, strings, integral numbers to {@link Long} (or {@link BigDecimal} beyond
     * {@code long}), other numbers to {@link Double} (or {@link BigDecimal} when a double would lose
     * digits), booleans, {@code null}, {@code $date} to {@link Instant}, {@code $binary} to
     * {@code byte[]}, {@code $InfNaN} to a non-finite {@link Double}, ObjectIDs to {@link ObjectId},
     * other custom types to {@link EjsonCustom}, and {@code $escape} to the literal object.
     *
     * @throws IllegalArgumentException when a special form carries an invalid value
     */
    public static Object decode(JsonValue value) {
        if (value == null) {
            return null;
        }
        switch (value.getValueType()) {
            case NULL:
                return null;
            case TRUE:
                return Boolean.TRUE;
            case FALSE:
                return Boolean.FALSE;
            case STRING:
                return ((JsonString) value).getString();
            case NUMBER:
                return decodeNumber((JsonNumber) value);
            case ARRAY: {
                JsonArray a = (JsonArray) value;
                List<Object> list = new ArrayList<>(a.size());
                for (JsonValue v : a) {
                    list.add(decode(v));
                }
                return list;
            }
            default:
                return decodeObject((JsonObject) value);
        }
    }

    private static Object decodeNumber(JsonNumber n) {
        BigDecimal bd = n.bigDecimalValue();
        if (n.isIntegral()) {
            try {
                return bd.longValueExact();
            } catch (ArithmeticException e) {
                return bd;
            }
        }
        double d = bd.doubleValue();
        if (Double.isFinite(d) && BigDecimal.valueOf(d).compareTo(bd) == 0) {
            return d;
        }
        return bd;
    }

    private static Object decodeObject(JsonObject o) {
        if (looksSpecial(o)) {
            if (o.size() == 1) {
                String k = o.keySet().iterator().next();
                JsonValue v = o.get(k);
                switch (k) {
                    case "$date":
                        if (v instanceof JsonNumber n) {
                            return Instant.ofEpochMilli(n.longValue());
                        }
                        throw invalid("$date", "a number of epoch milliseconds", v);
                    case "$binary":
                        if (v instanceof JsonString s) {
                            try {
                                return Base64.getDecoder().decode(s.getString());
                            } catch (IllegalArgumentException e) {
                                throw new IllegalArgumentException("invalid EJSON $binary: not base64: "
                                        + abbreviate(s.getString()), e);
                            }
                        }
                        throw invalid("$binary", "a base64 string", v);
                    case "$InfNaN":
                        if (v instanceof JsonNumber n) {
                            int sign = n.bigDecimalValue().signum();
                            return sign > 0 ? Double.POSITIVE_INFINITY
                                    : sign < 0 ? Double.NEGATIVE_INFINITY : Double.NaN;
                        }
                        throw invalid("$InfNaN", "1, -1 or 0", v);
                    case "$escape":
                        if (v instanceof JsonObject inner) {
                            return decodeFields(inner);
                        }
                        throw invalid("$escape", "an object", v);
                    default:
                        return decodeFields(o); // {$regexp} alone: not a form we decode
                }
            }
            if (o.containsKey("$type")) {
                JsonValue t = o.get("$type");
                if (!(t instanceof JsonString ts)) {
                    throw invalid("$type", "a string", t);
                }
                JsonValue v = o.get("$value");
                if (ts.getString().equals("oid") && v instanceof JsonString hex) {
                    return new ObjectId(hex.getString());
                }
                return new EjsonCustom(ts.getString(), v);
            }
            // {$regexp, $flags}: kept as a custom value rather than guessing a Java regex dialect
            return new EjsonCustom("regexp", o);
        }
        return decodeFields(o);
    }

    private static Map<String, Object> decodeFields(JsonObject o) {
        Map<String, Object> m = new LinkedHashMap<>(Math.max(4, o.size() * 2));
        for (Map.Entry<String, JsonValue> e : o.entrySet()) {
            m.put(e.getKey(), decode(e.getValue()));
        }
        return m;
    }

    private static IllegalArgumentException invalid(String key, String expected, JsonValue got) {
        return new IllegalArgumentException("invalid EJSON " + key + ": expected " + expected + ", got "
                + (got == null ? "nothing" : abbreviate(stringify(got))));
    }

    /** {@code s} cut to 200 characters for an error message, marked with its full length when cut. */
    public static String abbreviate(String s) {
        return s.length() <= 200 ? s : s.substring(0, 200) + "...(" + s.length() + " chars)";
    }

    /** An unmodifiable empty params array. */
    public static JsonArray noParams() {
        return JsonValue.EMPTY_JSON_ARRAY;
    }
}
