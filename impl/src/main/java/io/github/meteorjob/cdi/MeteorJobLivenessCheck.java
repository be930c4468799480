package io.github.meteorjob.cdi;

import io.github.meteorjob.JobQueue;
import io.github.meteorjob.cdi.internal.ConfigKeys;
import io.github.meteorjob.cdi.internal.ConfigReader;
import io.github.meteorjob.cdi.internal.MeteorJobRuntime;
import io.github.meteorjob.cdi.internal.QueueOptionsValues;
import io.github.meteorjob.job.internal.DefaultJobQueue;
import io.github.meteorjob.job.internal.QueueHealth;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * MicroProfile Health liveness of the job queues: DOWN only when a queue's own machinery is stuck (its poll loop
 * stopped running, a worker waits for ever for a thread of its executor, a worker slot outlives its timeout, the
 * executor is shut down or rejects work), with a {@code reason} naming the stuck part (docs/observability.md).
 * Being disconnected or refused is readiness, not liveness: a restart would not fix it. Added as a bean by the CDI
 * extensions only when the MicroProfile Health API is on the class path.
 */
@Liveness
@ApplicationScoped
public class MeteorJobLivenessCheck implements HealthCheck {

    private static final System.Logger LOG = System.getLogger(MeteorJobLivenessCheck.class.getName());

    @Inject
    MeteorJobRuntime runtime;

    @Override
    public HealthCheckResponse call() {
        Map<String, Object> data = new LinkedHashMap<>();
        // the readiness check's name is the same; both say whether the connection is up, as either may be asked
        data.put("connected", runtime.isConnected());
        Optional<Duration> stallAfter = configuredStallAfter(data);
        Map<String, QueueOptionsValues> effective = runtime.effectiveOptions();
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, JobQueue> e : runtime.queues().entrySet()) {
            if (!(e.getValue() instanceof DefaultJobQueue q)) {
                continue;
            }
            QueueHealth health = q.health();
            Duration limit = stallAfter.orElseGet(() -> QueueHealth.defaultStallAfter(health.pollInterval()));
            QueueOptionsValues o = effective.get(e.getKey());
            Duration timeout = o != null && o.timeout() > 0 ? Duration.ofMillis(o.timeout()) : null;
            List<String> stuck = health.stuck(limit, timeout);
            data.put("queue " + e.getKey(), stuck.isEmpty() ? "live" : String.join("; ", stuck));
            stuck.forEach(s -> problems.add("queue " + e.getKey() + ": " + s));
        }
        if (!problems.isEmpty()) {
            data.put("reason", String.join("; ", problems));
        }
        // built directly (not with HealthCheckResponse.named) so no Health implementation's SPI provider is needed
        return new HealthCheckResponse("meteor-job",
                problems.isEmpty() ? HealthCheckResponse.Status.UP : HealthCheckResponse.Status.DOWN,
                Optional.of(data));
    }

    /** {@value ConfigKeys#LIVENESS_STALL_AFTER} in ms; a bad value is named in the data and the default used. */
    private static Optional<Duration> configuredStallAfter(Map<String, Object> data) {
        try {
            Optional<Long> ms = ConfigReader.current().getLong(ConfigKeys.LIVENESS_STALL_AFTER);
            if (ms.isPresent() && ms.get() <= 0) {
                throw new IllegalArgumentException("configuration " + ConfigKeys.LIVENESS_STALL_AFTER
                        + " must be a positive number of ms, was " + ms.get());
            }
            return ms.map(Duration::ofMillis);
        } catch (IllegalArgumentException bad) {
            // a typo in the configuration must not make the container restart the application: say so, use the default
            data.put("configError", bad.getMessage() + "; using the default");
            LOG.log(System.Logger.Level.WARNING, "meteor-job liveness: " + bad.getMessage() + "; using the default");
            return Optional.empty();
        }
    }
}
