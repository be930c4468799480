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
import java.util.List;

/**
 * What the server's metrics and audit log cost on the hot path: {@link JobServerBench}'s cycle (jobSave +
 * getWork + jobDone) on two collections in one JVM, one observed as {@code EmbeddedJobServer} observes it (its
 * events, timers and commits, and each call reported as the DDP transport reports it), one not; blocks of
 * cycles alternate between them so that the load of a shared machine falls on both alike, and each block is
 * timed in the CPU time of the benchmark's thread (which runs the methods, the commits and the event delivery;
 * garbage collection threads are not counted). Not a test; run by
 * hand: {@code java -cp ... io.github.meteorjob.server.bench.MetricsOverheadBench [memory|durable] [rounds]}.
 */
public final class MetricsOverheadBench {

    private static final JsonProvider JSON = Ejson.provider();
    private static final int BLOCK = 2_000;
    /** CPU time of this thread, not wall-clock time: on a shared machine the time spent descheduled would swamp the difference. */
    private static final java.lang.management.ThreadMXBean CPU = java.lang.management.ManagementFactory.getThreadMXBean();

    private MetricsOverheadBench() {
    }

    public static void main(String[] args) throws Exception {
        String kind = args.length > 0 ? args[0] : "memory";
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        JobStoreFactory factory = kind.equals("durable")
                ? JobStores.durable(java.nio.file.Files.createTempDirectory("metricsbench")) : JobStores.inMemory();
        JobServerOptions options = JobServerOptions.defaults().withPromoteInterval(Duration.ofHours(1));
        try (JobCollectionServer plain = new JobCollectionServer("plain", factory.open("plain"), options);
             JobCollectionServer observed = new JobCollectionServer("observed", factory.open("observed"), options)) {
            plain.startJobServer();
            observed.startJobServer();
            DdpServer ddp = new DdpServer(DdpServerOptions.defaults(), new AccessControl(new UserDirectory()));
            ServerMetrics metrics = new ServerMetrics(new MetricRegistry(), ddp, List.of(observed));
            AuditLog audit = new AuditLog(ddp.access(), List.of("observed"));
            DdpObserver both = call -> {
                metrics.methodCalled(call);
                audit.methodCalled(call);
            };
            long plainNanos = 0;
            long observedNanos = 0;
            for (int round = 0; round < rounds + 2; round++) {
                // the order alternates too: neither side always runs after the other's garbage
                long p;
                long o;
                if (round % 2 == 0) {
                    p = block(plain, null);
                    o = block(observed, both);
                } else {
                    o = block(observed, both);
                    p = block(plain, null);
                }
                if (round >= 2) { // two rounds warm up the JIT
                    plainNanos += p;
                    observedNanos += o;
                }
            }
            long cycles = (long) rounds * BLOCK;
            System.out.printf("%s store, %d rounds of %,d cycles each, thread CPU time: without metrics %.2f µs per cycle, "
                            + "with metrics and audit log %.2f µs per cycle: %+.1f %%%n", kind, rounds, BLOCK,
                    plainNanos / 1e3 / cycles, observedNanos / 1e3 / cycles,
                    100.0 * (observedNanos - plainNanos) / plainNanos);
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

    private static long block(JobCollectionServer server, DdpObserver observer) {
        String root = server.root();
        JsonArray save = JSON.createArrayBuilder().add(ReferenceJobDoc.of("work", Instant.now())
                .add("data", JsonValue.EMPTY_JSON_OBJECT).add("log", JsonValue.EMPTY_JSON_ARRAY)).add(JsonValue.EMPTY_JSON_OBJECT).build();
        JsonArray getWork = JSON.createArrayBuilder().add(JSON.createArrayBuilder().add("work")).add(JsonValue.EMPTY_JSON_OBJECT).build();
        long start = CPU.getCurrentThreadCpuTime();
        for (int i = 0; i < BLOCK; i++) {
            call(server, root, "jobSave", save, observer);
            JsonObject job = ((JsonArray) call(server, root, "getWork", getWork, observer)).getJsonObject(0);
            call(server, root, "jobDone", JSON.createArrayBuilder().add(job.getString("_id")).add(job.getString("runId"))
                    .add(JsonValue.EMPTY_JSON_OBJECT).add(JsonValue.EMPTY_JSON_OBJECT).build(), observer);
        }
        return CPU.getCurrentThreadCpuTime() - start;
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
