package io.github.meteorjob.observability;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.DoubleHistogramBuilder;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.LongHistogram;
import io.opentelemetry.api.metrics.Meter;

import java.util.List;
import java.util.function.BooleanSupplier;

import static io.github.meteorjob.observability.MetricNames.*;

/** The worker's metrics as OpenTelemetry instruments (MicroProfile Telemetry), from the given {@link OpenTelemetry}. */
final class OpenTelemetryMetrics implements MetricsProvider {

    private static final AttributeKey<String> COLLECTION = AttributeKey.stringKey(ATTR_COLLECTION);
    private static final AttributeKey<String> TYPE = AttributeKey.stringKey(ATTR_TYPE);
    private static final AttributeKey<Boolean> FATAL = AttributeKey.booleanKey(ATTR_FATAL);
    private static final AttributeKey<String> OUTCOME = AttributeKey.stringKey(ATTR_OUTCOME);
    private static final AttributeKey<String> OPERATION = AttributeKey.stringKey(ATTR_OPERATION);
    private static final AttributeKey<String> METHOD = AttributeKey.stringKey(ATTR_METHOD);
    private static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey(ATTR_ERROR_TYPE);
    /** Seconds: fine enough for calls of a few milliseconds, wide enough for jobs of minutes. */
    private static final List<Double> SECONDS = List.of(0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0,
            10.0, 30.0, 60.0, 300.0, 900.0, 3600.0);

    private final Meter meter;
    private final LongCounter fetched;
    private final LongCounter retried;
    private final LongCounter completed;
    private final LongCounter failed;
    private final LongCounter leaseLost;
    private final DoubleHistogram jobDuration;
    private final DoubleHistogram getWorkDuration;
    private final LongHistogram batchSize;
    private final LongCounter getWorkErrors;
    private final DoubleHistogram callDuration;

    /**
     * A histogram in seconds with {@link #SECONDS} as its buckets where the API can say so: the advice exists from
     * OpenTelemetry API 1.32 on, and application servers ship older ones (Payara 6: 1.29), where the SDK's default
     * buckets apply.
     */
    private static DoubleHistogram seconds(DoubleHistogramBuilder builder) {
        try {
            return builder.setExplicitBucketBoundariesAdvice(SECONDS).build();
        } catch (LinkageError olderApi) {
            return builder.build();
        }
    }

    OpenTelemetryMetrics(OpenTelemetry otel) {
        meter = otel.getMeter(SCOPE);
        fetched = meter.counterBuilder(JOBS_FETCHED).setUnit("{job}").setDescription("Jobs received from getWork").build();
        retried = meter.counterBuilder(JOBS_RETRIED).setUnit("{job}")
                .setDescription("Jobs received from getWork that are a retry of a failed run").build();
        completed = meter.counterBuilder(JOBS_COMPLETED).setUnit("{job}").setDescription("Runs the server accepted done for").build();
        failed = meter.counterBuilder(JOBS_FAILED).setUnit("{job}").setDescription("Runs the server accepted fail for").build();
        leaseLost = meter.counterBuilder(JOBS_LEASE_LOST).setUnit("{job}")
                .setDescription("done/fail refused because the run was no longer the job's").build();
        jobDuration = seconds(meter.histogramBuilder(JOB_DURATION).setUnit("s")
                .setDescription("From getWork answer to done/fail accepted"));
        getWorkDuration = seconds(meter.histogramBuilder(GET_WORK_DURATION).setUnit("s").setDescription("getWork round trip"));
        batchSize = meter.histogramBuilder(GET_WORK_BATCH_SIZE).ofLongs().setUnit("{job}")
                .setDescription("Jobs in one getWork answer").build();
        getWorkErrors = meter.counterBuilder(GET_WORK_ERRORS).setUnit("{call}").setDescription("getWork calls that failed").build();
        callDuration = seconds(meter.histogramBuilder(DDP_CALL_DURATION).setUnit("s")
                .setDescription("Round trip of the worker's DDP method calls"));
    }

    private static Attributes attrs(MetricTags t) {
        return Attributes.of(COLLECTION, t.collection(), TYPE, t.type());
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }

    @Override
    public void jobsFetched(MetricTags tags, long count, long retries) {
        fetched.add(count, attrs(tags));
        if (retries > 0) {
            retried.add(retries, attrs(tags));
        }
    }

    @Override
    public void jobFinished(MetricTags tags, boolean isFailure, boolean fatal, long durationNanos) {
        if (isFailure) {
            failed.add(1, attrs(tags).toBuilder().put(FATAL, fatal).build());
        } else {
            completed.add(1, attrs(tags));
        }
        jobDuration.record(seconds(durationNanos), attrs(tags).toBuilder()
                .put(OUTCOME, isFailure ? OUTCOME_FAILED : OUTCOME_COMPLETED).build());
    }

    @Override
    public void leaseLost(MetricTags tags, String operation) {
        leaseLost.add(1, attrs(tags).toBuilder().put(OPERATION, operation).build());
    }

    @Override
    public void getWork(MetricTags queue, long durationNanos, int size, String errorType) {
        getWorkDuration.record(seconds(durationNanos), attrs(queue).toBuilder()
                .put(OUTCOME, errorType == null ? OUTCOME_OK : OUTCOME_ERROR).build());
        if (errorType == null) {
            batchSize.record(size, attrs(queue));
        } else {
            getWorkErrors.add(1, attrs(queue).toBuilder().put(ERROR_TYPE, errorType).build());
        }
    }

    @Override
    public void ddpCall(String collection, String method, long durationNanos, boolean error) {
        callDuration.record(seconds(durationNanos), Attributes.of(COLLECTION, collection, METHOD, method,
                OUTCOME, error ? OUTCOME_ERROR : OUTCOME_OK));
    }

    @Override
    public AutoCloseable observeQueue(MetricTags queue, QueueGauges gauges) {
        Attributes a = attrs(queue);
        List<AutoCloseable> all = List.of(
                meter.gaugeBuilder(QUEUE_LENGTH).ofLongs().setUnit("{job}").setDescription("Jobs fetched, waiting for a worker")
                        .buildWithCallback(m -> m.record(gauges.length(), a)),
                meter.gaugeBuilder(QUEUE_RUNNING).ofLongs().setUnit("{job}").setDescription("Worker calls running")
                        .buildWithCallback(m -> m.record(gauges.running(), a)),
                meter.gaugeBuilder(QUEUE_IDLE_WORKERS).ofLongs().setUnit("{worker}").setDescription("Free worker slots")
                        .buildWithCallback(m -> m.record(gauges.idleWorkers(), a)),
                meter.counterBuilder(DDP_RECONNECTS).setUnit("{reconnect}").setDescription("Successful reconnections")
                        .buildWithCallback(m -> m.record(gauges.reconnects(), a)));
        return () -> closeAll(all);
    }

    @Override
    public AutoCloseable observeCircuit(BooleanSupplier open) {
        AutoCloseable g = meter.gaugeBuilder(CIRCUIT_OPEN).ofLongs().setUnit("1")
                .setDescription("1 while the DDP call circuit is open").buildWithCallback(m -> m.record(open.getAsBoolean() ? 1 : 0));
        return g;
    }

    private static void closeAll(List<AutoCloseable> all) throws Exception {
        for (AutoCloseable c : all) {
            c.close();
        }
    }
}
