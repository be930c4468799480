package io.github.meteorjob.server.metrics;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The server's metrics: counters and histograms recorded lock-free on the hot paths, gauges read at scrape
 * time, rendered in the Prometheus text format by {@link #scrape()} (served at {@code /metrics}). A small
 * registry of its own, so the server jar carries no metrics framework.
 *
 * <pre>{@code
 * Counter calls = registry.counter("meteor_job.server.method.calls", "", "DDP method calls", "collection", "method");
 * calls.inc("jobPile", "getWork");
 * }</pre>
 */
public final class MetricRegistry {

    private static final System.Logger LOG = System.getLogger(MetricRegistry.class.getName());

    private final List<Metric> metrics = new CopyOnWriteArrayList<>();
    private final Map<String, Metric> byName = new ConcurrentHashMap<>();

    /** A new counter; {@code unit} is a Prometheus unit word ({@code seconds}) or empty for a count. */
    public Counter counter(String name, String unit, String help, String... labelNames) {
        return add(new Counter(name, unit, help, List.of(labelNames)));
    }

    /** A gauge whose series {@code reader} gives at every scrape. */
    public Gauge gauge(String name, String unit, String help, List<String> labelNames, Consumer<Gauge.Sink> reader) {
        return add(new Gauge(name, unit, help, labelNames, reader));
    }

    /** A histogram of durations with fixed bucket bounds in seconds (e.g. {@link Histogram#LATENCY_SECONDS}). */
    public Histogram histogram(String name, String help, List<Double> bounds, String... labelNames) {
        return add(new Histogram(name, "seconds", help, List.of(labelNames), bounds));
    }

    /** The metric registered under {@code name}, or {@code null}. */
    public Metric get(String name) {
        return byName.get(name);
    }

    /** Every metric, in registration order. */
    public List<Metric> metrics() {
        return List.copyOf(metrics);
    }

    private synchronized <M extends Metric> M add(M metric) {
        String prometheus = PrometheusText.name(metric);
        for (Metric m : metrics) {
            if (m.name().equals(metric.name()) || PrometheusText.name(m).equals(prometheus)) {
                throw new IllegalStateException("metric '" + metric.name() + "' is already registered");
            }
        }
        metrics.add(metric);
        byName.put(metric.name(), metric);
        return metric;
    }

    /**
     * Every metric in the Prometheus text format (content type {@value PrometheusText#CONTENT_TYPE}). A gauge
     * whose reader fails is left out of this scrape (and logged), so one broken reading does not hide the rest.
     */
    public String scrape() {
        PrometheusText out = new PrometheusText();
        for (Metric m : metrics) {
            PrometheusText one = new PrometheusText();
            try {
                m.writeTo(one);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "cannot read metric " + m.name() + "; left out of this scrape", e);
                continue;
            }
            out.append(one);
        }
        return out.toString();
    }

    /** The content type of {@link #scrape()}. */
    public static String contentType() {
        return PrometheusText.CONTENT_TYPE;
    }
}
