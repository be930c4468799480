package io.github.meteorjob.tck.contract;

import io.github.meteorjob.Job;
import io.github.meteorjob.ProcessJobs;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/** An invalid worker: {@code payload = 5} delivers batches, but the method observes a single {@link Job}. */
@ApplicationScoped
public class BadWorker {

    void wrongEventType(@Observes @ProcessJobs(collection = "tckBad", type = "bad", payload = 5) Job job) {
        // never called: the deployment must fail
    }
}
