package io.github.meteorjob.it.cdi;

import io.github.meteorjob.Job;
import io.github.meteorjob.ProcessJobs;
import io.github.meteorjob.cdi.internal.MeteorJobRuntime;
import io.github.meteorjob.server.EmbeddedJobServer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.se.SeContainer;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Readiness transitions with the reason that names the fix, in Weld SE against the embedded server: a worker
 * without credentials against a server that has users is refused every getWork (the 56 warnings in 14 s
 * while readiness stayed UP); readiness goes DOWN saying so, the warning is logged once, and readiness is UP again
 * once the server lets the worker work.
 */
class ReadinessCdiTest {

    static final String ROOT = "readyPile";

    private EmbeddedJobServer server;

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @ApplicationScoped
    static class Worker {
        void work(@Observes @ProcessJobs(collection = ROOT, type = "work", pollInterval = 50) Job job) {
        }
    }

    private static HealthCheckResponse readiness(SeContainer c) {
        return c.select(HealthCheck.class, Readiness.Literal.INSTANCE).get().call();
    }

    private static String reason(HealthCheckResponse r) {
        return String.valueOf(r.getData().orElseThrow().get("reason"));
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Test
    void refusedGetWorkTurnsReadinessDownWithTheFixAndUpAgainWhenAllowed() throws IOException {
        int port = freePort();
        server = EmbeddedJobServer.builder().port(port).collection(ROOT).start();
        List<String> warnings = new CopyOnWriteArrayList<>();
        Logger jul = Logger.getLogger(MeteorJobRuntime.class.getName());
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord r) {
                if (r.getMessage() != null && r.getMessage().contains("getWork() failed")) {
                    warnings.add(r.getMessage());
                }
            }

            @Override public void flush() { }
            @Override public void close() { }
        };
        jul.addHandler(capture);
        try (Containers.Config config = Containers.config().set("meteor-job.url", "ws://127.0.0.1:" + port + "/websocket")
                .set("meteor-job.reconnect-delay", 100);
             SeContainer c = config.start(Worker.class)) {
            MeteorJobRuntime runtime = c.select(MeteorJobRuntime.class).get();
            // connected, fetching: ready
            await().atMost(Duration.ofSeconds(15)).until(() -> runtime.isConnected() && !runtime.queues().isEmpty());
            assertThat(readiness(c).getStatus()).isEqualTo(HealthCheckResponse.Status.UP);

            // the server now has users: the anonymous worker is refused every getWork
            server.close();
            server = EmbeddedJobServer.builder().port(port).collection(ROOT).user("boss", "secret-pw", "admin").start();
            await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
                HealthCheckResponse r = readiness(c);
                assertThat(r.getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
                assertThat(reason(r)).contains("queue " + ROOT + "/work", "getWork calls failed", "403",
                        "lacks worker permission", "meteor-job.login.");
            });
            assertThat(runtime.isConnected()).isTrue();
            // refused many times, warned once (identical warnings at most once a minute)
            await().atMost(Duration.ofSeconds(15)).until(() -> ((io.github.meteorjob.job.internal.DefaultJobQueue)
                    runtime.queues().get(ROOT + "/work")).getWorkFailuresInARow() >= 10);
            assertThat(warnings).hasSize(1);
            assertThat(warnings.get(0)).contains(ROOT + "/work", "403");

            // fixed (the server lets the worker work again): UP
            server.close();
            server = EmbeddedJobServer.builder().port(port).collection(ROOT).start();
            await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                    assertThat(readiness(c).getStatus()).isEqualTo(HealthCheckResponse.Status.UP));
            assertThat(readiness(c).getData().orElseThrow()).doesNotContainKey("reason");
        } finally {
            jul.removeHandler(capture);
        }
    }

    @Test
    void refusedLoginAndLostConnectionEachNameTheirFix() throws IOException {
        int port = freePort();
        server = EmbeddedJobServer.builder().port(port).collection(ROOT).user("boss", "secret-pw", "admin").start();
        try (Containers.Config config = Containers.config().set("meteor-job.url", "ws://127.0.0.1:" + port + "/websocket")
                .set("meteor-job.reconnect-delay", 100)
                .set("meteor-job.login.username", "boss").set("meteor-job.login.password", "wrong-pw");
             SeContainer c = config.start(Worker.class)) {
            await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
                HealthCheckResponse r = readiness(c);
                assertThat(r.getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
                assertThat(reason(r)).contains("meteor-job.login.password");
            });
            server.close();
            await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                    assertThat(reason(readiness(c))).contains("not connected", "meteor-job.url"));
        }
    }
}
