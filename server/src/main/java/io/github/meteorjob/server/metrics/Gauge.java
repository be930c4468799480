package io.github.meteorjob.server.metrics;

import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A value read when the metrics are scraped (open connections, jobs per status): nothing is kept or updated
 * between scrapes, so a gauge costs nothing on the server's hot paths.
 */
public final class Gauge extends Metric {

    /** Receives the gauge's series during a scrape. */
    @FunctionalInterface
    public interface Sink {
        /** One series: its value and its attribute values (in {@link MetricDescriptor#labelNames()} order). */
        void accept(double value, String... labelValues);
    }

    private final Consumer<Sink> reader;

    Gauge(String name, String unit, String help, List<String> labelNames, Consumer<Sink> reader) {
        super(name, unit, help, labelNames);
        this.reader = Objects.requireNonNull(reader, "reader");
    }

    @Override
    void writeTo(PrometheusText out) {
        out.header(this, "gauge");
        int[] count = {0};
        reader.accept((value, labels) -> {
            if (labels.length != descriptor().labelNames().size()) {
                throw new IllegalStateException(name() + " takes " + descriptor().labelNames().size() + " attribute values, got " + labels.length);
            }
            // the same cap as recorded metrics: the values come from job types clients choose
            if (count[0]++ < MAX_SERIES) {
                out.sample(this, "", List.of(labels), null, null, value);
            }
        });
    }
}
