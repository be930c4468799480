package io.github.meteorjob.observability;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The reserved trace-context entry a new job's document gets on save. */
class TraceContextTest {

    private static final JsonObject JOB = Json.createObjectBuilder().add("type", "t")
            .add("data", Json.createObjectBuilder().add("to", "ann")).build();

    @Test
    void withoutACurrentSpanTheDocumentIsUnchanged() {
        assertThat(TraceContext.withCurrent(JOB)).isSameAs(JOB);
    }

    @Test
    void theCurrentSpanGoesIntoDataUnderTheReservedKeyAndNothingElseChanges() {
        // with no span processor the SDK hands out no-op spans
        try (SdkTracerProvider tracing = SdkTracerProvider.builder()
                .addSpanProcessor(SimpleSpanProcessor.create(InMemorySpanExporter.create())).build()) {
            Span span = tracing.get("test").spanBuilder("create").startSpan();
            JsonObject sent;
            try (Scope s = span.makeCurrent()) {
                sent = TraceContext.withCurrent(JOB);
            } finally {
                span.end();
            }
            String traceparent = sent.getJsonObject("data").getJsonObject(TraceContext.KEY).getString("traceparent");
            assertThat(traceparent).isEqualTo("00-" + span.getSpanContext().getTraceId() + "-"
                    + span.getSpanContext().getSpanId() + "-" + span.getSpanContext().getTraceFlags().asHex());
            assertThat(sent.getJsonObject("data").getString("to")).isEqualTo("ann");
            assertThat(sent.getString("type")).isEqualTo("t");
            assertThat(TraceContext.of(sent)).isEqualTo(sent.getJsonObject("data").get(TraceContext.KEY));

            // a key already there is the creator's own business; data that is not an object is left alone
            try (Scope s = tracing.get("test").spanBuilder("again").startSpan().makeCurrent()) {
                assertThat(TraceContext.withCurrent(sent)).isSameAs(sent);
                JsonObject odd = Json.createObjectBuilder().add("data", 5).build();
                assertThat(TraceContext.withCurrent(odd)).isSameAs(odd);
            }
        }
    }
}
