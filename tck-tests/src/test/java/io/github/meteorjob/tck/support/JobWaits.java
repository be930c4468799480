package io.github.meteorjob.tck.support;

import static org.awaitility.Awaitility.await;

import java.time.Duration;

import io.github.meteorjob.GetJobOptions;
import io.github.meteorjob.Job;
import io.github.meteorjob.JobCollection;
import io.github.meteorjob.JobStatus;

/** Waiting on job states through the application's own {@link JobCollection} (in-container). */
public final class JobWaits {

    public static final Duration TIMEOUT = Duration.ofSeconds(45);

    private JobWaits() {
    }

    public static JobStatus status(JobCollection jobs, String id) {
        return jobs.getJobAndWait(id).map(Job::status).orElse(null);
    }

    /** Waits until the job has {@code status}, then returns it with log and failures. */
    public static Job awaitStatus(JobCollection jobs, String id, JobStatus status) {
        await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(200)).until(() -> status(jobs, id) == status);
        return jobs.getJob(id, new GetJobOptions(true, true)).toCompletableFuture().join().orElseThrow();
    }
}
