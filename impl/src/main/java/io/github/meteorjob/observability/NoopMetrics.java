package io.github.meteorjob.observability;

import java.util.function.BooleanSupplier;

/** Measures nothing: used when neither OpenTelemetry nor Micrometer is on the class path. */
final class NoopMetrics implements MetricsProvider {

    static final NoopMetrics INSTANCE = new NoopMetrics();

    private NoopMetrics() {
    }

    @Override public void jobsFetched(MetricTags tags, long count, long retries) { }
    @Override public void jobFinished(MetricTags tags, boolean failed, boolean fatal, long durationNanos) { }
    @Override public void leaseLost(MetricTags tags, String operation) { }
    @Override public void getWork(MetricTags queue, long durationNanos, int batchSize, String errorType) { }
    @Override public void ddpCall(String collection, String method, long durationNanos, boolean error) { }
    @Override public AutoCloseable observeQueue(MetricTags queue, QueueGauges gauges) { return () -> { }; }
    @Override public AutoCloseable observeCircuit(BooleanSupplier open) { return () -> { }; }

    @Override
    public boolean recordsNothing() {
        return true;
    }
}
