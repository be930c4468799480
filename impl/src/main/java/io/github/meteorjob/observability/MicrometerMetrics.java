package io.github.meteorjob.observability;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static io.github.meteorjob.observability.MetricNames.*;

/** The worker's metrics as Micrometer meters in the given registry (same names and tags as the OpenTelemetry ones). */
final class MicrometerMetrics implements MetricsProvider {

    private final MeterRegistry registry;

    MicrometerMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    private static Tags tags(MetricTags t) {
        return Tags.of(ATTR_COLLECTION, t.collection(), ATTR_TYPE, t.type());
    }

    @Override
    public void jobsFetched(MetricTags t, long count, long retries) {
        Counter.builder(JOBS_FETCHED).tags(tags(t)).register(registry).increment(count);
        if (retries > 0) {
            Counter.builder(JOBS_RETRIED).tags(tags(t)).register(registry).increment(retries);
        }
    }

    @Override
    public void jobFinished(MetricTags t, boolean failed, boolean fatal, long durationNanos) {
        if (failed) {
            Counter.builder(JOBS_FAILED).tags(tags(t).and(ATTR_FATAL, String.valueOf(fatal))).register(registry).increment();
        } else {
            Counter.builder(JOBS_COMPLETED).tags(tags(t)).register(registry).increment();
        }
        Timer.builder(JOB_DURATION).tags(tags(t).and(ATTR_OUTCOME, failed ? OUTCOME_FAILED : OUTCOME_COMPLETED))
                .register(registry).record(durationNanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void leaseLost(MetricTags t, String operation) {
        Counter.builder(JOBS_LEASE_LOST).tags(tags(t).and(ATTR_OPERATION, operation)).register(registry).increment();
    }

    @Override
    public void getWork(MetricTags q, long durationNanos, int batchSize, String errorType) {
        Timer.builder(GET_WORK_DURATION).tags(tags(q).and(ATTR_OUTCOME, errorType == null ? OUTCOME_OK : OUTCOME_ERROR))
                .register(registry).record(durationNanos, TimeUnit.NANOSECONDS);
        if (errorType == null) {
            DistributionSummary.builder(GET_WORK_BATCH_SIZE).tags(tags(q)).register(registry).record(batchSize);
        } else {
            Counter.builder(GET_WORK_ERRORS).tags(tags(q).and(ATTR_ERROR_TYPE, errorType)).register(registry).increment();
        }
    }

    @Override
    public void ddpCall(String collection, String method, long durationNanos, boolean error) {
        Timer.builder(DDP_CALL_DURATION).tags(ATTR_COLLECTION, collection, ATTR_METHOD, method,
                ATTR_OUTCOME, error ? OUTCOME_ERROR : OUTCOME_OK).register(registry).record(durationNanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public AutoCloseable observeQueue(MetricTags q, QueueGauges g) {
        Tags t = tags(q);
        List<Meter> all = List.of(
                Gauge.builder(QUEUE_LENGTH, g, QueueGauges::length).tags(t).register(registry),
                Gauge.builder(QUEUE_RUNNING, g, QueueGauges::running).tags(t).register(registry),
                Gauge.builder(QUEUE_IDLE_WORKERS, g, QueueGauges::idleWorkers).tags(t).register(registry),
                FunctionCounter.builder(DDP_RECONNECTS, g, QueueGauges::reconnects).tags(t).register(registry));
        return () -> all.forEach(registry::remove);
    }

    @Override
    public AutoCloseable observeCircuit(BooleanSupplier open) {
        Gauge gauge = Gauge.builder(CIRCUIT_OPEN, open, o -> o.getAsBoolean() ? 1 : 0).register(registry);
        return () -> registry.remove(gauge);
    }
}
