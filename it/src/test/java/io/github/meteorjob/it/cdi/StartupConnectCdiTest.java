package io.github.meteorjob.it.cdi;

import io.github.meteorjob.Job;
import io.github.meteorjob.ProcessJobs;
import io.github.meteorjob.cdi.internal.MeteorJobRuntime;
import io.github.meteorjob.server.EmbeddedJobServer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.se.SeContainer;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;

import static org.awaitility.Awaitility.await;

/**
 * An application that starts while its job server is down uses the DDP client's reconnect schedule for its
 * background connection attempts: quick while the server has been unreachable for under a minute.
 */
class StartupConnectCdiTest {

    @ApplicationScoped
    static class Idle {
        void work(@Observes @ProcessJobs(collection = "startup", type = "t") Job job) {
            // never called: no jobs are saved
        }
    }

    @Test
    void anAppStartedBeforeItsServerConnectsSoonAfterTheServerComesUp() throws IOException {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        try (Containers.Config config = Containers.config().set("meteor-job.url", "ws://127.0.0.1:" + port + "/websocket");
             SeContainer c = config.start(Idle.class)) {
            MeteorJobRuntime runtime = c.select(MeteorJobRuntime.class).get();
            // down for 4 s: the old backoff (0.5, 1, 2, 4 s) would next try 3.5 s after the server is back
            await().pollDelay(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(6)).until(() -> !runtime.isConnected());
            try (EmbeddedJobServer server = EmbeddedJobServer.builder().host("127.0.0.1").port(port)
                    .collection("startup").start()) {
                await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(20)).until(runtime::isConnected);
            }
        }
    }
}
