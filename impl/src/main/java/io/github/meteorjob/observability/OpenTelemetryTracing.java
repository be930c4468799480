package io.github.meteorjob.observability;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.github.meteorjob.ejson.Ejson;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Job tracing with the OpenTelemetry API; loaded only when that API is on the class path. The creator's trace
 * context goes into the job's {@code data} under {@link TraceContext#KEY} as W3C {@code traceparent}/{@code tracestate};
 * the worker's span for a run is its child.
 */
final class OpenTelemetryTracing {

    private static final W3CTraceContextPropagator W3C = W3CTraceContextPropagator.getInstance();

    private static final TextMapGetter<JsonObject> FROM_JSON = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(JsonObject carrier) {
            return carrier.keySet();
        }

        @Override
        public String get(JsonObject carrier, String key) {
            return carrier != null && carrier.get(key) instanceof JsonString s ? s.getString() : null;
        }
    };

    private final Tracer tracer;

    OpenTelemetryTracing(OpenTelemetry otel) {
        this.tracer = otel.getTracer(MetricNames.SCOPE);
    }

    /** The current trace context as the reserved data entry, or null when no span is current. */
    static JsonObject currentContext() {
        if (!Span.current().getSpanContext().isValid()) {
            return null;
        }
        Map<String, String> carrier = new HashMap<>();
        W3C.inject(Context.current(), carrier, Map::put);
        if (!carrier.containsKey("traceparent")) {
            return null;
        }
        JsonObjectBuilder b = Ejson.builders().createObjectBuilder();
        carrier.forEach(b::add);
        return b.build();
    }

    RunSpan start(String collection, String type, String jobId, String runId, long retried, JsonValue carrier) {
        Context parent = carrier instanceof JsonObject o
                ? W3C.extract(Context.root(), o, FROM_JSON) : Context.root();
        AttributesBuilder a = Attributes.builder()
                .put(AttributeKey.stringKey(MetricNames.ATTR_COLLECTION), collection)
                .put(AttributeKey.stringKey(MetricNames.ATTR_TYPE), type)
                .put(AttributeKey.longKey(MetricNames.ATTR_RETRIED), retried);
        if (jobId != null) {
            a.put(AttributeKey.stringKey(MetricNames.ATTR_JOB_ID), jobId);
        }
        if (runId != null) {
            a.put(AttributeKey.stringKey(MetricNames.ATTR_RUN_ID), runId);
        }
        Span span = tracer.spanBuilder("process " + type).setSpanKind(SpanKind.CONSUMER).setParent(parent)
                .setAllAttributes(a.build()).startSpan();
        Context ctx = parent.with(span);
        AtomicBoolean ended = new AtomicBoolean();
        return new RunSpan() {
            @Override
            public void event(String name, String key1, Object value1, String key2, Object value2) {
                AttributesBuilder e = Attributes.builder();
                put(e, key1, value1);
                put(e, key2, value2);
                span.addEvent(name, e.build());
            }

            @Override
            public void end(boolean ok, String error) {
                if (ended.compareAndSet(false, true)) {
                    if (ok) {
                        span.setStatus(StatusCode.OK);
                    } else {
                        span.setStatus(StatusCode.ERROR, error == null ? "" : error);
                    }
                    span.end();
                }
            }

            @Override
            public Executor around(Executor executor) {
                return task -> executor.execute(ctx.wrap(task));
            }
        };
    }

    private static void put(AttributesBuilder b, String key, Object value) {
        if (key == null || value == null) {
            return;
        }
        if (value instanceof Number n && (value instanceof Double || value instanceof Float)) {
            b.put(AttributeKey.doubleKey(key), n.doubleValue());
        } else if (value instanceof Number n) {
            b.put(AttributeKey.longKey(key), n.longValue());
        } else {
            b.put(AttributeKey.stringKey(key), String.valueOf(value));
        }
    }
}
