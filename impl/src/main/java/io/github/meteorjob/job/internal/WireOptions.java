package io.github.meteorjob.job.internal;

import io.github.meteorjob.ejson.Ejson;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;

import java.time.Duration;
import java.time.Instant;

/**
 * The options object of a job-collection method call. An option left unset ({@code null}) is left out, so that the
 * server applies its own default; durations go as milliseconds and instants as EJSON dates, as job-collection
 * reads them.
 */
final class WireOptions {

    private final JsonObjectBuilder options = Ejson.builders().createObjectBuilder();

    WireOptions put(String name, boolean value) {
        options.add(name, value);
        return this;
    }

    WireOptions put(String name, long value) {
        options.add(name, value);
        return this;
    }

    WireOptions put(String name, JsonValue value) {
        options.add(name, value);
        return this;
    }

    WireOptions putIfSet(String name, Boolean value) {
        return value == null ? this : put(name, value.booleanValue());
    }

    WireOptions putIfSet(String name, Integer value) {
        return value == null ? this : put(name, value.longValue());
    }

    WireOptions putIfSet(String name, Duration value) {
        return value == null ? this : put(name, value.toMillis());
    }

    WireOptions putIfSet(String name, Instant value) {
        return value == null ? this : put(name, Ejson.date(value));
    }

    JsonObject build() {
        return options.build();
    }
}
