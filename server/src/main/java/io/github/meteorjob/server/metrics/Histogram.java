package io.github.meteorjob.server.metrics;

import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * A distribution of durations in fixed buckets (upper bounds in seconds), exposed as Prometheus
 * {@code _bucket}, {@code _sum} and {@code _count}. Lock-free: recording is a search over the bounds and two
 * {@link LongAdder} increments.
 */
public final class Histogram extends RecordedMetric<Histogram.Series> {

    /** Bounds for latencies from a millisecond to a minute. */
    public static final List<Double> LATENCY_SECONDS = List.of(0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1,
            0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0);

    private final double[] bounds;
    private final long[] boundNanos;

    /** One series: counts per bucket (not cumulative; the overflow bucket last) and the sum. */
    public final class Series {
        private final LongAdder[] buckets = new LongAdder[bounds.length + 1];
        private final LongAdder sumNanos = new LongAdder();

        private Series() {
            for (int i = 0; i < buckets.length; i++) {
                buckets[i] = new LongAdder();
            }
        }

        /** Records one duration in nanoseconds (a negative one counts as 0). */
        public void recordNanos(long nanos) {
            long n = Math.max(0, nanos);
            int i = 0;
            while (i < boundNanos.length && n > boundNanos[i]) {
                i++;
            }
            buckets[i].increment();
            sumNanos.add(n);
        }

        /** Number of recorded durations. */
        public long count() {
            long c = 0;
            for (LongAdder b : buckets) {
                c += b.sum();
            }
            return c;
        }
    }

    Histogram(String name, String unit, String help, List<String> labelNames, List<Double> bounds) {
        super(name, unit, help, labelNames);
        if (bounds.isEmpty()) {
            throw new IllegalArgumentException(name + ": a histogram needs at least one bucket bound");
        }
        this.bounds = new double[bounds.size()];
        this.boundNanos = new long[bounds.size()];
        for (int i = 0; i < bounds.size(); i++) {
            this.bounds[i] = bounds.get(i);
            if (i > 0 && this.bounds[i] <= this.bounds[i - 1]) {
                throw new IllegalArgumentException(name + ": bucket bounds must increase, got " + bounds);
            }
            this.boundNanos[i] = (long) (this.bounds[i] * 1e9);
        }
    }

    @Override
    Series newSeries() {
        return new Series();
    }

    /** Records one duration in the series of these attribute values. */
    public void recordNanos(long nanos, String... values) {
        series(values).recordNanos(nanos);
    }

    /** Number of durations recorded in a series (0 when none). */
    public long count(String... values) {
        return read(values, Series::count);
    }

    @Override
    void writeTo(PrometheusText out) {
        out.header(this, "histogram");
        forEachSeries((labels, s) -> {
            long cumulative = 0;
            for (int i = 0; i < s.buckets.length; i++) {
                cumulative += s.buckets[i].sum();
                String le = i < bounds.length ? PrometheusText.number(bounds[i]) : "+Inf";
                out.sample(this, "_bucket", labels, "le", le, cumulative);
            }
            out.sample(this, "_sum", labels, null, null, s.sumNanos.sum() / 1e9);
            out.sample(this, "_count", labels, null, null, cumulative);
        });
    }
}
