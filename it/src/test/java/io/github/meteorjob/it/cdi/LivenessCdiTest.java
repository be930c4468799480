package io.github.meteorjob.it.cdi;

import io.github.meteorjob.Job;
import io.github.meteorjob.JobCollection;
import io.github.meteorjob.JobExecutor;
import io.github.meteorjob.ProcessJobs;
import io.github.meteorjob.Collection;
import io.github.meteorjob.cdi.internal.MeteorJobRuntime;
import io.github.meteorjob.testing.JobServerExtension;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.enterprise.inject.se.SeContainer;
import jakarta.json.Json;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The liveness check in Weld SE against the embedded server: UP while the queue works and while it is merely
 * disconnected (that is readiness), DOWN with the stuck part named when the workers' executor stalls or is shut down.
 */
class LivenessCdiTest {

    static final String ROOT = "livePile";
    /** Short, so the tests need not wait the default minute; the queue polls every 50 ms. */
    static final long STALL_AFTER_MS = 400;

    /** The workers' executor, one thread; set per test before the container starts. */
    static volatile ExecutorService pool;
    static final List<String> worked = new CopyOnWriteArrayList<>();

    /** A server per test (an instance field): one test stops it. */
    @RegisterExtension
    final JobServerExtension jobs = new JobServerExtension(b -> b.collection(ROOT));

    @BeforeEach
    void start() {
        worked.clear();
        pool = Executors.newSingleThreadExecutor(r -> new Thread(r, "liveness-test-executor"));
    }

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    @ApplicationScoped
    static class Worker {
        void work(@Observes @ProcessJobs(collection = ROOT, type = "work", pollInterval = 50) Job job) {
            worked.add(job.id());
        }
    }

    @ApplicationScoped
    static class TestExecutor {
        @Produces
        @JobExecutor
        java.util.concurrent.Executor executor() {
            return pool;
        }
    }

    private Containers.Config config() {
        return Containers.config().set("meteor-job.url", jobs.server().url())
                .set("meteor-job.reconnect-delay", 100)
                .set("meteor-job.health.liveness.stall-after", STALL_AFTER_MS);
    }

    private static HealthCheckResponse liveness(SeContainer c) {
        return c.select(HealthCheck.class, Liveness.Literal.INSTANCE).get().call();
    }

    private static String reason(HealthCheckResponse r) {
        return String.valueOf(r.getData().orElseThrow().get("reason"));
    }

    private static String save(SeContainer c) {
        JobCollection jc = c.select(JobCollection.class, Collection.Literal.of(ROOT)).get();
        return jc.createJob("work", Json.createObjectBuilder().build()).retry(0).saveAndWait();
    }

    @Test
    void upWhileWorkingAndWhileMerelyDisconnected() {
        try (Containers.Config config = config(); SeContainer c = config.start(Worker.class, TestExecutor.class)) {
            MeteorJobRuntime runtime = c.select(MeteorJobRuntime.class).get();
            await().atMost(Duration.ofSeconds(15)).until(() -> runtime.isConnected() && !runtime.queues().isEmpty());
            String id = save(c);
            await().atMost(Duration.ofSeconds(15)).until(() -> worked.contains(id));
            HealthCheckResponse live = liveness(c);
            assertThat(live.getName()).isEqualTo("meteor-job");
            assertThat(live.getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
            assertThat(live.getData().orElseThrow()).containsEntry("queue " + ROOT + "/work", "live");

            // the server goes away: not ready, but nothing a restart would fix, so still live
            jobs.server().close();
            await().atMost(Duration.ofSeconds(15)).until(() -> !runtime.isConnected());
            assertThat(c.select(HealthCheck.class, Readiness.Literal.INSTANCE).get().call().getStatus())
                    .isEqualTo(HealthCheckResponse.Status.DOWN);
            // longer than the stall limit, so a loop that stopped while disconnected would show
            long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(3 * STALL_AFTER_MS);
            while (System.nanoTime() < until) {
                assertThat(liveness(c).getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
                await().pollDelay(Duration.ofMillis(100)).until(() -> true);
            }
        }
    }

    @Test
    void downWhenTheExecutorsThreadsAreAllBlockedAndUpOnceTheyAreFree() throws InterruptedException {
        CountDownLatch release = new CountDownLatch(1);
        try (Containers.Config config = config(); SeContainer c = config.start(Worker.class, TestExecutor.class)) {
            MeteorJobRuntime runtime = c.select(MeteorJobRuntime.class).get();
            await().atMost(Duration.ofSeconds(15)).until(() -> runtime.isConnected() && !runtime.queues().isEmpty());
            // the executor's only thread is taken by something else and never comes back on its own
            pool.execute(() -> {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            String id = save(c);
            await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
                HealthCheckResponse r = liveness(c);
                assertThat(r.getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
                assertThat(reason(r)).contains("queue " + ROOT + "/work", "waited", "for a thread of its executor",
                        "limit " + STALL_AFTER_MS + " ms");
            });
            assertThat(worked).doesNotContain(id);

            release.countDown();
            await().atMost(Duration.ofSeconds(15)).until(() -> worked.contains(id));
            await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                    assertThat(liveness(c).getStatus()).isEqualTo(HealthCheckResponse.Status.UP));
        } finally {
            release.countDown();
        }
    }

    @Test
    void downWhenTheExecutorIsShutDownWhileTheQueueRuns() {
        try (Containers.Config config = config(); SeContainer c = config.start(Worker.class, TestExecutor.class)) {
            MeteorJobRuntime runtime = c.select(MeteorJobRuntime.class).get();
            await().atMost(Duration.ofSeconds(15)).until(() -> runtime.isConnected() && !runtime.queues().isEmpty());
            assertThat(liveness(c).getStatus()).isEqualTo(HealthCheckResponse.Status.UP);

            pool.shutdown();
            HealthCheckResponse r = liveness(c);
            assertThat(r.getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
            assertThat(reason(r)).contains("queue " + ROOT + "/work", "executor is shut down");
            assertThat(runtime.isConnected()).isTrue();
        }
    }
}
