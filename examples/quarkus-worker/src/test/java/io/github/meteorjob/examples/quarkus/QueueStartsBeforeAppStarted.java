package io.github.meteorjob.examples.quarkus;

import static org.awaitility.Awaitility.await;

import java.time.Duration;

import io.github.meteorjob.cdi.MeteorJobReadinessCheck;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.Readiness;

/**
 * Holds Quarkus's startup until the queue exists, so that its first getWork goes out through the library's Fault
 * Tolerance guard while the application is still starting, whatever the machine's speed. That first call is made on
 * the queue timer, a thread started from the WebSocket client's callback without the application's class loader;
 * before the library set that loader around guarded calls, SmallRye Fault Tolerance never ran it and
 * {@link MailWorkerTest} timed out.
 *
 * <p>It watches the library's readiness check (the {@code queues} entry lists the started queues), the same
 * public signal an operator's probe sees, rather than any internal bean.
 */
@ApplicationScoped
public class QueueStartsBeforeAppStarted {

    @Inject
    @Readiness
    MeteorJobReadinessCheck readiness;

    void holdStartup(@Observes StartupEvent ignored) {
        await().atMost(Duration.ofSeconds(20)).until(this::queueStarted);
    }

    private boolean queueStarted() {
        return readiness.call().getData()
                .map(data -> !String.valueOf(data.getOrDefault("queues", "")).isEmpty())
                .orElse(false);
    }
}
