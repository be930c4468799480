package io.github.meteorjob.it.cdi;

import io.github.meteorjob.Collection;
import io.github.meteorjob.Job;
import io.github.meteorjob.JobCollection;
import io.github.meteorjob.ProcessJobs;
import io.github.meteorjob.cdi.internal.MeteorJobRuntime;
import io.github.meteorjob.server.EmbeddedJobServer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.se.SeContainer;
import jakarta.json.Json;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The lease of {@code @ProcessJobs} queues: renewed while the observer runs, and a lost run is reported. */
class LeaseCdiTest {

    static final String ROOT = "leasePile";

    static volatile ServerJobs jobs;
    static volatile CountDownLatch release;

    private EmbeddedJobServer server;

    @BeforeEach
    void startServer() {
        server = EmbeddedJobServer.builder().host("127.0.0.1").collection(ROOT).start();
        jobs = new ServerJobs(server, ROOT);
        release = new CountDownLatch(1);
    }

    @AfterEach
    void stopServer() {
        release.countDown();
        server.close();
    }

    /** A 1 s lease that only the observer could renew, and it does not: it stalls until the server takes the job back. */
    @ApplicationScoped
    static class Staller {
        void work(@Observes @ProcessJobs(collection = ROOT, type = "stall", pollInterval = 100, workTimeout = 1000,
                autoExtend = false) Job job) {
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
                    .until(() -> !jobs.status(job.id()).equals("running"));
            // returns normally: the runtime sends done(), which the server refuses
        }
    }

    /** Waits for the test; its lease comes from configuration. */
    @ApplicationScoped
    static class Slow {
        void work(@Observes @ProcessJobs(collection = ROOT, type = "slow", pollInterval = 100, autoExtend = false) Job job)
                throws InterruptedException {
            release.await(20, TimeUnit.SECONDS);
        }
    }

    private static JobCollection collection(SeContainer c) {
        return c.select(JobCollection.class, Collection.Literal.of(ROOT)).get();
    }

    @Test
    void anObserverThatOutlivesItsLeaseIsReportedNotCompleted() {
        List<LogRecord> warnings = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override public void publish(LogRecord r) {
                if (r.getLevel().intValue() >= Level.WARNING.intValue() && r.getMessage().contains("lease lost")) {
                    warnings.add(r);
                }
            }
            @Override public void flush() { }
            @Override public void close() { }
        };
        Logger queueLog = Logger.getLogger("io.github.meteorjob.job.internal.DefaultJobQueue");
        queueLog.addHandler(capture);
        try (Containers.Config config = Containers.config().set("meteor-job.url", server.url());
             SeContainer c = config.start(Staller.class)) {
            String id = collection(c).createJob("stall", Json.createObjectBuilder().add("card", "4111-secret").build())
                    .saveAndWait();
            await().atMost(Duration.ofSeconds(15)).until(() -> !warnings.isEmpty());
            assertThat(warnings).singleElement().satisfies(r -> assertThat(r.getMessage())
                    .contains(id, "'stall'", "'" + ROOT + "'", "done()").doesNotContain("4111-secret"));
            // the expiry stands: the late done() changed nothing
            assertThat(jobs.status(id)).isEqualTo("failed");
            assertThat(jobs.lastFailure(id).getString("value")).isEqualTo("Failed for exceeding worker set workTimeout");
        } finally {
            queueLog.removeHandler(capture);
        }
    }

    @Test
    void configuredLeaseAndAutoExtendKeepALongObserverItsJob() {
        try (Containers.Config config = Containers.config().set("meteor-job.url", server.url())
                .queue(ROOT, "slow", "work-timeout", 1000)
                .queue(ROOT, "slow", "auto-extend", true);
             SeContainer c = config.start(Slow.class)) {
            MeteorJobRuntime runtime = c.select(MeteorJobRuntime.class).get();
            String id = collection(c).createJob("slow", Json.createObjectBuilder().build()).saveAndWait();
            await().atMost(Duration.ofSeconds(10)).until(() -> jobs.status(id).equals("running"));
            assertThat(runtime.queues().get(ROOT + "/slow").options().effectiveAutoExtend()).isEqualTo(Duration.ofMillis(333));
            long t0 = System.nanoTime();
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).until(() -> {
                assertThat(jobs.status(id)).isEqualTo("running");
                return System.nanoTime() - t0 > Duration.ofSeconds(3).toNanos();
            });
            release.countDown();
            await().atMost(Duration.ofSeconds(10)).until(() -> jobs.status(id).equals("completed"));
        }
    }
}
