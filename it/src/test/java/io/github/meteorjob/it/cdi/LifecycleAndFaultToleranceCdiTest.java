package io.github.meteorjob.it.cdi;

import io.github.meteorjob.Collection;
import io.github.meteorjob.ConnectionEvent;
import io.github.meteorjob.Job;
import io.github.meteorjob.JobCollection;
import io.github.meteorjob.JobException;
import io.github.meteorjob.ProcessJobs;
import io.github.meteorjob.cdi.internal.MeteorJobRuntime;
import io.github.meteorjob.ddp.CallOptions;
import io.github.meteorjob.ddp.DdpClient;
import io.github.meteorjob.ddp.DdpTimeoutException;
import io.github.meteorjob.server.EmbeddedJobServer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.ObservesAsync;
import jakarta.enterprise.inject.se.SeContainer;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Connection lifecycle, graceful shutdown, readiness and the Fault Tolerance policies around DDP
 * calls, in Weld SE with SmallRye Config and SmallRye Fault Tolerance against the embedded server.
 */
class LifecycleAndFaultToleranceCdiTest {

    static final String ROOT = "jobPile";
    static final String GUARD = "io.github.meteorjob.cdi.DdpCallGuard/call/";
    static final String RETRY = "io.github.meteorjob.cdi.DdpCallRetry/call/";

    static final List<ConnectionEvent> connectionEvents = new CopyOnWriteArrayList<>();
    static final List<String> done = new CopyOnWriteArrayList<>();
    static volatile CountDownLatch started = new CountDownLatch(1);
    static volatile CountDownLatch release = new CountDownLatch(1);

    private EmbeddedJobServer server;

    @BeforeEach
    void reset() {
        connectionEvents.clear();
        done.clear();
        started = new CountDownLatch(1);
        release = new CountDownLatch(1);
    }

    @AfterEach
    void stopServer() {
        release.countDown();
        if (server != null) {
            server.close();
        }
    }

    private EmbeddedJobServer startServer(int port) {
        server = EmbeddedJobServer.builder().port(port).collection(ROOT).start();
        return server;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @ApplicationScoped
    static class Slow {
        void work(@Observes @ProcessJobs(collection = ROOT, type = "slow", prefetch = 1, pollInterval = 100) Job job) throws InterruptedException {
            started.countDown();
            if (!release.await(20, TimeUnit.SECONDS)) {
                throw new IllegalStateException("never released");
            }
            done.add(job.id());
        }

        void connection(@ObservesAsync ConnectionEvent event) {
            connectionEvents.add(event);
        }
    }

    private static JobCollection collection(SeContainer c) {
        return c.select(JobCollection.class, Collection.Literal.of(ROOT)).get();
    }

    private static HealthCheckResponse readiness(SeContainer c) {
        return c.select(HealthCheck.class, Readiness.Literal.INSTANCE).get().call();
    }

    @Test
    void appStartsWhileTheServerIsDownAndConnectsWhenItComesUp() throws IOException {
        int port = freePort();
        try (Containers.Config config = Containers.config()
                .set("meteor-job.url", "ws://127.0.0.1:" + port + "/websocket")
                .set("meteor-job.reconnect-delay", 200);
             SeContainer c = config.start(Slow.class)) {
            MeteorJobRuntime runtime = c.select(MeteorJobRuntime.class).get();
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(connectionEvents)
                    .extracting(ConnectionEvent::kind).contains(ConnectionEvent.Kind.CONNECT_FAILED));
            assertThat(readiness(c).getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
            assertThat(runtime.isConnected()).isFalse();

            startServer(port);
            await().atMost(Duration.ofSeconds(15)).until(runtime::isConnected);
            assertThat(readiness(c).getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(connectionEvents)
                    .extracting(ConnectionEvent::kind).contains(ConnectionEvent.Kind.CONNECTED));
            // and the queue started once connected
            String id = collection(c).createJob("slow", Json.createObjectBuilder().build()).saveAndWait();
            release.countDown();
            await().atMost(Duration.ofSeconds(15)).until(() -> done.contains(id));
        }
    }

    @Test
    void normalShutdownLetsTheRunningJobFinishAndFailsQueuedOnes() throws Exception {
        startServer(0);
        StoredJobs jobs = new StoredJobs(server, ROOT);
        String first;
        String second;
        SeContainer c = Containers.config().set("meteor-job.url", server.url()).start(Slow.class);
        try {
            JobCollection jc = collection(c);
            MeteorJobRuntime runtime = c.select(MeteorJobRuntime.class).get();
            await().atMost(Duration.ofSeconds(10)).until(runtime::isConnected);
            first = jc.createJob("slow", Json.createObjectBuilder().build()).retry(0).saveAndWait();
            assertThat(started.await(15, TimeUnit.SECONDS)).isTrue();
            second = jc.createJob("slow", Json.createObjectBuilder().build()).retry(0).saveAndWait();
            // prefetch 1: the second job is fetched and held while the first runs
            await().atMost(Duration.ofSeconds(10)).until(() -> runtime.queues().get("jobPile/slow").length() == 1);
        } catch (Throwable t) {
            c.close();
            throw t;
        }
        CompletableFuture<Void> closing = CompletableFuture.runAsync(c::close);
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> !closing.isDone());
        release.countDown();
        closing.get(20, TimeUnit.SECONDS);
        assertThat(done).containsExactly(first);
        assertThat(jobs.status(first)).isEqualTo("completed");
        assertThat(jobs.status(second)).isEqualTo("failed");
        assertThat(jobs.lastFailure(second).toString()).contains("Worker shutdown");
        Containers.config().close(); // clears the configuration cache
        System.clearProperty("meteor-job.url");
    }

    @Test
    void softShutdownFinishesQueuedJobsToo() throws Exception {
        startServer(0);
        StoredJobs jobs = new StoredJobs(server, ROOT);
        Containers.Config config = Containers.config().set("meteor-job.url", server.url()).set("meteor-job.shutdown", "soft");
        SeContainer c = config.start(Slow.class);
        String first;
        String second;
        try {
            JobCollection jc = collection(c);
            MeteorJobRuntime runtime = c.select(MeteorJobRuntime.class).get();
            await().atMost(Duration.ofSeconds(10)).until(runtime::isConnected);
            first = jc.createJob("slow", Json.createObjectBuilder().build()).retry(0).saveAndWait();
            assertThat(started.await(15, TimeUnit.SECONDS)).isTrue();
            second = jc.createJob("slow", Json.createObjectBuilder().build()).retry(0).saveAndWait();
            await().atMost(Duration.ofSeconds(10)).until(() -> runtime.queues().get("jobPile/slow").length() == 1);
        } catch (Throwable t) {
            c.close();
            config.close();
            throw t;
        }
        CompletableFuture<Void> closing = CompletableFuture.runAsync(c::close);
        release.countDown();
        closing.get(20, TimeUnit.SECONDS);
        config.close();
        assertThat(done).containsExactlyInAnyOrder(first, second);
        assertThat(jobs.status(second)).isEqualTo("completed");
    }

    @Test
    void hardShutdownFailsTheRunningJobWithoutWaitingForIt() throws Exception {
        startServer(0);
        StoredJobs jobs = new StoredJobs(server, ROOT);
        Containers.Config config = Containers.config().set("meteor-job.url", server.url()).set("meteor-job.shutdown", "HARD");
        SeContainer c = config.start(Slow.class);
        String running;
        try {
            MeteorJobRuntime runtime = c.select(MeteorJobRuntime.class).get();
            await().atMost(Duration.ofSeconds(10)).until(runtime::isConnected);
            running = collection(c).createJob("slow", Json.createObjectBuilder().build()).retry(0).saveAndWait();
            assertThat(started.await(15, TimeUnit.SECONDS)).isTrue();
        } catch (Throwable t) {
            c.close();
            config.close();
            throw t;
        }
        // the observer is still blocked: HARD shutdown must not wait for it
        CompletableFuture.runAsync(c::close).get(15, TimeUnit.SECONDS);
        config.close();
        assertThat(done).isEmpty();
        assertThat(jobs.status(running)).isEqualTo("failed");
        assertThat(jobs.lastFailure(running).toString()).contains("Worker shutdown");
    }

    @Test
    void idempotentCallsAreRetriedAfterATimeoutOthersAreNot() {
        startServer(0);
        AtomicInteger idempotentCalls = new AtomicInteger();
        AtomicInteger plainCalls = new AtomicInteger();
        // the first call of each gets no answer in time (the server is busy with it), later ones answer at once
        server.registry().method("flaky", Set.of(), (inv, params) -> slowFirst(idempotentCalls));
        server.registry().method("flakyPlain", Set.of(), (inv, params) -> slowFirst(plainCalls));
        try (Containers.Config config = Containers.config().set("meteor-job.url", server.url())
                .set(RETRY + "Retry/delay", 50).set(RETRY + "Retry/jitter", 0);
             SeContainer c = config.start(Slow.class)) {
            MeteorJobRuntime runtime = c.select(MeteorJobRuntime.class).get();
            await().atMost(Duration.ofSeconds(10)).until(runtime::isConnected);
            DdpClient client = c.select(DdpClient.class).get();
            CallOptions shortTimeout = CallOptions.IDEMPOTENT.withTimeout(Duration.ofMillis(400));
            JsonValue result = JobException.await(client.call("flaky", JsonValue.EMPTY_JSON_ARRAY, shortTimeout));
            // the first attempt timed out; a retry got the answer (on a very slow machine a second retry may be needed)
            assertThat(((JsonString) result).getString()).isEqualTo("answer " + idempotentCalls.get());
            assertThat(idempotentCalls.get()).isBetween(2, 4);

            assertThatThrownBy(() -> JobException.await(client.call("flakyPlain", JsonValue.EMPTY_JSON_ARRAY,
                    shortTimeout.withIdempotent(false)))).isInstanceOf(DdpTimeoutException.class);
            await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).untilAsserted(() ->
                    assertThat(plainCalls).hasValue(1));
        }
    }

    /** Answers the first call after 500 ms, past a 400 ms client timeout; later calls at once. */
    static JsonValue slowFirst(AtomicInteger calls) {
        int n = calls.incrementAndGet();
        if (n == 1) {
            try {
                Thread.sleep(500); // the server's answer comes after the client's 400 ms timeout
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return Json.createValue("answer " + n);
    }

    @Test
    void circuitOpensOnADeadServerAndClosesAfterRecovery() {
        startServer(0);
        int port = server.port();
        try (Containers.Config config = Containers.config().set("meteor-job.url", server.url())
                .set("meteor-job.reconnect-delay", 200)
                .set(GUARD + "CircuitBreaker/requestVolumeThreshold", 2)
                .set(GUARD + "CircuitBreaker/failureRatio", "0.5")
                .set(GUARD + "CircuitBreaker/delay", 1000)
                .set(GUARD + "CircuitBreaker/delayUnit", "MILLIS")
                .set(RETRY + "Retry/maxRetries", 0);
             SeContainer c = config.start(Slow.class)) {
            MeteorJobRuntime runtime = c.select(MeteorJobRuntime.class).get();
            await().atMost(Duration.ofSeconds(10)).until(runtime::isConnected);
            assertThat(readiness(c).getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
            DdpClient client = c.select(DdpClient.class).get();
            CallOptions quick = CallOptions.DEFAULT.withTimeout(Duration.ofMillis(300));
            JsonArray params = Json.createArrayBuilder().add("nope").add(Json.createObjectBuilder()).build();

            server.close();
            await().atMost(Duration.ofSeconds(10)).until(() -> !runtime.isConnected());
            // link failures count against the circuit until it opens; then calls are refused at once
            await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
                Throwable t = catchCall(client, params, quick);
                assertThat(t).isInstanceOf(CircuitBreakerOpenException.class);
            });
            assertThat(runtime.isCircuitOpen()).isTrue();
            HealthCheckResponse down = readiness(c);
            assertThat(down.getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
            assertThat(down.getData().orElseThrow()).containsEntry("circuit", "open");

            startServer(port);
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                assertThat(catchCall(client, params, quick)).isNull();
                assertThat(runtime.isCircuitOpen()).isFalse();
            });
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(readiness(c).getStatus()).isEqualTo(HealthCheckResponse.Status.UP));
        }
    }

    private static Throwable catchCall(DdpClient client, JsonArray params, CallOptions options) {
        try {
            JobException.await(client.call(ROOT + "_getJob", params, options));
            return null;
        } catch (Throwable t) {
            return t;
        }
    }
}
