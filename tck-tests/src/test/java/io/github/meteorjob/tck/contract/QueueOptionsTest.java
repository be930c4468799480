package io.github.meteorjob.tck.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;

import io.github.meteorjob.Collection;
import io.github.meteorjob.GetJobOptions;
import io.github.meteorjob.Job;
import io.github.meteorjob.JobCollection;
import io.github.meteorjob.JobStatus;
import io.github.meteorjob.tck.support.Deployments;
import jakarta.inject.Inject;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The {@code @ProcessJobs} options a plain {@code QueueOptions} queue has too: a local {@code timeout} (here set by
 * MicroProfile Config, {@code meteor-job.queue."tckOptions"."timed".timeout}) fails the job and interrupts the
 * observer; {@code pushTrigger} fetches a job as soon as the server publishes it, with polling off.
 */
@ExtendWith(ArquillianExtension.class)
class QueueOptionsTest {

    @Deployment
    static WebArchive deployment() {
        return Deployments.worker("options", Map.of("meteor-job.queue.\"tckOptions\".\"timed\".timeout", "500"),
                OptionWorkers.class, Recorder.class);
    }

    @Inject
    @Collection("tckOptions")
    JobCollection jobs;

    @Inject
    Recorder recorder;

    @Inject
    OptionWorkers workers;

    @Test
    void aWorkerOverItsTimeoutIsFailedAndInterrupted() {
        String id = jobs.createJob("timed", Map.of()).retry(0).saveAndWait();

        Job failed = awaitStatus(id, JobStatus.FAILED);
        assertThat(failed.failures()).hasSize(1);
        assertThat(failed.failures().get(0).message()).contains("worker timeout", "500 ms");
        await().atMost(Duration.ofSeconds(10)).until(() -> workers.interrupted().contains(id));
        assertThat(recorder.calls(id)).isEqualTo(1);
    }

    @Test
    void thePushTriggerFetchesWithoutPolling() {
        // the first job proves the queue runs (its start-up fetch may be what finds it)
        String first = jobs.createJob("pushed", Map.of()).saveAndWait();
        awaitStatus(first, JobStatus.COMPLETED);
        // the fetch that follows a finished job is over well within a second; after it only a push can fetch
        await().pollDelay(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(2)).until(() -> true);
        String id = jobs.createJob("pushed", Map.of()).saveAndWait();

        awaitStatus(id, JobStatus.COMPLETED);
        assertThat(recorder.calls(id)).isEqualTo(1);
    }

    private Job awaitStatus(String id, JobStatus status) {
        await().atMost(Duration.ofSeconds(30)).until(
                () -> jobs.getJobAndWait(id).map(Job::status).orElse(null) == status);
        return jobs.getJob(id, new GetJobOptions(true, true)).toCompletableFuture().join().orElseThrow();
    }
}
