package io.github.meteorjob.server.metrics;

import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * A count that only goes up, one per combination of attribute values. Exposed with the suffix {@code _total}.
 * Lock-free: a series is a {@link LongAdder}; hold on to it ({@link #series}) on hot paths.
 */
public final class Counter extends RecordedMetric<LongAdder> {

    Counter(String name, String unit, String help, List<String> labelNames) {
        super(name, unit, help, labelNames);
    }

    @Override
    LongAdder newSeries() {
        return new LongAdder();
    }

    /** Adds one to the series of these attribute values (in {@link MetricDescriptor#labelNames()} order). */
    public void inc(String... values) {
        series(values).increment();
    }

    /** The current count of a series (0 when it was never incremented). */
    public long value(String... values) {
        return read(values, LongAdder::sum);
    }

    @Override
    void writeTo(PrometheusText out) {
        out.header(this, "counter");
        forEachSeries((labels, adder) -> out.sample(this, "_total", labels, null, null, adder.sum()));
    }
}
