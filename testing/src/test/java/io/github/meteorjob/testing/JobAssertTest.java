package io.github.meteorjob.testing;

import io.github.meteorjob.GetJobOptions;
import io.github.meteorjob.Job;
import io.github.meteorjob.JobCollection;
import io.github.meteorjob.JobStatus;
import io.github.meteorjob.ddp.DdpClient;
import io.github.meteorjob.ddp.DdpClientOptions;
import io.github.meteorjob.job.JobCollections;
import io.github.meteorjob.server.EmbeddedJobServer;
import jakarta.json.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static io.github.meteorjob.testing.JobAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The assertions on real jobs read back through the client from an embedded server. */
class JobAssertTest {

    @RegisterExtension
    static final JobServerExtension SERVER = new JobServerExtension();

    static DdpClient client;
    static JobCollection jobs;

    @BeforeAll
    static void connect() {
        client = DdpClient.create(DdpClientOptions.of(SERVER.server().url()));
        client.connect().toCompletableFuture().join();
        jobs = JobCollections.of(client, EmbeddedJobServer.DEFAULT_COLLECTION);
    }

    @AfterAll
    static void close() {
        client.close();
    }

    private Job read(String id) {
        return jobs.getJob(id, new GetJobOptions(true, true)).toCompletableFuture().join().orElseThrow();
    }

    @Test
    void passesOnAMatchingJob() {
        String id = JobDocument.of("ok").data(Json.createObjectBuilder().add("to", "ada").build())
                .saveTo(SERVER.server(), EmbeddedJobServer.DEFAULT_COLLECTION);
        assertThat(read(id)).hasStatus(JobStatus.READY).hasType("ok")
                .hasData(Json.createObjectBuilder().add("to", "ada").build())
                .hasRetried(0).hasFailureCount(0).hasLogMessageContaining("Constructed");
    }

    @Test
    void failsNamingTheJobAndWhatDiffers() {
        String id = JobDocument.of("bad").saveTo(SERVER.server(), EmbeddedJobServer.DEFAULT_COLLECTION);
        Job job = read(id);
        assertThatThrownBy(() -> assertThat(job).hasStatus(JobStatus.COMPLETED))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("job bad/" + id).hasMessageContaining("<COMPLETED>").hasMessageContaining("<READY>");
        assertThatThrownBy(() -> assertThat(job).hasType("good"))
                .isInstanceOf(AssertionError.class)
                .hasMessage("Expected job bad/" + id + " to have type <good> but was <bad>");
        assertThatThrownBy(() -> assertThat(job).hasRetried(2))
                .isInstanceOf(AssertionError.class)
                .hasMessage("Expected job bad/" + id + " to have been retried <2> times but was <0>");
        assertThatThrownBy(() -> assertThat(job).hasData(Json.createObjectBuilder().add("to", "ada").build()))
                .isInstanceOf(AssertionError.class).hasMessageContaining("to have data <{\"to\":\"ada\"}> but was <{\"n\":1}>");
        assertThatThrownBy(() -> assertThat(job).hasLastFailureMessageContaining("boom"))
                .isInstanceOf(AssertionError.class).hasMessageContaining("no failures");
        assertThatThrownBy(() -> assertThat(job).hasLogMessageContaining("greeting"))
                .isInstanceOf(AssertionError.class).hasMessageContaining("Constructed");
    }
}
