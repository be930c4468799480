package io.github.meteorjob.it.client;

import io.github.meteorjob.Job;
import io.github.meteorjob.JobQueue;
import io.github.meteorjob.QueueOptions;
import io.github.meteorjob.ShutdownLevel;
import io.github.meteorjob.ddp.DdpClient;
import io.github.meteorjob.ddp.DdpClientOptions;
import io.github.meteorjob.job.internal.DefaultJobCollection;
import io.github.meteorjob.job.internal.DefaultJobQueue;
import io.github.meteorjob.job.internal.Dispatch;
import io.github.meteorjob.job.internal.JobOutcome;
import io.github.meteorjob.observability.Observability;
import io.github.meteorjob.testing.JobServerExtension;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.json.Json;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code meteor_job.ddp.call.duration} against the embedded job server: every method call on the connection is
 * measured once, by method and outcome, the manager's and the application's as well as the queue's own.
 */
class DdpCallMetricsEndToEndTest {

    static final String ROOT = "callPile";
    static final String CALLS = "meteor_job.ddp.call.duration";

    @RegisterExtension
    static final JobServerExtension jobs = new JobServerExtension(b -> b.collection(ROOT));

    private DdpClient client;
    private JobQueue queue;
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @BeforeEach
    void start() {
        client = DdpClient.create(DdpClientOptions.of(jobs.server().url()));
        client.connect().toCompletableFuture().join();
    }

    @AfterEach
    void stop() throws Exception {
        if (queue != null) {
            queue.shutdown(ShutdownLevel.HARD).toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
        client.close();
    }

    private long calls(String collection, String method, String outcome) {
        Timer t = registry.find(CALLS).tags("collection", collection, "method", method, "outcome", outcome).timer();
        return t == null ? 0 : t.count();
    }

    @Test
    void managerWorkerAndApplicationCallsAreEachMeasuredOnceByMethodAndOutcome() throws Exception {
        DefaultJobCollection jc = DefaultJobCollection.create(client, ROOT, Clock.systemUTC());
        queue = DefaultJobQueue.start(jc, List.of("t"), QueueOptions.defaults().withPollInterval(Duration.ofMillis(100)),
                Dispatch.single(Job::done), JobOutcome.Policy.EXPLICIT, Observability.of(null, registry));

        String id = jc.createJob("t", Json.createObjectBuilder().add("n", 1).build()).saveAndWait();
        await().atMost(Duration.ofSeconds(15)).until(() -> calls(ROOT, "jobDone", "ok") == 1);
        assertThat(calls(ROOT, "jobSave", "ok")).isEqualTo(1);

        // manager calls, which no queue makes: measured all the same, under their own method names
        Job job = jc.getJob(id).toCompletableFuture().get(10, TimeUnit.SECONDS).orElseThrow();
        job.pause().toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertThat(calls(ROOT, "getJob", "ok")).isEqualTo(1);
        assertThat(calls(ROOT, "jobPause", "ok")).isEqualTo(1);

        // a call of the application's own, refused by the server: the full method name, no collection, an error
        assertThat(client.call("noSuchMethod", Json.createArrayBuilder().build()).toCompletableFuture()
                .handle((r, e) -> e).get(10, TimeUnit.SECONDS)).isNotNull();
        assertThat(calls("", "noSuchMethod", "error")).isEqualTo(1);

        // getWork once per call: the queue's own measurement no longer adds a second count
        queue.shutdown(ShutdownLevel.NORMAL).toCompletableFuture().get(10, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(
                calls(ROOT, "getWork", "ok") + calls(ROOT, "getWork", "error"))
                .isEqualTo(registry.find("meteor_job.get_work.duration").timers().stream().mapToLong(Timer::count).sum())
                .isPositive());
    }
}
