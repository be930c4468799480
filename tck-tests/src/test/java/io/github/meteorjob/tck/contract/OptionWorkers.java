package io.github.meteorjob.tck.contract;

import io.github.meteorjob.Job;
import io.github.meteorjob.ProcessJobs;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * Workers for the queue options {@code timeout} and {@code pushTrigger}: {@code timed} would sleep 30 s but its
 * timeout (60 s by annotation, 500 ms by configuration) ends it; {@code pushed} never polls, so only the push trigger
 * can bring it a job saved after startup.
 */
@ApplicationScoped
public class OptionWorkers {

    @Inject
    Recorder recorder;

    /** Jobs whose observer thread was interrupted. */
    final List<String> interrupted = new CopyOnWriteArrayList<>();

    void timed(@Observes @ProcessJobs(collection = "tckOptions", type = "timed", pollInterval = 300, timeout = 60_000) Job job) {
        recorder.called(job.id());
        try {
            TimeUnit.SECONDS.sleep(30);
        } catch (InterruptedException e) {
            interrupted.add(job.id());
            Thread.currentThread().interrupt();
        }
    }

    void pushed(@Observes @ProcessJobs(collection = "tckOptions", type = "pushed", pollInterval = 0, pushTrigger = true) Job job) {
        recorder.called(job.id());
    }

    public List<String> interrupted() {
        return List.copyOf(interrupted);
    }
}
