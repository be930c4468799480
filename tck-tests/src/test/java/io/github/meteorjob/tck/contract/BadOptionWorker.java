package io.github.meteorjob.tck.contract;

import io.github.meteorjob.Job;
import io.github.meteorjob.ProcessJobs;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/** An invalid worker: concurrency 0. */
@ApplicationScoped
public class BadOptionWorker {

    void noConcurrency(@Observes @ProcessJobs(collection = "tckBad", type = "zero", concurrency = 0) Job job) {
        // never called: the deployment must fail
    }
}
