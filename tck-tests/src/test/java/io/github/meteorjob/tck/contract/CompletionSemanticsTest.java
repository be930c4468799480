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
import jakarta.json.JsonObject;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Observer discovery and completion semantics: a {@code @ProcessJobs} observer is found without any registration,
 * returning normally completes the job, throwing fails it with the exception's message, and a worker that completes
 * the job itself is not completed twice. Jobs are created through the injected {@code @Collection JobCollection}.
 */
@ExtendWith(ArquillianExtension.class)
class CompletionSemanticsTest {

    @Deployment
    static WebArchive deployment() {
        return Deployments.worker("completion", CompletionWorkers.class, Recorder.class);
    }

    @Inject
    @Collection("tckBasic")
    JobCollection jobs;

    @Inject
    Recorder recorder;

    @Test
    void returningNormallyCompletesTheJob() {
        String id = jobs.createJob("echo", Map.of("text", "hello")).saveAndWait();

        Job done = awaitStatus(id, JobStatus.COMPLETED);
        assertThat(recorder.calls(id)).isEqualTo(1);
        assertThat(done.log()).anySatisfy(entry -> assertThat(entry.message()).isEqualTo("echo hello"));
    }

    @Test
    void throwingFailsTheJobWithTheException() {
        String id = jobs.createJob("boom", Map.of("why", "no mailbox")).saveAndWait();

        Job failed = awaitStatus(id, JobStatus.FAILED);
        assertThat(recorder.calls(id)).isEqualTo(1);
        assertThat(failed.failures()).hasSize(1);
        assertThat(failed.failures().get(0).message()).contains("boom: no mailbox");
        // the failure is structured: exception class and message, no stack trace
        JsonObject error = failed.failures().get(0).error();
        assertThat(error.getString("exception")).isEqualTo(IllegalStateException.class.getName());
        assertThat(error.getString("message")).isEqualTo("boom: no mailbox");
        assertThat(error.toString()).doesNotContain("at io.github");
    }

    @Test
    void workerThatCompletesTheJobItselfKeepsItsResult() {
        String id = jobs.createJob("self", Map.of()).saveAndWait();

        Job done = awaitStatus(id, JobStatus.COMPLETED);
        assertThat(done.result().getInt("answer")).isEqualTo(42);
        assertThat(recorder.calls(id)).isEqualTo(1);
    }

    private Job awaitStatus(String id, JobStatus status) {
        await().atMost(Duration.ofSeconds(30)).until(
                () -> jobs.getJobAndWait(id).map(Job::status).orElse(null) == status);
        return jobs.getJob(id, new GetJobOptions(true, true)).toCompletableFuture().join().orElseThrow();
    }
}
