package io.github.meteorjob.observability;

import io.github.meteorjob.internal.ClassPresence;
import io.github.meteorjob.ejson.Ejson;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

/**
 * The job's reserved trace-context entry: a new job saved while a trace span is current carries the W3C
 * {@code traceparent} (and {@code tracestate}) in {@code data.}{@value #KEY}, a place job-collection's {@code jobSave}
 * validation accepts ({@code data} is free-form) and meteor-job's JS client ignores. See docs/observability.md;
 * the worker span's attribute names are in {@link MetricNames}.
 */
public final class TraceContext {

    /** The reserved key inside {@code data}. */
    public static final String KEY = "_traceContext";

    static final boolean OTEL = ClassPresence.has("io.opentelemetry.api.trace.Span");

    private TraceContext() {
    }

    /**
     * The job document with the current trace context added under {@code data.}{@value #KEY}; the document itself
     * when no span is current, OpenTelemetry is absent, {@code data} is not an object or already has the key.
     */
    public static JsonObject withCurrent(JsonObject job) {
        if (!OTEL || !(job.get("data") instanceof JsonObject data) || data.containsKey(KEY)) {
            return job;
        }
        JsonObject carrier = OpenTelemetryTracing.currentContext();
        if (carrier == null) {
            return job;
        }
        return Ejson.builders().createObjectBuilder(job).add("data", Ejson.builders().createObjectBuilder(data).add(KEY, carrier)).build();
    }

    /** The carrier a job's document holds, or null. */
    public static JsonValue of(JsonObject job) {
        return job.get("data") instanceof JsonObject data ? data.get(KEY) : null;
    }
}
