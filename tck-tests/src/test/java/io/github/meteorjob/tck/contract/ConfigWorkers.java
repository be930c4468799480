package io.github.meteorjob.tck.contract;

import java.util.concurrent.TimeUnit;

import io.github.meteorjob.Job;
import io.github.meteorjob.ProcessJobs;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * Workers whose annotation values the deployment's MicroProfile Config overrides: {@code slow} says concurrency 1
 * but is configured to 3; {@code off} is enabled by annotation and disabled by configuration.
 */
@ApplicationScoped
public class ConfigWorkers {

    @Inject
    Recorder recorder;

    void slow(@Observes @ProcessJobs(collection = "tckConfig", type = "slow", concurrency = 1, pollInterval = 300) Job job)
            throws InterruptedException {
        recorder.called(job.id());
        recorder.enter();
        try {
            // hold the slot until three run at once (or give up): proves the configured concurrency
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (recorder.maxRunning() < 3 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
        } finally {
            recorder.exit();
        }
    }

    void off(@Observes @ProcessJobs(collection = "tckConfig", type = "off", pollInterval = 300) Job job) {
        recorder.called(job.id());
    }
}
