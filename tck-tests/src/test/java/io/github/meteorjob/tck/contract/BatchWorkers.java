package io.github.meteorjob.tck.contract;

import io.github.meteorjob.Job;
import io.github.meteorjob.JobBatch;
import io.github.meteorjob.ProcessJobs;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/** A worker with {@code payload = 3}: it observes {@link JobBatch}es of up to three jobs. */
@ApplicationScoped
public class BatchWorkers {

    @Inject
    Recorder recorder;

    void mail(@Observes @ProcessJobs(collection = "tckBatch", type = "mail", payload = 3, pollInterval = 300) JobBatch batch) {
        recorder.batch(batch.size());
        for (Job job : batch) {
            recorder.called(job.id());
        }
    }
}
