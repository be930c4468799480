package io.github.meteorjob.server.metrics;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.LongAdder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The series of counters and histograms: created on first use, read as 0 before, capped at {@link Metric#MAX_SERIES}. */
class RecordedMetricTest {

    private final MetricRegistry registry = new MetricRegistry();

    @Test
    void aSeriesIsCreatedOnFirstUseAndReadAsZeroBefore() {
        Counter calls = registry.counter("test.calls", "", "calls", "method");
        assertThat(calls.value("a")).isZero();
        LongAdder a = calls.series("a");
        assertThat(calls.series("a")).isSameAs(a);
        calls.inc("a");
        calls.inc("a");
        assertThat(calls.value("a")).isEqualTo(2);
        assertThat(calls.value("b")).isZero();

        Histogram latency = registry.histogram("test.latency", "latency", Histogram.LATENCY_SECONDS, "method");
        assertThat(latency.count("a")).isZero();
        latency.recordNanos(1_000_000, "a");
        assertThat(latency.count("a")).isEqualTo(1);
        assertThat(latency.series("a")).isSameAs(latency.series("a"));
    }

    @Test
    void theWrongNumberOfAttributeValuesIsRefusedNamingTheMetric() {
        Counter calls = registry.counter("test.calls", "", "calls", "collection", "method");
        assertThatThrownBy(() -> calls.inc("only-one"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("test.calls takes 2 attribute values");
    }

    @Test
    void valuesBeyondTheCapAreRecordedInTheOverflowSeries() {
        Counter calls = registry.counter("test.calls", "", "calls", "type");
        for (int i = 0; i < Metric.MAX_SERIES; i++) {
            calls.inc("t" + i);
        }
        calls.inc("one-too-many");
        calls.inc("another");
        calls.inc("t0");
        assertThat(calls.value("one-too-many")).isZero();
        assertThat(calls.value(Metric.OVERFLOW)).isEqualTo(2);
        assertThat(calls.value("t0")).isEqualTo(2);
    }
}
