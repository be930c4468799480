package io.github.meteorjob.tck.contract;

import static io.github.meteorjob.tck.support.JobWaits.awaitStatus;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import io.github.meteorjob.Collection;
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

/** {@code @ObservesAsync @ProcessJobs}: the job is done when the asynchronous observer returns, failed when it throws. */
@ExtendWith(ArquillianExtension.class)
class AsyncObserverTest {

    @Deployment
    static WebArchive deployment() {
        return Deployments.worker("async", AsyncWorkers.class, Recorder.class);
    }

    @Inject
    @Collection("tckAsync")
    JobCollection jobs;

    @Inject
    Recorder recorder;

    @Test
    void asyncObserverCompletesTheJob() {
        String id = jobs.createJob("ok", Map.of("n", "1")).saveAndWait();

        Job done = awaitStatus(jobs, id, JobStatus.COMPLETED);
        assertThat(recorder.calls(id)).isEqualTo(1);
        assertThat(done.log()).anySatisfy(e -> assertThat(e.message()).isEqualTo("async 1"));
    }

    @Test
    void asyncObserverExceptionFailsTheJob() {
        String id = jobs.createJob("fails", Map.of("n", "2")).saveAndWait();

        Job failed = awaitStatus(jobs, id, JobStatus.FAILED);
        assertThat(failed.failures()).singleElement()
                .satisfies(f -> {
                    assertThat(f.message()).contains("async failure 2");
                    assertThat(f.error().getString("exception")).isEqualTo(IllegalStateException.class.getName());
                    assertThat(f.error().getString("message")).isEqualTo("async failure 2");
                });
        assertThat(recorder.calls(id)).isEqualTo(1);
    }
}
