package io.github.meteorjob.server.metrics;

import java.util.List;

/**
 * One metric of a {@link MetricRegistry}: its {@link MetricDescriptor} (name, unit, help text, attribute names)
 * and one series per combination of attribute values.
 *
 * <p>Series are created on first use and never removed. Attribute values may come from clients (job types), so
 * each metric holds at most {@link #MAX_SERIES} of them; beyond that, values are recorded in one overflow series
 * whose every attribute is {@value #OVERFLOW}, so that a client inventing types cannot grow the server's heap or
 * the scrape without bound.
 */
public abstract sealed class Metric permits RecordedMetric, Gauge {

    /** The most series one metric holds before it records into the overflow series. */
    public static final int MAX_SERIES = 1000;
    /** The attribute value of the overflow series. */
    public static final String OVERFLOW = "_other";

    private final MetricDescriptor descriptor;

    Metric(String name, String unit, String help, List<String> labelNames) {
        this.descriptor = new MetricDescriptor(name, unit, help, labelNames);
    }

    /** The OpenTelemetry-style name, e.g. {@code meteor_job.server.method.calls}. */
    public String name() {
        return descriptor.name();
    }

    /** The name, unit, help text and attribute names. */
    public MetricDescriptor descriptor() {
        return descriptor;
    }

    /** Writes this metric's series in the Prometheus text format. */
    abstract void writeTo(PrometheusText out);
}
