package io.github.meteorjob.job.internal;

import io.github.meteorjob.DdpException;
import io.github.meteorjob.Job;
import io.github.meteorjob.observability.MetricTags;
import io.github.meteorjob.observability.MetricsProvider;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/** A queue's own measurements: its gauges and what each getWork answer brought (docs/observability.md). */
final class QueueMetrics {

    private final MetricsProvider metrics;
    private final MetricTags tags;

    QueueMetrics(MetricsProvider metrics, String collection, List<String> types) {
        this.metrics = metrics;
        this.tags = new MetricTags(collection, String.join(",", types));
    }

    /** Registers the queue's gauges; closing removes them. */
    AutoCloseable observe(LongSupplier length, LongSupplier running, LongSupplier idle, LongSupplier reconnects) {
        return metrics.observeQueue(tags, MetricsProvider.gauges(length, running, idle, reconnects));
    }

    /** A getWork call came back after {@code nanos} with {@code jobs} or failed with {@code cause}. */
    void getWork(List<Job> jobs, Throwable cause, long nanos) {
        String errorType = cause == null ? null
                : cause instanceof DdpException d ? d.error().toString().replace("\"", "") : cause.getClass().getSimpleName();
        int size = jobs == null ? 0 : jobs.size();
        metrics.getWork(tags, nanos, size, errorType);
        if (size == 0) {
            return;
        }
        Map<String, long[]> byType = new LinkedHashMap<>();
        for (Job j : jobs) {
            long[] n = byType.computeIfAbsent(j.type(), t -> new long[2]);
            n[0]++;
            // job-collection counts every run in retried: a run after the first is a retry
            if (j.retried() > 1) {
                n[1]++;
            }
        }
        byType.forEach((type, n) -> metrics.jobsFetched(new MetricTags(tags.collection(), type), n[0], n[1]));
    }
}
