package io.github.meteorjob.ejson;

import jakarta.json.JsonValue;

import java.util.Objects;

/**
 * An EJSON custom type this codec does not know: {@code {"$type": type, "$value": value}}, with
 * the value kept as sent. (Mongo ObjectIDs, type {@code "oid"}, decode to {@link ObjectId}.)
 */
public record EjsonCustom(String type, JsonValue value) {

    public EjsonCustom {
        if (type == null || type.isEmpty()) {
            throw new IllegalArgumentException("EJSON custom type name must not be empty");
        }
        Objects.requireNonNull(value, "value (use JsonValue.NULL)");
    }
}
