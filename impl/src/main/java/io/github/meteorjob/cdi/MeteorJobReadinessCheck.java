package io.github.meteorjob.cdi;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * MicroProfile Health readiness of the job connection: UP when connected, logged in (if
 * credentials are configured) and the DDP call circuit is closed. Added as a bean by the CDI
 * extensions only when the MicroProfile Health API is on the class path.
 */
@Readiness
@ApplicationScoped
public class MeteorJobReadinessCheck implements HealthCheck {

    @Inject
    MeteorJobRuntime runtime;

    @Override
    public HealthCheckResponse call() {
        boolean connected = runtime.isConnected();
        boolean loggedIn = runtime.isLoggedIn();
        boolean circuitClosed = !runtime.isCircuitOpen();
        HealthCheckResponseBuilder b = HealthCheckResponse.named("meteor-job")
                .status(connected && loggedIn && circuitClosed)
                .withData("url", String.valueOf(runtime.url()))
                .withData("connected", connected)
                .withData("loggedIn", loggedIn)
                .withData("circuit", circuitClosed ? "closed" : "open")
                .withData("queues", String.join(",", runtime.queues().keySet()));
        if (runtime.lastError() != null) {
            b.withData("lastError", runtime.lastError());
        }
        return b.build();
    }
}
