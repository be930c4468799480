package io.github.meteorjob.tck.contract;

import java.time.temporal.ChronoUnit;

import io.github.meteorjob.Job;
import io.github.meteorjob.ProcessJobs;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.faulttolerance.Retry;

/**
 * A worker with a MicroProfile Fault Tolerance {@code @Retry} on its observer method: the container's interceptor
 * retries it like any business method, and the job only sees the final outcome.
 */
@ApplicationScoped
public class FlakyWorker {

    @Inject
    Recorder recorder;

    @Retry(maxRetries = 3, delay = 50, delayUnit = ChronoUnit.MILLIS, jitter = 0)
    void flaky(@Observes @ProcessJobs(collection = "tckFt", type = "flaky", pollInterval = 300) Job job) {
        recorder.called(job.id());
        int attempt = recorder.calls(job.id());
        if (attempt < 3) {
            throw new IllegalStateException("transient failure, attempt " + attempt);
        }
        job.log("succeeded on attempt " + attempt);
    }

    @Retry(maxRetries = 1, delay = 50, delayUnit = ChronoUnit.MILLIS, jitter = 0)
    void hopeless(@Observes @ProcessJobs(collection = "tckFt", type = "hopeless", pollInterval = 300) Job job) {
        recorder.called(job.id());
        throw new IllegalStateException("still failing, attempt " + recorder.calls(job.id()));
    }
}
