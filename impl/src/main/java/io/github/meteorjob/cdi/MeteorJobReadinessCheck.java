package io.github.meteorjob.cdi;

import io.github.meteorjob.cdi.internal.MeteorJobRuntime;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * MicroProfile Health readiness of the job connection and queues: UP when connected, logged in (if
 * credentials are configured), the DDP call circuit is closed and no queue's last getWork calls all failed;
 * when DOWN, {@code reason} says what to fix (docs/observability.md). Added as a bean by the CDI
 * extensions only when the MicroProfile Health API is on the class path.
 */
@Readiness
@ApplicationScoped
public class MeteorJobReadinessCheck implements HealthCheck {

    @Inject
    MeteorJobRuntime runtime;

    @Override
    public HealthCheckResponse call() {
        List<String> problems = runtime.readinessProblems();
        boolean connected = runtime.isConnected();
        boolean loggedIn = runtime.isLoggedIn();
        boolean circuitClosed = !runtime.isCircuitOpen();
        // built directly (not with HealthCheckResponse.named) so no Health implementation's SPI provider is needed
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("url", String.valueOf(runtime.url()));
        data.put("connected", connected);
        data.put("loggedIn", loggedIn);
        data.put("circuit", circuitClosed ? "closed" : "open");
        data.put("queues", String.join(",", runtime.queues().keySet()));
        if (runtime.lastError() != null) {
            data.put("lastError", runtime.lastError());
        }
        if (!problems.isEmpty()) {
            data.put("reason", String.join("; ", problems));
        }
        return new HealthCheckResponse("meteor-job",
                problems.isEmpty() ? HealthCheckResponse.Status.UP : HealthCheckResponse.Status.DOWN,
                Optional.of(data));
    }
}
