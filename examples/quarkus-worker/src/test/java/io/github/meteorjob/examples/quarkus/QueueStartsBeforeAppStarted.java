package io.github.meteorjob.examples.quarkus;

import static org.awaitility.Awaitility.await;

import java.time.Duration;

import io.github.meteorjob.cdi.internal.MeteorJobRuntime;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * Holds Quarkus's startup until the queue exists, so that its first getWork goes out through the library's Fault
 * Tolerance guard while the application is still starting, whatever the machine's speed. That first call is made on
 * the queue timer, a thread started from the WebSocket client's callback without the application's class loader;
 * before the library set that loader around guarded calls, SmallRye Fault Tolerance never ran it and
 * {@link MailWorkerTest} timed out.
 */
@ApplicationScoped
public class QueueStartsBeforeAppStarted {

    @Inject
    MeteorJobRuntime runtime;

    void holdStartup(@Observes StartupEvent ignored) {
        await().atMost(Duration.ofSeconds(20)).until(() -> !runtime.queues().isEmpty());
    }
}
