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

/**
 * Interceptors on the user's observer method apply: MicroProfile Fault Tolerance (SmallRye on Weld SE, the
 * container's own on Open Liberty and Payara) retries a {@code @ProcessJobs} method before the library sees its
 * outcome, so a transient failure never reaches the job, and a lasting one fails it once.
 */
@ExtendWith(ArquillianExtension.class)
class FaultToleranceTest {

    @Deployment
    static WebArchive deployment() {
        return Deployments.worker("fault-tolerance", FlakyWorker.class, Recorder.class);
    }

    @Inject
    @Collection("tckFt")
    JobCollection jobs;

    @Inject
    Recorder recorder;

    @Test
    void retriedObserverCompletesTheJobWithoutAFailure() {
        String id = jobs.createJob("flaky", Map.of()).saveAndWait();

        Job done = awaitStatus(jobs, id, JobStatus.COMPLETED);
        assertThat(recorder.calls(id)).isEqualTo(3);
        assertThat(done.failures()).isEmpty();
        assertThat(done.log()).anySatisfy(e -> assertThat(e.message()).isEqualTo("succeeded on attempt 3"));
    }

    @Test
    void exhaustedRetriesFailTheJobOnce() {
        String id = jobs.createJob("hopeless", Map.of()).saveAndWait();

        Job failed = awaitStatus(jobs, id, JobStatus.FAILED);
        assertThat(recorder.calls(id)).isEqualTo(2);
        assertThat(failed.failures()).singleElement()
                .satisfies(f -> assertThat(f.message()).contains("still failing, attempt 2"));
    }
}
