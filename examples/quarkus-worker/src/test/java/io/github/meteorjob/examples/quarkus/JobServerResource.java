package io.github.meteorjob.examples.quarkus;

import java.util.Map;

import io.github.meteorjob.server.EmbeddedJobServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/** Starts the embedded job server on a free 127.0.0.1 port before Quarkus boots and points meteor-job.url at it. */
public class JobServerResource implements QuarkusTestResourceLifecycleManager {

    static volatile EmbeddedJobServer server;

    @Override
    public Map<String, String> start() {
        server = EmbeddedJobServer.builder().host("127.0.0.1").collection("quarkusJobs").start();
        return Map.of("meteor-job.url", server.url());
    }

    @Override
    public void stop() {
        if (server != null) {
            server.close();
        }
    }
}
