package io.github.meteorjob.server.metrics;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One metric of a {@link MetricRegistry}: a name in OpenTelemetry style ({@code meteor_job.server.method.calls}),
 * a unit, a help text and its attribute (label) names; one series per combination of attribute values.
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

    private static final Pattern NAME = Pattern.compile("[a-z_][a-z0-9_.]*");

    private final String name;
    private final String unit;
    private final String help;
    private final List<String> labelNames;

    Metric(String name, String unit, String help, List<String> labelNames) {
        this.name = Objects.requireNonNull(name, "name");
        this.unit = Objects.requireNonNull(unit, "unit");
        this.help = Objects.requireNonNull(help, "help");
        this.labelNames = List.copyOf(labelNames);
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("metric name must be lower case letters, digits, '_' and '.', got '" + name + "'");
        }
        if (!unit.isEmpty() && !unit.matches("[a-z]+")) {
            throw new IllegalArgumentException("unit must be a lower case word such as 'seconds', got '" + unit + "'");
        }
        for (String l : this.labelNames) {
            if (!l.matches("[a-z_][a-z0-9_]*")) {
                throw new IllegalArgumentException("attribute name must be lower case letters, digits and '_', got '" + l + "'");
            }
        }
    }

    /** The OpenTelemetry-style name, e.g. {@code meteor_job.server.method.calls}. */
    public String name() {
        return name;
    }

    /** The unit as Prometheus names it ({@code seconds}), or empty for a count. */
    public String unit() {
        return unit;
    }

    public String help() {
        return help;
    }

    /** The attribute names, in the order values are given. */
    public List<String> labelNames() {
        return labelNames;
    }

    /** Writes this metric's series in the Prometheus text format. */
    abstract void writeTo(PrometheusText out);
}
