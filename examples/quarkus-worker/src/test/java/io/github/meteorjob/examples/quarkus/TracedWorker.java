package io.github.meteorjob.examples.quarkus;

import io.github.meteorjob.Job;
import io.github.meteorjob.ProcessJobs;
import io.opentelemetry.api.OpenTelemetry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * A worker of its own job type for {@link TelemetryTest}, so that the metrics of type {@code traceDemo} count only
 * that test's runs. It starts a span of its own, which must become a child of the library's run span.
 */
@ApplicationScoped
public class TracedWorker {

    static final String TYPE = "traceDemo";

    @Inject
    OpenTelemetry openTelemetry;

    void run(@Observes @ProcessJobs(collection = "quarkusJobs", type = TYPE, pollInterval = 200) Job job) {
        openTelemetry.getTracer("traced-worker").spanBuilder("render").startSpan().end();
        if (job.data().getBoolean("fail", false)) {
            throw new IllegalStateException("asked to fail");
        }
    }
}
