package io.github.meteorjob.it.client;

import io.github.meteorjob.Job;
import io.github.meteorjob.JobCollection;
import io.github.meteorjob.JobQueue;
import io.github.meteorjob.JobStatus;
import io.github.meteorjob.LeaseLostException;
import io.github.meteorjob.QueueOptions;
import io.github.meteorjob.RetryOptions;
import io.github.meteorjob.ShutdownLevel;
import io.github.meteorjob.ddp.DdpClient;
import io.github.meteorjob.ddp.DdpClientOptions;
import io.github.meteorjob.job.JobCollections;
import io.github.meteorjob.server.EmbeddedJobServer;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The worker's lease against the embedded server: a cut-off worker's job comes back, a live worker keeps its
 * job past the lease, and a done() after the lease was lost is reported, not taken for success.
 */
class LeaseEndToEndTest {

    private static final String ROOT = "lease";
    private static final Duration LEASE = Duration.ofSeconds(2);

    private EmbeddedJobServer server;
    private DdpClient creatorClient;
    private JobCollection creator;
    private final List<DdpClient> clients = new CopyOnWriteArrayList<>();
    private final List<JobQueue> queues = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() {
        server = EmbeddedJobServer.builder().host("127.0.0.1").collection(ROOT).start();
        creatorClient = connect();
        creator = JobCollections.of(creatorClient, ROOT);
    }

    @AfterEach
    void stop() throws Exception {
        for (JobQueue q : queues) {
            q.shutdown(ShutdownLevel.HARD).toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
        clients.forEach(DdpClient::close);
        server.close();
    }

    private DdpClient connect() {
        DdpClient c = DdpClient.create(DdpClientOptions.of(server.url()));
        get(c.connect());
        clients.add(c);
        return c;
    }

    private JobQueue worker(DdpClient client, String type, QueueOptions options, io.github.meteorjob.Worker w) {
        JobQueue q = JobCollections.of(client, ROOT).processJobs(type, options.withPollInterval(Duration.ofMillis(100)), w);
        queues.add(q);
        return q;
    }

    private JsonObject doc(String id) {
        return server.collection(ROOT).job(id).orElseThrow();
    }

    private String status(String id) {
        return doc(id).getString("status");
    }

    private static <T> T get(CompletionStage<T> stage) {
        try {
            return stage.toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static void waitFor(CountDownLatch latch) {
        try {
            if (!latch.await(10, TimeUnit.SECONDS)) {
                throw new AssertionError("latch not released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @Test
    void aWorkerCutOffMidJobLosesItsLeaseAndTheJobWithRetriesLeftIsReadyAgain() {
        String id = creator.createJob("crunch", Map.of("n", 1))
                .retry(RetryOptions.retries(3).withWait(Duration.ZERO)).saveAndWait();
        DdpClient workerClient = connect();
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        worker(workerClient, "crunch", QueueOptions.defaults().withWorkTimeout(LEASE), job -> {
            started.countDown();
            waitFor(release);
        });
        waitFor(started);
        assertThat(status(id)).isEqualTo("running");

        // the worker's link is gone mid-job (as when its process dies): nobody tells the server
        long cut = System.nanoTime();
        workerClient.close();
        await().atMost(LEASE.plusSeconds(5)).pollInterval(Duration.ofMillis(20)).until(() -> status(id).equals("ready"));
        long backMs = (System.nanoTime() - cut) / 1_000_000;
        release.countDown();

        // not before the lease could have lapsed: the last renewal was at most a third of it before the cut
        assertThat(backMs).isGreaterThanOrEqualTo(LEASE.toMillis() * 2 / 3 - 100);
        assertThat(doc(id).getJsonArray("failures").getJsonObject(0).getString("value"))
                .isEqualTo("Failed for exceeding worker set workTimeout");

        // any other worker now gets it and completes it
        worker(connect(), "crunch", QueueOptions.defaults(), Job::done);
        await().atMost(Duration.ofSeconds(10)).until(() -> status(id).equals("completed"));
    }

    @Test
    void withoutRetriesLeftTheExpiredJobFails() {
        // meteor-job's default: one run and no retry
        String id = creator.createJob("once", Map.of()).saveAndWait();
        DdpClient workerClient = connect();
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        worker(workerClient, "once", QueueOptions.defaults().withWorkTimeout(LEASE), job -> {
            started.countDown();
            waitFor(release);
        });
        waitFor(started);
        workerClient.close();
        await().atMost(LEASE.plusSeconds(5)).until(() -> status(id).equals("failed"));
        release.countDown();
    }

    @Test
    void aJobLongerThanItsLeaseCompletesBecauseTheQueueRenewsTheLease() {
        Duration lease = Duration.ofSeconds(1);
        String id = creator.createJob("long", Map.of()).saveAndWait();
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicReference<Boolean> done = new AtomicReference<>();
        worker(connect(), "long", QueueOptions.defaults().withWorkTimeout(lease), job -> {
            started.countDown();
            waitFor(release);
            done.set(get(job.done()).completed());
        });
        waitFor(started);
        long t0 = System.nanoTime();
        // three leases long, and still running: every renewal arrived in time
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).until(() -> {
            assertThat(status(id)).isEqualTo("running");
            return System.nanoTime() - t0 > lease.toNanos() * 3;
        });
        release.countDown();
        await().atMost(Duration.ofSeconds(10)).until(() -> status(id).equals("completed"));
        assertThat(done.get()).isTrue();
        assertThat(doc(id).containsKey("failures") ? doc(id).getJsonArray("failures") : List.of()).isEmpty();
    }

    @Test
    void aLateDoneAfterTheLeaseLapsedFailsWithLeaseLostAndOneWarning() {
        String id = creator.createJob("late", Map.of("secret", "s3cret-data"))
                .retry(RetryOptions.retries(3).withWait(Duration.ofMinutes(10))).saveAndWait();
        List<LogRecord> warnings = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override public void publish(LogRecord r) {
                if (r.getLevel().intValue() >= Level.WARNING.intValue()) {
                    warnings.add(r);
                }
            }
            @Override public void flush() { }
            @Override public void close() { }
        };
        Logger queueLog = Logger.getLogger("io.github.meteorjob.job.internal.DefaultJobQueue");
        queueLog.addHandler(capture);
        try {
            List<Throwable> reported = new CopyOnWriteArrayList<>();
            AtomicReference<Throwable> outcome = new AtomicReference<>();
            CountDownLatch finished = new CountDownLatch(1);
            // a 1 s lease that nothing renews: the worker stalls past it
            QueueOptions options = QueueOptions.defaults().withWorkTimeout(Duration.ofSeconds(1))
                    .withAutoExtend(Duration.ZERO).withErrorHandler(reported::add);
            worker(connect(), "late", options, job -> {
                await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
                        .until(() -> !status(id).equals("running"));
                try {
                    get(job.done());
                } catch (AssertionError e) {
                    outcome.set(e.getCause().getCause());
                } finally {
                    finished.countDown();
                }
            });
            waitFor(finished);

            assertThat(outcome.get()).isInstanceOf(LeaseLostException.class);
            LeaseLostException lost = (LeaseLostException) outcome.get();
            assertThat(lost.jobId()).isEqualTo(id);
            assertThat(lost.collection()).isEqualTo(ROOT);
            assertThat(lost.type()).isEqualTo("late");
            assertThat(lost.operation()).isEqualTo("done");
            assertThat(lost.getMessage()).contains("no longer running");
            // the server kept the expiry, not the late done
            assertThat(status(id)).isEqualTo("waiting");

            await().atMost(Duration.ofSeconds(5)).until(() -> !warnings.isEmpty());
            assertThat(warnings).singleElement().satisfies(r -> assertThat(r.getMessage())
                    .contains(id, "'late'", "'" + ROOT + "'", "lease").doesNotContain("s3cret-data"));
            assertThat(reported).isEmpty();
        } finally {
            queueLog.removeHandler(capture);
        }
    }
}
