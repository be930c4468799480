package io.github.meteorjob.observability;

import io.github.meteorjob.internal.ClassPresence;
import jakarta.json.JsonValue;

import java.util.ArrayList;
import java.util.List;

/**
 * The worker's metrics and tracing, chosen by what is on the class path: OpenTelemetry metrics and spans when the
 * OpenTelemetry API is present (MicroProfile Telemetry), Micrometer meters when Micrometer is present, both when both
 * are, nothing otherwise. Internal to meteor-job; what it records is documented in docs/observability.md.
 */
public final class Observability {

    private static final System.Logger LOG = System.getLogger(Observability.class.getName());

    static final boolean OTEL = ClassPresence.has("io.opentelemetry.api.OpenTelemetry");
    static final boolean MICROMETER = ClassPresence.has("io.micrometer.core.instrument.MeterRegistry");

    private final MetricsProvider metrics;
    private final Object tracing;

    private Observability(MetricsProvider metrics, Object tracing) {
        this.metrics = metrics;
        this.tracing = tracing;
    }

    /** With {@code GlobalOpenTelemetry} and Micrometer's global registry (whichever is present). */
    public static Observability defaults() {
        return of(null, null);
    }

    /**
     * @param openTelemetry an {@code io.opentelemetry.api.OpenTelemetry} to use, or null for {@code GlobalOpenTelemetry}
     * @param meterRegistry a Micrometer {@code MeterRegistry} to use, or null for {@code Metrics.globalRegistry}
     */
    public static Observability of(Object openTelemetry, Object meterRegistry) {
        List<MetricsProvider> providers = new ArrayList<>(2);
        Object tracing = null;
        if (OTEL) {
            try {
                MetricsProvider otel = OpenTelemetrySupport.metrics(openTelemetry);
                tracing = OpenTelemetrySupport.tracing(openTelemetry);
                providers.add(otel);
            } catch (LinkageError | RuntimeException e) {
                // an application server's own, older OpenTelemetry API must not stop the queues: they run unobserved
                tracing = null;
                warnOnce("OpenTelemetry", e);
            }
        }
        if (MICROMETER) {
            try {
                providers.add(MicrometerSupport.metrics(meterRegistry));
            } catch (LinkageError | RuntimeException e) {
                warnOnce("Micrometer", e);
            }
        }
        MetricsProvider m = providers.isEmpty() ? NoopMetrics.INSTANCE
                : providers.size() == 1 ? providers.get(0) : new CompositeMetrics(providers);
        LOG.log(System.Logger.Level.DEBUG, () -> "meteor-job metrics: " + (OTEL ? "OpenTelemetry " : "")
                + (MICROMETER ? "Micrometer" : "") + (providers.isEmpty() ? "none" : ""));
        return new Observability(m, tracing);
    }

    private static final java.util.Set<String> WARNED = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private static void warnOnce(String api, Throwable e) {
        if (WARNED.add(api)) {
            LOG.log(System.Logger.Level.WARNING, "meteor-job: the " + api + " API on the class path cannot be used ("
                    + e + "); worker metrics and traces through it are off. meteor-job is built against OpenTelemetry "
                    + "API 1.68 and Micrometer 1.17.");
        }
    }

    /** Records nothing, traces nothing. */
    public static Observability none() {
        return new Observability(NoopMetrics.INSTANCE, null);
    }

    public MetricsProvider metrics() {
        return metrics;
    }

    /** Starts the span of one job run, the child of the creator's span when the job carries its context. */
    public RunSpan startRun(String collection, String type, String jobId, String runId, long retried, JsonValue carrier) {
        if (tracing == null) {
            return RunSpan.NONE;
        }
        return OpenTelemetrySupport.start(tracing, collection, type, jobId, runId, retried, carrier);
    }
}
