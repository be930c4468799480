package io.github.meteorjob.tck.contract;

import io.github.meteorjob.Job;
import io.github.meteorjob.ProcessJobs;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/** Records the thread each job runs on. */
@ApplicationScoped
public class RuntimeWorkers {

    @Inject
    Recorder recorder;

    void work(@Observes @ProcessJobs(collection = "tckContainer", type = "where", pollInterval = 300) Job job) {
        recorder.called(job.id());
    }
}
