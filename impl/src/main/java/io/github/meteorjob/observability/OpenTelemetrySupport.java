package io.github.meteorjob.observability;

import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import jakarta.json.JsonValue;

/**
 * The only door from {@link Observability} to the OpenTelemetry API: its signatures use no OpenTelemetry type, so
 * the rest of the library links and runs without that API; this class is loaded only when it is present.
 */
final class OpenTelemetrySupport {

    private OpenTelemetrySupport() {
    }

    private static OpenTelemetry resolve(Object given) {
        if (given instanceof OpenTelemetry o) {
            return o;
        }
        try {
            // not get(): when nothing is set yet, get() fixes the global to a no-op and the application's own
            // GlobalOpenTelemetry.set(...) would then fail
            return GlobalOpenTelemetry.getOrNoop();
        } catch (NoSuchMethodError olderApi) {
            return GlobalOpenTelemetry.get();
        }
    }

    static MetricsProvider metrics(Object openTelemetry) {
        return new OpenTelemetryMetrics(resolve(openTelemetry));
    }

    static Object tracing(Object openTelemetry) {
        return new OpenTelemetryTracing(resolve(openTelemetry));
    }

    /** An executor whose tasks run in the calling thread's current OpenTelemetry context. */
    static java.util.concurrent.Executor currentContext(java.util.concurrent.Executor executor) {
        return io.opentelemetry.context.Context.current().wrap(executor);
    }

    static RunSpan start(Object tracing, String collection, String type, String jobId, String runId, long retried,
                         JsonValue carrier) {
        return ((OpenTelemetryTracing) tracing).start(collection, type, jobId, runId, retried, carrier);
    }
}
