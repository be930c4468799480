package io.github.meteorjob.server.metrics;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.function.ToLongFunction;

/**
 * A metric that is recorded into: one series of type {@code S} per combination of attribute values, created on
 * first use (at most {@link #MAX_SERIES}, then the overflow series).
 *
 * @param <S> what one series records into
 */
public abstract sealed class RecordedMetric<S> extends Metric permits Counter, Histogram {

    private static final System.Logger LOG = System.getLogger(Metric.class.getName());

    private final Map<List<String>, S> series = new ConcurrentHashMap<>();

    RecordedMetric(String name, String unit, String help, List<String> labelNames) {
        super(name, unit, help, labelNames);
    }

    /** A new, empty series. */
    abstract S newSeries();

    /**
     * The series of these attribute values (in {@link MetricDescriptor#labelNames()} order), to record into without looking it up
     * again; see {@link #MAX_SERIES}.
     */
    public S series(String... values) {
        if (values.length != descriptor().labelNames().size()) {
            throw new IllegalArgumentException(name() + " takes " + descriptor().labelNames().size() + " attribute values "
                    + descriptor().labelNames() + ", got " + values.length);
        }
        List<String> key = List.of(values);
        S s = series.get(key);
        if (s != null) {
            return s;
        }
        if (series.size() >= MAX_SERIES) {
            String[] other = new String[values.length];
            Arrays.fill(other, OVERFLOW);
            List<String> overflow = List.of(other);
            S o = series.get(overflow);
            if (o == null) {
                LOG.log(System.Logger.Level.WARNING, "metric {0} has {1} series; further attribute values are counted "
                        + "under ''{2}''", name(), MAX_SERIES, OVERFLOW);
                o = series.computeIfAbsent(overflow, k -> newSeries());
            }
            return o;
        }
        return series.computeIfAbsent(key, k -> newSeries());
    }

    /** {@code read} of the series of these attribute values, or 0 when nothing was recorded into it. */
    final long read(String[] values, ToLongFunction<S> read) {
        S s = series.get(List.of(values));
        return s == null ? 0 : read.applyAsLong(s);
    }

    /** Each series with its attribute values, for the scrape. */
    final void forEachSeries(BiConsumer<List<String>, S> action) {
        series.forEach(action);
    }
}
