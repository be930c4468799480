package io.github.meteorjob.tck.contract;

import static io.github.meteorjob.tck.support.JobWaits.TIMEOUT;
import static io.github.meteorjob.tck.support.JobWaits.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.github.meteorjob.Collection;
import io.github.meteorjob.JobCollection;
import io.github.meteorjob.JobStatus;
import io.github.meteorjob.tck.support.Deployments;
import jakarta.inject.Inject;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code payload > 1}: the observer receives batches of at most {@code payload} jobs, and every job is completed. */
@ExtendWith(ArquillianExtension.class)
class PayloadBatchTest {

    @Deployment
    static WebArchive deployment() {
        return Deployments.worker("batch", BatchWorkers.class, Recorder.class);
    }

    @Inject
    @Collection("tckBatch")
    JobCollection jobs;

    @Inject
    Recorder recorder;

    @Test
    void jobsArriveInBatchesAndAllComplete() {
        // all due at the same instant, so that the queue finds them ready together and has to batch them
        Instant due = Instant.now().plusSeconds(2);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            ids.add(jobs.createJob("mail", Map.of("n", i)).after(due).saveAndWait());
        }

        await().atMost(TIMEOUT).untilAsserted(() -> {
            for (String id : ids) {
                assertThat(status(jobs, id)).isEqualTo(JobStatus.COMPLETED);
            }
        });
        for (String id : ids) {
            assertThat(recorder.calls(id)).as("calls for " + id).isEqualTo(1);
        }
        assertThat(recorder.batchSizes()).allSatisfy(size -> assertThat(size).isBetween(1, 3));
        assertThat(recorder.batchSizes()).anySatisfy(size -> assertThat(size).isGreaterThan(1));
        assertThat(recorder.batchSizes()).as("seven jobs ready together fill at least one batch").contains(3);
        assertThat(recorder.batchSizes().stream().mapToInt(Integer::intValue).sum()).isEqualTo(7);
    }
}
