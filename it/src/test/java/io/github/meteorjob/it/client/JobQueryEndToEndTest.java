package io.github.meteorjob.it.client;

import io.github.meteorjob.DdpException;
import io.github.meteorjob.Job;
import io.github.meteorjob.JobCollection;
import io.github.meteorjob.JobCounts;
import io.github.meteorjob.JobEvent;
import io.github.meteorjob.JobFilter;
import io.github.meteorjob.JobPageResult;
import io.github.meteorjob.JobSort;
import io.github.meteorjob.JobStatus;
import io.github.meteorjob.PageRequest;
import io.github.meteorjob.ddp.DdpClient;
import io.github.meteorjob.ddp.DdpClientOptions;
import io.github.meteorjob.job.JobCollections;
import io.github.meteorjob.server.EmbeddedJobServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The Java job query API ({@code findJobs}, {@code countJobs}) and issue 12's gaps ({@code stopJobs()},
 * {@code readyJobs(ids)}, a refused {@code watch}) against the embedded server over real DDP.
 */
class JobQueryEndToEndTest {

    private EmbeddedJobServer server;
    private DdpClient client;

    private JobCollection connect(EmbeddedJobServer.Builder builder, String root) {
        server = builder.start();
        client = DdpClient.create(DdpClientOptions.of(server.url()));
        get(client.connect());
        return JobCollections.of(client, root);
    }

    @AfterEach
    void stop() {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private static <T> T get(java.util.concurrent.CompletionStage<T> stage) {
        try {
            return stage.toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void findsPagesAndCountsJobs() {
        JobCollection jobs = connect(EmbeddedJobServer.builder(), "queue");
        List<String> mail = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            mail.add(jobs.createJob("email", Map.of("n", i)).saveAndWait());
        }
        String sms = jobs.createJob("sms", Map.of()).saveAndWait();
        get(jobs.pauseJobs(List.of(sms)));

        JobPageResult first = jobs.findJobsAndWait(JobFilter.ALL.withTypes("email"),
                PageRequest.first(2).sortedBy(JobSort.CREATED, false));
        assertThat(first.total()).isEqualTo(5);
        assertThat(first.jobs()).extracting(Job::id).containsExactly(mail.get(0), mail.get(1));
        assertThat(first.hasNext()).isTrue();
        JobPageResult last = jobs.findJobsAndWait(JobFilter.ALL.withTypes("email"),
                first.page().next().next());
        assertThat(last.jobs()).extracting(Job::id).containsExactly(mail.get(4));
        assertThat(last.hasNext()).isFalse();
        assertThat(last.jobs().get(0).data().getInt("n")).isEqualTo(4);

        JobPageResult paused = jobs.findJobsAndWait(JobFilter.ALL.withStatuses(JobStatus.PAUSED).withText("SM"), PageRequest.FIRST);
        assertThat(paused.jobs()).extracting(Job::id).containsExactly(sms);

        JobCounts counts = jobs.countJobsAndWait(JobFilter.ALL);
        assertThat(counts.total()).isEqualTo(6);
        assertThat(counts.count("email", JobStatus.READY)).isEqualTo(5);
        assertThat(counts.count(JobStatus.PAUSED)).isEqualTo(1);
    }

    @Test
    void aServerWithoutTheExtensionIsNamedAsSuch() {
        JobCollection jobs = connect(EmbeddedJobServer.builder().queryExtension(false), "queue");
        assertThatThrownBy(() -> jobs.findJobsAndWait(JobFilter.ALL, PageRequest.FIRST))
                .hasStackTraceContaining("this server has no job query extension")
                .hasStackTraceContaining("job-collection lacks it");
        CompletableFuture<JobCounts> counts = jobs.countJobs(JobFilter.ALL).toCompletableFuture();
        assertThatThrownBy(counts::join).isInstanceOf(CompletionException.class)
                .cause().isInstanceOfSatisfying(DdpException.class, e -> assertThat(e.errorCode()).isEqualTo(404));
    }

    @Test
    void aWatchWhosePublicationIsMissingReportsIt() {
        connect(EmbeddedJobServer.builder(), "queue");
        JobCollection other = JobCollections.of(client, "other"); // the server publishes no other.jobs
        CompletableFuture<Throwable> error = new CompletableFuture<>();
        List<JobEvent> events = new ArrayList<>();
        try (AutoCloseable w = other.watch(Set.of(), Set.of(), events::add, error::complete)) {
            Throwable e = get(error);
            assertThat(e).isInstanceOf(DdpException.class).hasMessageContaining("publishes no 'other.jobs'");
            assertThat(events).isEmpty();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aWatchThatWorksReportsNoError() throws Exception {
        JobCollection jobs = connect(EmbeddedJobServer.builder(), "queue");
        List<JobEvent> events = new java.util.concurrent.CopyOnWriteArrayList<>();
        CompletableFuture<Throwable> error = new CompletableFuture<>();
        try (AutoCloseable w = jobs.watch(Set.of("email"), Set.of(), events::add, error::complete)) {
            String id = jobs.createJob("email", Map.of()).saveAndWait();
            await().atMost(Duration.ofSeconds(10)).until(() -> events.stream().anyMatch(e -> e.id().equals(id)));
        }
        assertThat(error).isNotDone();
    }

    @Test
    @SuppressWarnings("deprecation")
    void stopJobsWithoutTimeoutAndReadyJobsWithoutOptions() {
        JobCollection jobs = connect(EmbeddedJobServer.builder(), "queue");
        assertThat(get(jobs.stopJobs())).isTrue(); // stopped: nothing is promoted on time any more
        assertThat(server.collection().isStarted()).isFalse();
        java.time.Instant after = java.time.Instant.now().plus(Duration.ofMillis(300));
        String id = jobs.createJob("email", Map.of()).after(after).saveAndWait();
        await().atMost(Duration.ofSeconds(10)).until(() -> java.time.Instant.now().isAfter(after.plusMillis(50)));
        assertThat(get(jobs.getJob(id)).orElseThrow().status()).isEqualTo(JobStatus.WAITING);
        assertThat(get(jobs.readyJobs(List.of(id)))).isTrue();
        assertThat(get(jobs.getJob(id)).orElseThrow().status()).isEqualTo(JobStatus.READY);
    }
}
