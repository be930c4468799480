package io.github.meteorjob.observability;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;

/** The only door from {@link Observability} to Micrometer; loaded only when Micrometer is present. */
final class MicrometerSupport {

    private MicrometerSupport() {
    }

    static MetricsProvider metrics(Object registry) {
        return new MicrometerMetrics(registry instanceof MeterRegistry r ? r : Metrics.globalRegistry);
    }
}
