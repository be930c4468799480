package io.github.meteorjob.server.bench;

import io.github.meteorjob.ejson.Ejson;
import io.github.meteorjob.server.ReferenceJobDoc;
import io.github.meteorjob.server.audit.AuditLog;
import io.github.meteorjob.server.ddp.DdpObserver;
import io.github.meteorjob.server.ddp.DdpServer;
import io.github.meteorjob.server.ddp.DdpServerOptions;
import io.github.meteorjob.server.jobs.JobCollectionServer;
import io.github.meteorjob.server.jobs.JobServerOptions;
import io.github.meteorjob.server.metrics.MetricRegistry;
import io.github.meteorjob.server.metrics.ServerMetrics;
import io.github.meteorjob.server.security.AccessControl;
import io.github.meteorjob.server.security.UserDirectory;
import io.github.meteorjob.server.store.JobStoreFactory;
import io.github.meteorjob.server.store.JobStores;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * What the server's metrics and audit log cost on the hot path: {@link JobServerBench}'s cycle (jobSave +
 * getWork + jobDone) on two collections in one JVM, one observed as {@code EmbeddedJobServer} observes it (its
 * events, timers and commits, and each call reported as the DDP transport reports it), one not; blocks of
 * cycles alternate between them (and which goes first) so that the load of a shared machine falls on both alike.
 * Each block is timed in the CPU time of the process's Java threads (the benchmark's thread runs the methods and
 * the event delivery, a durable store commits on its own; garbage collection and JIT threads are not counted),
 * and the overhead is reported per pair of blocks: the median and spread of the pairs, which a burst of load
 * from elsewhere, landing on one block, does not move. Not a test; run by
 * hand: {@code java -cp ... io.github.meteorjob.server.bench.MetricsOverheadBench [memory|durable] [rounds] [both|events|calls]}
 * (the last names the part that is on: both, only the collection's events, timers and commits, or only the calls).
 */
public final class MetricsOverheadBench {

    private static final JsonProvider JSON = Ejson.provider();
    private static final int BLOCK = 1_000;
    /** CPU time, not wall-clock time: on a shared machine the time spent descheduled would swamp the difference. */
    private static final java.lang.management.ThreadMXBean CPU = java.lang.management.ManagementFactory.getThreadMXBean();

    private MetricsOverheadBench() {
    }

    public static void main(String[] args) throws Exception {
        String kind = args.length > 0 ? args[0] : "memory";
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        // which part is on: "both" (as EmbeddedJobServer), "events" (the collection observed, calls not reported),
        // "calls" (each call reported to the metrics and audit log, the collection not observed)
        String part = args.length > 2 ? args[2] : "both";
        JobStoreFactory factory = kind.equals("durable")
                ? JobStores.durable(java.nio.file.Files.createTempDirectory("metricsbench")) : JobStores.inMemory();
        JobServerOptions options = JobServerOptions.defaults().withPromoteInterval(Duration.ofHours(1));
        try (JobCollectionServer plain = new JobCollectionServer("plain", factory.open("plain"), options);
             JobCollectionServer observed = new JobCollectionServer("observed", factory.open("observed"), options)) {
            plain.startJobServer();
            observed.startJobServer();
            DdpServer ddp = new DdpServer(DdpServerOptions.defaults(), new AccessControl(new UserDirectory()));
            ServerMetrics metrics = new ServerMetrics(new MetricRegistry(), ddp,
                    part.equals("calls") ? List.of() : List.of(observed));
            AuditLog audit = new AuditLog(ddp.access(), List.of("observed"));
            DdpObserver both = call -> {
                metrics.methodCalled(call);
                audit.methodCalled(call);
            };
            DdpObserver reported = part.equals("events") ? null : both;
            long plainNanos = 0;
            long observedNanos = 0;
            double[] overhead = new double[rounds];
            double[] extraNanos = new double[rounds];
            int warmUp = Math.max(2, rounds / 10);
            for (int round = 0; round < rounds + warmUp; round++) {
                // the order alternates too: neither side always runs after the other's garbage
                long p;
                long o;
                if (round % 2 == 0) {
                    p = block(plain, null);
                    o = block(observed, reported);
                } else {
                    o = block(observed, reported);
                    p = block(plain, null);
                }
                if (round >= warmUp) { // the first rounds warm up the JIT
                    plainNanos += p;
                    observedNanos += o;
                    overhead[round - warmUp] = 100.0 * (o - p) / p;
                    extraNanos[round - warmUp] = (double) (o - p) / BLOCK;
                }
            }
            // a burst of load from elsewhere inflates one block of a pair: the median of the pairs ignores it
            double[] sorted = overhead.clone();
            Arrays.sort(sorted);
            double[] extra = extraNanos.clone();
            Arrays.sort(extra);
            long cycles = (long) rounds * BLOCK;
            System.out.printf("%s: %s store, %d round pairs of %,d cycles each, CPU time of the server's threads:%n"
                            + "  without metrics %.2f µs per cycle, with metrics and audit log %.2f µs per cycle (totals: %+.1f %%)%n"
                            + "  overhead per pair: median %+.2f %%, quartiles %+.2f %% .. %+.2f %%, range %+.1f %% .. %+.1f %%; "
                            + "observed slower in %d of %d pairs; median extra CPU %.0f ns per cycle%n", part, kind, rounds, BLOCK,
                    plainNanos / 1e3 / cycles, observedNanos / 1e3 / cycles, 100.0 * (observedNanos - plainNanos) / plainNanos,
                    percentile(sorted, 0.5), percentile(sorted, 0.25), percentile(sorted, 0.75), sorted[0],
                    sorted[sorted.length - 1], Arrays.stream(overhead).filter(x -> x > 0).count(), rounds, percentile(extra, 0.5));
            // the transport's part alone, which the loop above makes three times a cycle
            DdpObserver.MethodCall call = new DdpObserver.MethodCall("observed_getWork", true, "session", null,
                    "127.0.0.1", JsonValue.EMPTY_JSON_ARRAY, 12_345, null);
            int n = 2_000_000;
            for (int i = 0; i < n; i++) {
                both.methodCalled(call); // warm-up
            }
            long t = CPU.getCurrentThreadCpuTime();
            for (int i = 0; i < n; i++) {
                both.methodCalled(call);
            }
            System.out.printf("  metrics and audit log of one DDP method call: %.0f ns%n",
                    (double) (CPU.getCurrentThreadCpuTime() - t) / n);
        } finally {
            factory.close();
        }
    }

    private static double percentile(double[] sorted, double q) {
        double at = q * (sorted.length - 1);
        int i = (int) Math.floor(at);
        return i + 1 < sorted.length ? sorted[i] + (at - i) * (sorted[i + 1] - sorted[i]) : sorted[i];
    }

    /** CPU time of every live Java thread: the methods run on this one, a durable store's commits on its own. */
    private static long serverCpu() {
        return Arrays.stream(CPU.getAllThreadIds()).map(CPU::getThreadCpuTime).filter(t -> t > 0).sum();
    }

    private static long block(JobCollectionServer server, DdpObserver observer) {
        String root = server.root();
        JsonArray save = JSON.createArrayBuilder().add(ReferenceJobDoc.of("work", Instant.now())
                .add("data", JsonValue.EMPTY_JSON_OBJECT).add("log", JsonValue.EMPTY_JSON_ARRAY)).add(JsonValue.EMPTY_JSON_OBJECT).build();
        JsonArray getWork = JSON.createArrayBuilder().add(JSON.createArrayBuilder().add("work")).add(JsonValue.EMPTY_JSON_OBJECT).build();
        long start = serverCpu();
        for (int i = 0; i < BLOCK; i++) {
            call(server, root, "jobSave", save, observer);
            JsonObject job = ((JsonArray) call(server, root, "getWork", getWork, observer)).getJsonObject(0);
            call(server, root, "jobDone", JSON.createArrayBuilder().add(job.getString("_id")).add(job.getString("runId"))
                    .add(JsonValue.EMPTY_JSON_OBJECT).add(JsonValue.EMPTY_JSON_OBJECT).build(), observer);
        }
        return serverCpu() - start;
    }

    /** A call, reported afterwards as {@code DdpConnection} reports it when observers are registered. */
    private static JsonValue call(JobCollectionServer server, String root, String method, JsonArray params, DdpObserver observer) {
        long start = System.nanoTime();
        JsonValue result = server.call(method, params);
        if (observer != null) {
            observer.methodCalled(new DdpObserver.MethodCall(root + "_" + method, true, "session", null, "127.0.0.1",
                    params, System.nanoTime() - start, null));
        }
        return result;
    }
}
