package io.github.meteorjob.ejson.jsonb;

import io.github.meteorjob.ejson.Ejson;
import io.github.meteorjob.ejson.ObjectId;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
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
import jakarta.json.stream.JsonGenerator;
import jakarta.json.stream.JsonParser;

import java.lang.reflect.Type;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.function.Function;

import static io.github.meteorjob.ejson.Ejson.abbreviate;
import static io.github.meteorjob.ejson.Ejson.stringify;

/**
 * Maps Java objects (records, POJOs, collections of them) to and from EJSON wire values with JSON-B,
 * for job data, results and method results; inside them {@link Instant}, {@link Date}, {@code byte[]}
 * and {@link ObjectId} become {@code $date}, {@code $binary} and {@code $type:oid}. The codec itself
 * ({@link Ejson}, JSON-P only) is shared with the server; this data mapping is what only the client needs.
 *
 * <p>Stateless and thread safe; the JSON-B instance is created on first use.
 */
public final class EjsonMapper {

    private EjsonMapper() {
    }

    /**
     * {@link Ejson#encode(Object)} for any Java value: what the codec does not know (records, POJOs, at
     * any depth) goes through JSON-B with the EJSON (de)serializers.
     *
     * @throws IllegalArgumentException when JSON-B cannot map a value
     */
    public static JsonValue encode(Object value) {
        return Ejson.encode(value, EjsonMapper::toJson);
    }

    /**
     * Maps a Java object (record, POJO, collection...) to its EJSON wire form with JSON-B.
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
            return Ejson.parse(JsonbHolder.JSONB.toJson(value));
        } catch (JsonbException e) {
            throw new IllegalArgumentException("cannot map " + value.getClass().getName() + " to JSON: "
                    + e.getMessage(), e);
        }
    }

    /**
     * Maps an EJSON wire value to {@code type} with JSON-B (the inverse of {@link #toJson}).
     * {@link JsonValue} types are returned as they are; {@code Object} gives {@link Ejson#decode}.
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
                return (T) Ejson.decode(value);
            }
            if (c == Instant.class) {
                return value == null || value == JsonValue.NULL ? null : (T) Ejson.instant(value);
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

    /** Created on first use, so that code needing only JSON-P runs without a JSON-B implementation. */
    private static final class JsonbHolder {
        static final Jsonb JSONB = JsonbBuilder.create(new JsonbConfig()
                .withSerializers(new InstantAdapter(), new UtilDateAdapter(), new BytesSerializer(),
                        new ObjectIdSerializer())
                .withDeserializers(new InstantAdapter(), new UtilDateAdapter(), new BytesDeserializer(),
                        new ObjectIdDeserializer()));
    }

    private static Instant instantOf(JsonValue v) {
        if (v instanceof JsonNumber n) {
            return Instant.ofEpochMilli(n.longValue());
        }
        if (v instanceof JsonString s) {
            return Instant.parse(s.getString());
        }
        return Ejson.instant(v);
    }

    /**
     * A date type as {@code {"$date": millis}} and back (also from bare millis or ISO-8601 text): {@link Instant}
     * and {@link Date} differ only in how they convert to and from an Instant.
     */
    abstract static class DateAdapter<T> implements JsonbSerializer<T>, JsonbDeserializer<T> {
        private final Function<T, Instant> toInstant;
        private final Function<Instant, T> fromInstant;

        DateAdapter(Function<T, Instant> toInstant, Function<Instant, T> fromInstant) {
            this.toInstant = toInstant;
            this.fromInstant = fromInstant;
        }

        @Override
        public void serialize(T obj, JsonGenerator generator, SerializationContext ctx) {
            generator.writeStartObject().write("$date", toInstant.apply(obj).toEpochMilli()).writeEnd();
        }

        @Override
        public T deserialize(JsonParser parser, DeserializationContext ctx, Type rtType) {
            return fromInstant.apply(instantOf(parser.getValue()));
        }
    }

    /** Instant as {@code {"$date": millis}}; a class of its own so that JSON-B sees the type it handles. */
    static final class InstantAdapter extends DateAdapter<Instant> {
        InstantAdapter() {
            super(Function.identity(), Function.identity());
        }
    }

    /** Date as {@code {"$date": millis}}. */
    static final class UtilDateAdapter extends DateAdapter<Date> {
        UtilDateAdapter() {
            // getTime(), not toInstant(): java.sql.Date, a Date too, refuses toInstant()
            super(d -> Instant.ofEpochMilli(d.getTime()), Date::from);
        }
    }

    /** byte[] as {@code {"$binary": base64}}. */
    static final class BytesSerializer implements JsonbSerializer<byte[]> {
        @Override
        public void serialize(byte[] obj, JsonGenerator generator, SerializationContext ctx) {
            generator.writeStartObject().write("$binary", Base64.getEncoder().encodeToString(obj)).writeEnd();
        }
    }

    /** {@code {"$binary": base64}} as byte[]. */
    static final class BytesDeserializer implements JsonbDeserializer<byte[]> {
        @Override
        public byte[] deserialize(JsonParser parser, DeserializationContext ctx, Type rtType) {
            JsonValue v = parser.getValue();
            Object d = v instanceof JsonObject ? Ejson.decode(v) : null;
            if (d instanceof byte[] b) {
                return b;
            }
            throw new IllegalArgumentException("expected an EJSON binary {\"$binary\": base64}, got "
                    + abbreviate(stringify(v)));
        }
    }

    /** ObjectId as {@code {"$type":"oid","$value":hex}}. */
    static final class ObjectIdSerializer implements JsonbSerializer<ObjectId> {
        @Override
        public void serialize(ObjectId obj, JsonGenerator generator, SerializationContext ctx) {
            generator.writeStartObject().write("$type", "oid").write("$value", obj.hex()).writeEnd();
        }
    }

    /** {@code {"$type":"oid","$value":hex}} (or a bare hex string) as ObjectId. */
    static final class ObjectIdDeserializer implements JsonbDeserializer<ObjectId> {
        @Override
        public ObjectId deserialize(JsonParser parser, DeserializationContext ctx, Type rtType) {
            JsonValue v = parser.getValue();
            if (v instanceof JsonString s) {
                return new ObjectId(s.getString());
            }
            Object d = v instanceof JsonObject ? Ejson.decode(v) : null;
            if (d instanceof ObjectId id) {
                return id;
            }
            throw new IllegalArgumentException("expected an EJSON ObjectID {\"$type\":\"oid\",\"$value\":hex}, got "
                    + abbreviate(stringify(v)));
        }
    }
}
