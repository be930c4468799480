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
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.JsonbConfig;
import jakarta.json.bind.JsonbException;
import jakarta.json.bind.serializer.DeserializationContext;
import jakarta.json.bind.serializer.JsonbDeserializer;
import jakarta.json.bind.serializer.JsonbSerializer;
import jakarta.json.bind.serializer.SerializationContext;
import jakarta.json.spi.JsonProvider;
import jakarta.json.stream.JsonGenerator;
import jakarta.json.stream.JsonParser;

import java.io.StringReader;
import java.lang.reflect.Array;
import java.lang.reflect.Type;
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

/**
 * The EJSON codec (Meteor's extended JSON) over JSON-P values.
 *
 * <p>Wire forms: a date is {@code {"$date": epochMillis}}, binary is {@code {"$binary": "<base64>"}},
 * non-finite numbers are {@code {"$InfNaN": 1 | -1 | 0}}, custom types are
 * {@code {"$type": name, "$value": value}} (a Mongo ObjectID is type {@code "oid"}), and an ordinary
 * object that would look like one of these is wrapped as {@code {"$escape": {...}}}.
 *
 * <p>Stateless and thread safe; the JSON-P and JSON-B providers are created once.
 * JSON-B is only needed for {@link #toJson}, {@link #fromJson} and encoding records/POJOs.
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
     * maps (keys via {@code toString}), iterables and arrays; anything else (records, POJOs) through
     * JSON-B with the EJSON adapters. Objects that would be mistaken for a special form are escaped.
     */
    public static JsonValue encode(Object value) {
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
            return encode(o.orElse(null));
        }
        if (value instanceof Map<?, ?> m) {
            JsonObjectBuilder b = BUILDERS.createObjectBuilder();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (e.getKey() == null) {
                    throw new IllegalArgumentException("EJSON object keys must not be null");
                }
                b.add(e.getKey().toString(), encode(e.getValue()));
            }
            return escapeIfSpecial(b.build());
        }
        if (value instanceof Iterable<?> it) {
            JsonArrayBuilder b = BUILDERS.createArrayBuilder();
            for (Object o : it) {
                b.add(encode(o));
            }
            return b.build();
        }
        if (value.getClass().isArray()) {
            JsonArrayBuilder b = BUILDERS.createArrayBuilder();
            int n = Array.getLength(value);
            for (int i = 0; i < n; i++) {
                b.add(encode(Array.get(value, i)));
            }
            return b.build();
        }
        return toJson(value);
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

    static String abbreviate(String s) {
        return s.length() <= 200 ? s : s.substring(0, 200) + "...(" + s.length() + " chars)";
    }

    // ------------------------------------------------------------------ JSON-B

    /**
     * Maps a Java object (record, POJO, collection...) to its EJSON wire form with JSON-B; inside it
     * {@link Instant}, {@link Date}, {@code byte[]} and {@link ObjectId} become {@code $date},
     * {@code $binary} and {@code $type:oid}.
     *
     * @throws IllegalArgumentException when JSON-B cannot map the object
     */
    public static JsonValue toJson(Object value) {
        if (value == null) {
            return JsonValue.NULL;
        }
        if (value instanceof JsonValue v) {
            return v;
        }
        try {
            return parse(JsonbHolder.JSONB.toJson(value));
        } catch (JsonbException e) {
            throw new IllegalArgumentException("cannot map " + value.getClass().getName() + " to JSON: "
                    + e.getMessage(), e);
        }
    }

    /**
     * Maps an EJSON wire value to {@code type} with JSON-B (the inverse of {@link #toJson}).
     * {@link JsonValue} types are returned as they are; {@code Object} gives {@link #decode}.
     *
     * @throws IllegalArgumentException when the value does not fit the type
     */
    @SuppressWarnings("unchecked")
    public static <T> T fromJson(JsonValue value, Type type) {
        if (type instanceof Class<?> c) {
            if (JsonValue.class.isAssignableFrom(c)) {
                if (value == null || c.isInstance(value)) {
                    return (T) value;
                }
                throw new IllegalArgumentException("expected a " + c.getSimpleName() + ", got "
                        + value.getValueType());
            }
            if (c == Object.class) {
                return (T) decode(value);
            }
            if (c == Instant.class) {
                return value == null || value == JsonValue.NULL ? null : (T) instant(value);
            }
            if (c == Void.class || c == void.class) {
                return null;
            }
        }
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            return null;
        }
        try {
            return JsonbHolder.JSONB.fromJson(stringify(value), type);
        } catch (JsonbException e) {
            throw new IllegalArgumentException("cannot map " + abbreviate(stringify(value)) + " to " + type.getTypeName()
                    + ": " + e.getMessage(), e);
        }
    }

    /** The shared JSON-B instance with the EJSON (de)serializers. */
    public static Jsonb jsonb() {
        return JsonbHolder.JSONB;
    }

    /** Lazily created so that JSON-P-only use works without a JSON-B implementation. */
    private static final class JsonbHolder {
        static final Jsonb JSONB = JsonbBuilder.create(new JsonbConfig()
                .withSerializers(new InstantSerializer(), new DateSerializer(), new BytesSerializer(),
                        new ObjectIdSerializer())
                .withDeserializers(new InstantDeserializer(), new DateDeserializer(), new BytesDeserializer(),
                        new ObjectIdDeserializer()));
    }

    private static JsonValue readValue(JsonParser parser) {
        return parser.getValue();
    }

    private static Instant instantOf(JsonValue v) {
        if (v instanceof JsonNumber n) {
            return Instant.ofEpochMilli(n.longValue());
        }
        if (v instanceof JsonString s) {
            return Instant.parse(s.getString());
        }
        return instant(v);
    }

    /** Instant as {@code {"$date": millis}}. */
    public static final class InstantSerializer implements JsonbSerializer<Instant> {
        @Override
        public void serialize(Instant obj, JsonGenerator generator, SerializationContext ctx) {
            generator.writeStartObject().write("$date", obj.toEpochMilli()).writeEnd();
        }
    }

    /** {@code {"$date": millis}} (or millis, or ISO-8601 text) as Instant. */
    public static final class InstantDeserializer implements JsonbDeserializer<Instant> {
        @Override
        public Instant deserialize(JsonParser parser, DeserializationContext ctx, Type rtType) {
            return instantOf(readValue(parser));
        }
    }

    /** Date as {@code {"$date": millis}}. */
    public static final class DateSerializer implements JsonbSerializer<Date> {
        @Override
        public void serialize(Date obj, JsonGenerator generator, SerializationContext ctx) {
            generator.writeStartObject().write("$date", obj.getTime()).writeEnd();
        }
    }

    /** {@code {"$date": millis}} as Date. */
    public static final class DateDeserializer implements JsonbDeserializer<Date> {
        @Override
        public Date deserialize(JsonParser parser, DeserializationContext ctx, Type rtType) {
            return Date.from(instantOf(readValue(parser)));
        }
    }

    /** byte[] as {@code {"$binary": base64}}. */
    public static final class BytesSerializer implements JsonbSerializer<byte[]> {
        @Override
        public void serialize(byte[] obj, JsonGenerator generator, SerializationContext ctx) {
            generator.writeStartObject().write("$binary", Base64.getEncoder().encodeToString(obj)).writeEnd();
        }
    }

    /** {@code {"$binary": base64}} as byte[]. */
    public static final class BytesDeserializer implements JsonbDeserializer<byte[]> {
        @Override
        public byte[] deserialize(JsonParser parser, DeserializationContext ctx, Type rtType) {
            JsonValue v = readValue(parser);
            Object d = v instanceof JsonObject ? decode(v) : null;
            if (d instanceof byte[] b) {
                return b;
            }
            throw new IllegalArgumentException("expected an EJSON binary {\"$binary\": base64}, got "
                    + abbreviate(stringify(v)));
        }
    }

    /** ObjectId as {@code {"$type":"oid","$value":hex}}. */
    public static final class ObjectIdSerializer implements JsonbSerializer<ObjectId> {
        @Override
        public void serialize(ObjectId obj, JsonGenerator generator, SerializationContext ctx) {
            generator.writeStartObject().write("$type", "oid").write("$value", obj.hex()).writeEnd();
        }
    }

    /** {@code {"$type":"oid","$value":hex}} (or a bare hex string) as ObjectId. */
    public static final class ObjectIdDeserializer implements JsonbDeserializer<ObjectId> {
        @Override
        public ObjectId deserialize(JsonParser parser, DeserializationContext ctx, Type rtType) {
            JsonValue v = readValue(parser);
            if (v instanceof JsonString s) {
                return new ObjectId(s.getString());
            }
            Object d = v instanceof JsonObject ? decode(v) : null;
            if (d instanceof ObjectId id) {
                return id;
            }
            throw new IllegalArgumentException("expected an EJSON ObjectID {\"$type\":\"oid\",\"$value\":hex}, got "
                    + abbreviate(stringify(v)));
        }
    }

    /** An unmodifiable empty params array. */
    public static JsonArray noParams() {
        return JsonValue.EMPTY_JSON_ARRAY;
    }
}
