package io.github.meteorjob.tck.contract;

import static io.github.meteorjob.tck.support.JobWaits.TIMEOUT;
import static io.github.meteorjob.tck.support.JobWaits.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
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

/**
 * MicroProfile Config wins over annotation values: {@code meteor-job.queue."<collection>"."<type>".<option>} from the
 * application's {@code microprofile-config.properties}.
 */
@ExtendWith(ArquillianExtension.class)
class ConfigOverrideTest {

    @Deployment
    static WebArchive deployment() {
        return Deployments.worker("config", Map.of(
                        "meteor-job.queue.\"tckConfig\".\"slow\".concurrency", "3",
                        "meteor-job.queue.\"tckConfig\".\"off\".enabled", "false"),
                ConfigWorkers.class, Recorder.class);
    }

    @Inject
    @Collection("tckConfig")
    JobCollection jobs;

    @Inject
    Recorder recorder;

    @Test
    void configuredConcurrencyWinsOverTheAnnotation() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add(jobs.createJob("slow", Map.of("n", i)).saveAndWait());
        }

        await().atMost(TIMEOUT).untilAsserted(() -> {
            for (String id : ids) {
                assertThat(status(jobs, id)).isEqualTo(JobStatus.COMPLETED);
            }
        });
        assertThat(recorder.maxRunning()).isEqualTo(3);
    }

    @Test
    void queueDisabledByConfigurationFetchesNothing() {
        String id = jobs.createJob("off", Map.of()).saveAndWait();

        // several poll intervals pass; the job stays ready and the worker is never called
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
                .until(() -> status(jobs, id) == JobStatus.READY && recorder.calls(id) == 0);
    }
}
