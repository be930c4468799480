package io.github.meteorjob.tck.telemetry;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import io.opentelemetry.sdk.autoconfigure.spi.metrics.ConfigurableMetricExporterProvider;
import io.opentelemetry.sdk.autoconfigure.spi.traces.ConfigurableSpanExporterProvider;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.metrics.InstrumentType;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.export.MetricExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;

/**
 * Span and metric exporters that keep what the runtime's OpenTelemetry SDK exports in memory, for the test in the
 * same application to read. The runtime's SDK finds them through the autoconfigure SPI (META-INF/services in the
 * WAR) under the name {@value #NAME}, selected by {@code otel.traces.exporter} and {@code otel.metrics.exporter}, as
 * the MicroProfile Telemetry TCK does.
 */
public final class InMemoryTelemetry {

    public static final String NAME = "meteorjob-in-memory";

    static final List<SpanData> SPANS = new CopyOnWriteArrayList<>();
    /** Every export, oldest first; metrics are cumulative, so the newest export of a metric holds its totals. */
    static final List<MetricData> METRICS = new CopyOnWriteArrayList<>();

    private InMemoryTelemetry() {
    }

    public static final class Spans implements ConfigurableSpanExporterProvider {
        @Override
        public SpanExporter createExporter(ConfigProperties config) {
            return new SpanExporter() {
                @Override
                public CompletableResultCode export(Collection<SpanData> spans) {
                    SPANS.addAll(spans);
                    return CompletableResultCode.ofSuccess();
                }

                @Override
                public CompletableResultCode flush() {
                    return CompletableResultCode.ofSuccess();
                }

                @Override
                public CompletableResultCode shutdown() {
                    return CompletableResultCode.ofSuccess();
                }
            };
        }

        @Override
        public String getName() {
            return NAME;
        }
    }

    public static final class Metrics implements ConfigurableMetricExporterProvider {
        @Override
        public MetricExporter createExporter(ConfigProperties config) {
            return new MetricExporter() {
                @Override
                public AggregationTemporality getAggregationTemporality(InstrumentType instrumentType) {
                    return AggregationTemporality.CUMULATIVE;
                }

                @Override
                public CompletableResultCode export(Collection<MetricData> metrics) {
                    METRICS.addAll(metrics);
                    return CompletableResultCode.ofSuccess();
                }

                @Override
                public CompletableResultCode flush() {
                    return CompletableResultCode.ofSuccess();
                }

                @Override
                public CompletableResultCode shutdown() {
                    return CompletableResultCode.ofSuccess();
                }
            };
        }

        @Override
        public String getName() {
            return NAME;
        }
    }
}
