package io.github.meteorjob.observability;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/** Sends every measurement to several providers (OpenTelemetry and Micrometer both on the class path). */
final class CompositeMetrics implements MetricsProvider {

    private final List<MetricsProvider> all;

    CompositeMetrics(List<MetricsProvider> all) {
        this.all = List.copyOf(all);
    }

    @Override public void jobsFetched(MetricTags t, long c, long r) { all.forEach(p -> p.jobsFetched(t, c, r)); }
    @Override public void jobFinished(MetricTags t, boolean f, boolean fa, long d) { all.forEach(p -> p.jobFinished(t, f, fa, d)); }
    @Override public void leaseLost(MetricTags t, String o) { all.forEach(p -> p.leaseLost(t, o)); }
    @Override public void getWork(MetricTags q, long d, int b, String e) { all.forEach(p -> p.getWork(q, d, b, e)); }
    @Override public void ddpCall(String c, String m, long d, boolean e) { all.forEach(p -> p.ddpCall(c, m, d, e)); }

    @Override
    public AutoCloseable observeQueue(MetricTags q, QueueGauges g) {
        List<AutoCloseable> closers = new ArrayList<>();
        all.forEach(p -> closers.add(p.observeQueue(q, g)));
        return () -> {
            for (AutoCloseable c : closers) {
                c.close();
            }
        };
    }

    @Override
    public AutoCloseable observeCircuit(BooleanSupplier open) {
        List<AutoCloseable> closers = new ArrayList<>();
        all.forEach(p -> closers.add(p.observeCircuit(open)));
        return () -> {
            for (AutoCloseable c : closers) {
                c.close();
            }
        };
    }
}
