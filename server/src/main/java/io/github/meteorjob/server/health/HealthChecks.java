package io.github.meteorjob.server.health;

import io.github.meteorjob.server.ddp.DdpServer;
import io.github.meteorjob.server.jobs.JobCollectionServer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * The job server's health checks (docs/observability.md). Liveness: the server runs. Readiness: every
 * collection's store accepts writes, every started collection's promotion timer has swept recently, and the
 * server accepts connections (listening, not stopping, below its connection cap).
 *
 * <p>A check that does not answer within {@link #TIMEOUT} (a collection's lock held by a stuck thread) is DOWN:
 * a probe never hangs.
 */
public final class HealthChecks {

    /** How long one check may take before it counts as DOWN. */
    public static final Duration TIMEOUT = Duration.ofSeconds(2);
    /** A started collection's timer is DOWN when its last sweep is older than twice its interval plus this. */
    public static final Duration TIMER_GRACE = Duration.ofSeconds(1);

    private static final ExecutorService PROBES = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "health-check");
        t.setDaemon(true);
        return t;
    });

    private final DdpServer ddp;
    private final List<JobCollectionServer> collections;

    public HealthChecks(DdpServer ddp, List<JobCollectionServer> collections) {
        this.ddp = ddp;
        this.collections = List.copyOf(collections);
    }

    /** The liveness checks. */
    public List<Check> live() {
        return List.of(bounded("server", () -> new Check("server", !ddp.isClosed(), Map.of())));
    }

    /** The readiness checks. */
    public List<Check> ready() {
        List<Check> checks = new ArrayList<>();
        checks.add(bounded("job-store", this::store));
        checks.add(bounded("promotion-timer", this::timers));
        checks.add(bounded("connections", this::connections));
        return checks;
    }

    private Check store() {
        boolean up = true;
        Map<String, Object> data = new LinkedHashMap<>();
        for (JobCollectionServer c : collections) {
            try {
                c.checkWritable();
                data.put(c.root(), "writable");
            } catch (RuntimeException e) {
                up = false;
                data.put(c.root(), String.valueOf(e.getMessage()));
            }
        }
        return new Check("job-store", up, data);
    }

    private Check timers() {
        boolean up = true;
        Map<String, Object> data = new LinkedHashMap<>();
        for (JobCollectionServer c : collections) {
            Optional<Duration> since = c.sinceLastSweep();
            if (since.isEmpty()) {
                data.put(c.root(), "stopped");
                continue;
            }
            Duration limit = c.promoteInterval().multipliedBy(2).plus(TIMER_GRACE);
            boolean ok = since.get().compareTo(limit) <= 0;
            up &= ok;
            data.put(c.root(), (ok ? "last sweep " : "no sweep for ") + since.get().toMillis() + " ms");
        }
        return new Check("promotion-timer", up, data);
    }

    private Check connections() {
        int open = ddp.connectionCount();
        int max = ddp.options().maxConnections();
        boolean listening = ddp.port() > 0 && !ddp.isClosed();
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("listening", listening);
        data.put("open", open);
        data.put("max", max);
        return new Check("connections", listening && open < max, data);
    }

    private static Check bounded(String name, Supplier<Check> check) {
        CompletableFuture<Check> f = CompletableFuture.supplyAsync(check, PROBES);
        try {
            return f.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return new Check(name, false, Map.of("error", "no answer within " + TIMEOUT.toMillis() + " ms"));
        } catch (ExecutionException e) {
            return new Check(name, false, Map.of("error", String.valueOf(e.getCause())));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Check(name, false, Map.of("error", "interrupted"));
        }
    }
}
