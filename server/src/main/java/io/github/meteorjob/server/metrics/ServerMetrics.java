package io.github.meteorjob.server.metrics;

import io.github.meteorjob.JobCounts;
import io.github.meteorjob.JobStatus;
import io.github.meteorjob.server.ddp.DdpObserver;
import io.github.meteorjob.server.ddp.DdpServer;
import io.github.meteorjob.server.jobs.CollectionObserver;
import io.github.meteorjob.server.jobs.JobCollectionServer;
import io.github.meteorjob.server.jobs.ServerJobEvent;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The job server's metrics (listed in docs/observability.md): registers them in a {@link MetricRegistry} and
 * feeds them from the DDP server ({@link DdpObserver}), the collections' events and their timers and commits
 * ({@link CollectionObserver}). Gauges (jobs per status, connections, subscriptions) are read at scrape time.
 */
public final class ServerMetrics implements DdpObserver {

    /** The {@code method} value of calls to methods the server does not have (any name a client sends). */
    static final String UNKNOWN_METHOD = "_unknown";

    /** The {@code event} value of each event class: its simple name in lower case. */
    private static final ClassValue<String> EVENT_NAMES = new ClassValue<>() {
        @Override
        protected String computeValue(Class<?> type) {
            return type.getSimpleName().toLowerCase(Locale.ROOT);
        }
    };

    private final Map<String, JobCollectionServer> collections;
    private final Counter calls;
    private final Counter errors;
    private final Histogram duration;
    private final Counter transitions;
    private final Counter expired;
    private final Histogram lateness;
    private final Histogram storeWrite;
    /** Per DDP method name the server has: its series, so a call looks them up once. */
    private final Map<String, MethodSeries> methods = new ConcurrentHashMap<>();

    private record MethodSeries(String collection, String method, LongAdder calls, Histogram.Series duration) {
    }

    /** Registers the server's metrics in {@code registry} and starts recording them. */
    public ServerMetrics(MetricRegistry registry, DdpServer ddp, List<JobCollectionServer> collections) {
        Map<String, JobCollectionServer> byRoot = new java.util.LinkedHashMap<>();
        collections.forEach(c -> byRoot.put(c.root(), c));
        this.collections = Map.copyOf(byRoot);
        registry.gauge("meteor_job.server.jobs", "", "Jobs per collection, type and status",
                List.of("collection", "type", "status"), sink -> byRoot.values().forEach(c -> jobs(c, sink)));
        registry.gauge("meteor_job.server.job_server.started", "",
                "1 while the collection's job server hands out work (startJobServer), else 0",
                List.of("collection"), sink -> byRoot.values().forEach(c -> sink.accept(c.isStarted() ? 1 : 0, c.root())));
        transitions = registry.counter("meteor_job.server.job.transitions", "",
                "Job status changes, by the event that made them (saved, promoted, running, completed, retrying, failed, "
                        + "cancelled, paused, resumed, restarted, removed)", "collection", "type", "event");
        lateness = registry.histogram("meteor_job.server.promotion.lateness",
                "How long after its 'after' time the timers promoted a waiting job to ready", Histogram.LATENCY_SECONDS,
                "collection");
        expired = registry.counter("meteor_job.server.jobs.expired", "",
                "Running jobs failed by the server because their workTimeout passed", "collection", "type");
        calls = registry.counter("meteor_job.server.method.calls", "", "DDP method calls answered", "collection", "method");
        errors = registry.counter("meteor_job.server.method.errors", "", "DDP method calls answered with an error, by its code",
                "collection", "method", "error");
        duration = registry.histogram("meteor_job.server.method.duration", "Time a DDP method ran, from its turn to its answer",
                Histogram.LATENCY_SECONDS, "collection", "method");
        storeWrite = registry.histogram("meteor_job.server.store.write.duration",
                "Time a method's writes waited for the store to make them durable (group commit)",
                Histogram.LATENCY_SECONDS, "collection");
        registry.gauge("meteor_job.server.connections", "", "Open DDP connections", List.of(),
                sink -> sink.accept(ddp.connectionCount()));
        registry.gauge("meteor_job.server.subscriptions", "", "Running DDP subscriptions on open connections", List.of(),
                sink -> sink.accept(ddp.subscriptionCount()));
        for (JobCollectionServer c : byRoot.values()) {
            observe(c);
        }
        ddp.addObserver(this);
    }

    private static void jobs(JobCollectionServer c, Gauge.Sink sink) {
        JobCounts counts = c.counts();
        counts.byType().forEach((type, byStatus) -> {
            // every status, 0 included, so a series does not vanish when its last job moves on
            for (JobStatus s : JobStatus.values()) {
                sink.accept(byStatus.getOrDefault(s, 0L), c.root(), type, s.wireName());
            }
        });
    }

    private void observe(JobCollectionServer c) {
        String root = c.root();
        Histogram.Series late = lateness.series(root);
        Histogram.Series write = storeWrite.series(root);
        c.observe(new CollectionObserver() {
            @Override
            public void promotedOnTime(String type, Duration d) {
                late.recordNanos(saturatedNanos(d));
            }

            @Override
            public void expired(String type) {
                expired.inc(root, type);
            }

            @Override
            public void durableWait(long nanos) {
                write.recordNanos(nanos);
            }
        });
        c.addListener(event -> {
            if (!(event instanceof ServerJobEvent.Progress) && !(event instanceof ServerJobEvent.Logged)) {
                transitions.inc(root, event.type(), EVENT_NAMES.get(event.getClass()));
            }
        });
    }

    private static long saturatedNanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }

    @Override
    public void methodCalled(MethodCall call) {
        // only names the server has get their own series: a client can send any name
        MethodSeries m = call.known() ? methods.computeIfAbsent(call.method(), this::series)
                : methods.computeIfAbsent("\u0000unknown", k -> series(UNKNOWN_METHOD));
        m.calls().increment();
        m.duration().recordNanos(call.nanos());
        if (call.error() != null) {
            errors.inc(m.collection(), m.method(), call.errorCode());
        }
    }

    private MethodSeries series(String ddpName) {
        String collection = "";
        String method = ddpName;
        for (String root : collections.keySet()) {
            // only names the server has come here, so the split cannot create series at a client's will
            if (ddpName.startsWith(root + "_") && ddpName.length() > root.length() + 1) {
                collection = root;
                method = ddpName.substring(root.length() + 1);
                break;
            }
        }
        return new MethodSeries(collection, method, calls.series(collection, method), duration.series(collection, method));
    }
}
