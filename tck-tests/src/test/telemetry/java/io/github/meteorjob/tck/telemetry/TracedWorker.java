package io.github.meteorjob.tck.telemetry;

import io.github.meteorjob.Job;
import io.github.meteorjob.ProcessJobs;
import io.opentelemetry.api.OpenTelemetry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/** Fails the jobs whose data says so; starts a span of its own, which must become a child of the run span. */
@ApplicationScoped
public class TracedWorker {

    static final String ROOT = "tckTelemetry";
    static final String TYPE = "traceDemo";

    @Inject
    OpenTelemetry openTelemetry;

    void run(@Observes @ProcessJobs(collection = ROOT, type = TYPE, pollInterval = 200) Job job) {
        openTelemetry.getTracer("traced-worker").spanBuilder("render").startSpan().end();
        if (job.data().getBoolean("fail", false)) {
            throw new IllegalStateException("asked to fail");
        }
    }
}
