package io.github.meteorjob.observability;

import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * Where the worker's measurements go: one implementation per metrics library (OpenTelemetry, Micrometer) and a
 * no-op, picked by {@link Observability} from what is on the class path. The names, units and attributes of every
 * instrument are in {@link MetricNames} and docs/observability.md; implementations only map them onto their library.
 *
 * <p>Internal to meteor-job: not part of the public API, may change in any release.
 */
public interface MetricsProvider {

    /** {@code count} jobs came in one getWork answer (also counts those that are retries). */
    void jobsFetched(MetricTags tags, long count, long retries);

    /** A run ended with done accepted ({@code failed == false}) or fail accepted. */
    void jobFinished(MetricTags tags, boolean failed, boolean fatal, long durationNanos);

    /** The server refused done/fail because the run was no longer the job's (lease lost); operation is done or fail. */
    void leaseLost(MetricTags tags, String operation);

    /** A getWork call of a queue came back; {@code errorType} is null on success. */
    void getWork(MetricTags queue, long durationNanos, int batchSize, String errorType);

    /**
     * A DDP method call on the connection ended, whoever made it; {@code collection} is empty for a call that is not
     * a job collection's.
     */
    void ddpCall(String collection, String method, long durationNanos, boolean error);

    /** Whether this provider drops everything (no metrics library present). */
    default boolean recordsNothing() {
        return false;
    }

    /** Registers a queue's gauges; closing removes them. */
    AutoCloseable observeQueue(MetricTags queue, QueueGauges gauges);

    /** Registers the DDP call circuit's state (1 open, 0 closed); closing removes it. */
    AutoCloseable observeCircuit(BooleanSupplier open);

    /** What a queue reports while it runs. */
    interface QueueGauges {
        long length();

        long running();

        long idleWorkers();

        /** Successful reconnections of the queue's connection since it was created. */
        long reconnects();
    }

    /** Adapts suppliers to {@link QueueGauges}. */
    static QueueGauges gauges(LongSupplier length, LongSupplier running, LongSupplier idle, LongSupplier reconnects) {
        return new QueueGauges() {
            @Override public long length() { return length.getAsLong(); }
            @Override public long running() { return running.getAsLong(); }
            @Override public long idleWorkers() { return idle.getAsLong(); }
            @Override public long reconnects() { return reconnects.getAsLong(); }
        };
    }
}
