package io.github.meteorjob.examples.quarkus;

import io.opentelemetry.sdk.testing.exporter.InMemoryMetricExporter;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.quarkus.arc.Unremovable;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * In-memory exporters as CDI beans: quarkus-opentelemetry's default exporter kind ({@code cdi}) sends spans and
 * metrics to the application's {@code SpanExporter} and {@code MetricExporter} beans, so the test reads what Quarkus's
 * OpenTelemetry SDK recorded. Unremovable because Quarkus looks them up by type at run time.
 */
@ApplicationScoped
public class TelemetryExporters {

    @Produces
    @Singleton
    @Unremovable
    InMemorySpanExporter spans() {
        return InMemorySpanExporter.create();
    }

    @Produces
    @Singleton
    @Unremovable
    InMemoryMetricExporter metrics() {
        return InMemoryMetricExporter.create();
    }
}
