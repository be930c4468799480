package io.github.meteorjob.tck.contract;

import io.github.meteorjob.Job;
import io.github.meteorjob.ProcessJobs;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.ObservesAsync;
import jakarta.inject.Inject;

/** {@code @ObservesAsync} workers: completion follows the asynchronous delivery. */
@ApplicationScoped
public class AsyncWorkers {

    @Inject
    Recorder recorder;

    void ok(@ObservesAsync @ProcessJobs(collection = "tckAsync", type = "ok", pollInterval = 500) Job job) {
        recorder.called(job.id());
        job.log("async " + job.data().getString("n"));
    }

    void fails(@ObservesAsync @ProcessJobs(collection = "tckAsync", type = "fails", pollInterval = 500) Job job) {
        recorder.called(job.id());
        throw new IllegalStateException("async failure " + job.data().getString("n"));
    }
}
