package io.github.meteorjob.tck.contract;

import java.util.concurrent.TimeUnit;

import io.github.meteorjob.Job;
import io.github.meteorjob.ProcessJobs;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/** A worker whose jobs take two seconds, one at a time. */
@ApplicationScoped
public class SlowWorker {

    void slow(@Observes @ProcessJobs(collection = "tckShutdown", type = "slow", pollInterval = 200) Job job)
            throws InterruptedException {
        job.log("started");
        // the work itself: long enough for the test to undeploy the application while it runs
        TimeUnit.SECONDS.sleep(2);
        job.log("finished");
    }
}
