package io.github.meteorjob.tck.contract;

import io.github.meteorjob.Job;
import io.github.meteorjob.ProcessJobs;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.json.Json;

/** Synchronous {@code @ProcessJobs} observers as a user writes them. */
@ApplicationScoped
public class CompletionWorkers {

    @Inject
    Recorder recorder;

    /** Returns normally: the library completes the job. */
    void echo(@Observes @ProcessJobs(collection = "tckBasic", type = "echo", pollInterval = 500) Job job) {
        recorder.called(job.id());
        job.log("echo " + job.data().getString("text"));
    }

    /** Throws: the library fails the job with the exception. */
    void boom(@Observes @ProcessJobs(collection = "tckBasic", type = "boom", pollInterval = 500) Job job) {
        recorder.called(job.id());
        throw new IllegalStateException("boom: " + job.data().getString("why"));
    }

    /** Completes the job itself with a result: the library must not complete it again. */
    void self(@Observes @ProcessJobs(collection = "tckBasic", type = "self", pollInterval = 500) Job job) {
        recorder.called(job.id());
        job.done(Json.createObjectBuilder().add("answer", 42).build()).toCompletableFuture().join();
    }
}
