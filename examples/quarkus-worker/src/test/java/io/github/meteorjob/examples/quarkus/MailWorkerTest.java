package io.github.meteorjob.examples.quarkus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.github.meteorjob.Collection;
import io.github.meteorjob.GetJobOptions;
import io.github.meteorjob.Job;
import io.github.meteorjob.JobCollection;
import io.github.meteorjob.JobStatus;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/**
 * The Quarkus application against a real embedded job server: jobs saved through the injected
 * {@code @Collection JobCollection} are completed by the worker that the build-compatible extension discovered, and
 * a worker exception fails the job with its message.
 */
@QuarkusTest
@QuarkusTestResource(JobServerResource.class)
class MailWorkerTest {

    @Inject
    @Collection("quarkusJobs")
    JobCollection jobs;

    @Test
    void savedJobsAreCompletedByTheDiscoveredWorker() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(jobs.createJob("sendEmail", Map.of("to", "user" + i + "@example.com")).saveAndWait());
        }

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            for (String id : ids) {
                assertThat(status(id)).isEqualTo(JobStatus.COMPLETED);
            }
        });
        // the server agrees
        assertThat(JobServerResource.server.collection("quarkusJobs").job(ids.get(0)))
                .hasValueSatisfying(doc -> assertThat(doc.getString("status")).isEqualTo("completed"));
    }

    @Test
    void workerExceptionFailsTheJob() {
        String id = jobs.createJob("sendEmail", Map.of("to", "nobody")).saveAndWait();

        await().atMost(Duration.ofSeconds(30)).until(() -> status(id) == JobStatus.FAILED);
        Job failed = jobs.getJob(id, new GetJobOptions(false, true)).toCompletableFuture().join().orElseThrow();
        assertThat(failed.failures().get(0).message()).contains("not an e-mail address: nobody");
    }

    private JobStatus status(String id) {
        return jobs.getJobAndWait(id).map(Job::status).orElse(null);
    }
}
