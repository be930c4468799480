package io.github.meteorjob.server.metrics;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What a {@link Metric} is, apart from its values: a name in OpenTelemetry style
 * ({@code meteor_job.server.method.calls}), a unit, a help text and its attribute (label) names.
 *
 * @param name       the OpenTelemetry-style name: lower case letters, digits, {@code _} and {@code .}
 * @param unit       the unit as Prometheus names it ({@code seconds}), or empty for a count
 * @param help       the help text of the scrape
 * @param labelNames the attribute names, in the order values are given
 */
public record MetricDescriptor(String name, String unit, String help, List<String> labelNames) {

    private static final Pattern NAME = Pattern.compile("[a-z_][a-z0-9_.]*");
    private static final Pattern UNIT = Pattern.compile("[a-z]+");
    private static final Pattern LABEL = Pattern.compile("[a-z_][a-z0-9_]*");

    /** @throws IllegalArgumentException naming the part that Prometheus could not carry */
    public MetricDescriptor {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(help, "help");
        labelNames = List.copyOf(labelNames);
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("metric name must be lower case letters, digits, '_' and '.', got '" + name + "'");
        }
        if (!unit.isEmpty() && !UNIT.matcher(unit).matches()) {
            throw new IllegalArgumentException("unit must be a lower case word such as 'seconds', got '" + unit + "'");
        }
        for (String l : labelNames) {
            if (!LABEL.matcher(l).matches()) {
                throw new IllegalArgumentException("attribute name must be lower case letters, digits and '_', got '" + l + "'");
            }
        }
    }
}
