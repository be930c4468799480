package io.github.meteorjob.server.bench;

import io.github.meteorjob.server.ReferenceJobDoc;
import io.github.meteorjob.ejson.Ejson;
import io.github.meteorjob.server.jobs.JobCollectionServer;
import io.github.meteorjob.server.jobs.JobServerOptions;
import io.github.meteorjob.server.store.JobStoreFactory;
import io.github.meteorjob.server.store.JobStores;
import jakarta.json.spi.JsonProvider;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * Throughput of the job server's hot paths through the Java API (no socket), at two collection
 * sizes, to show the cost stays flat as the collection grows. Not a test; run by hand:
 *
 * <pre>
 * java -cp server/target/test-classes:server/target/classes:... io.github.meteorjob.server.bench.JobServerBench [memory|durable] [sizes...] [--metrics]
 * </pre>
 *
 * With {@code --metrics} the collection is observed by the server's metrics (as in {@code EmbeddedJobServer}),
 * and each call is also reported to the metrics and the audit log as the DDP transport reports it, to measure
 * what observability costs.
 *
 * One cycle = {@code jobSave} of a new job (promoted at once) + {@code getWork} + {@code jobDone},
 * i.e. one no-op job through one worker. Promotion = time to promote a batch of due waiting jobs.
 */
public final class JobServerBench {

    /** Cached provider: {@code Json.createX} looks it up on every call. */
    private static final JsonProvider JSON = Ejson.provider();

    private JobServerBench() {
    }

    public static void main(String[] args) throws Exception {
        boolean metrics = java.util.Arrays.asList(args).contains("--metrics");
        args = java.util.Arrays.stream(args).filter(a -> !a.equals("--metrics")).toArray(String[]::new);
        String kind = args.length > 0 ? args[0] : "memory";
        long[] sizes = args.length > 1
                ? java.util.Arrays.stream(args, 1, args.length).mapToLong(Long::parseLong).toArray()
                : new long[] {10_000, 1_000_000};
        observed = metrics;
        for (long size : sizes) {
            run(kind, size);
        }
    }

    private static boolean observed;
    private static io.github.meteorjob.server.ddp.DdpObserver ddpObservers = call -> { };

    /** What the DDP transport does after each answer when observers are registered. */
    private static JsonValue call(JobCollectionServer server, String method, JsonArray params) {
        long start = System.nanoTime();
        JsonValue result = server.call(method, params);
        ddpObservers.methodCalled(new io.github.meteorjob.server.ddp.DdpObserver.MethodCall("bench_" + method, true,
                "session", null, "127.0.0.1", params, System.nanoTime() - start, null));
        return result;
    }

    private static JsonArray saveParams(String type, Instant after) {
        Instant now = Instant.now();
        JsonObjectBuilder doc = ReferenceJobDoc.of(type, now).add("data", JsonValue.EMPTY_JSON_OBJECT)
                .add("after", Ejson.date(after)).add("log", JsonValue.EMPTY_JSON_ARRAY);
        return JSON.createArrayBuilder().add(doc).add(JsonValue.EMPTY_JSON_OBJECT).build();
    }

    private static void run(String kind, long size) throws Exception {
        Path dir = Files.createTempDirectory("jobbench");
        JobStoreFactory factory = kind.equals("durable") ? JobStores.durable(dir) : JobStores.inMemory();
        try (JobCollectionServer server = new JobCollectionServer("bench", factory.open("bench"),
                JobServerOptions.defaults().withPromoteInterval(Duration.ofHours(1)))) {
            server.startJobServer();
            if (observed) {
                io.github.meteorjob.server.ddp.DdpServer ddp = new io.github.meteorjob.server.ddp.DdpServer(
                        io.github.meteorjob.server.ddp.DdpServerOptions.defaults(),
                        new io.github.meteorjob.server.security.AccessControl(new io.github.meteorjob.server.security.UserDirectory()));
                io.github.meteorjob.server.metrics.ServerMetrics metrics = new io.github.meteorjob.server.metrics.ServerMetrics(
                        new io.github.meteorjob.server.metrics.MetricRegistry(), ddp, java.util.List.of(server));
                io.github.meteorjob.server.audit.AuditLog audit = new io.github.meteorjob.server.audit.AuditLog(
                        ddp.access(), java.util.List.of("bench"));
                ddpObservers = call -> {
                    metrics.methodCalled(call);
                    audit.methodCalled(call);
                };
            }
            System.out.printf("metrics and audit log: %s%n", observed ? "on" : "off");
            // fill: completed jobs of another type, plus far-future waiting jobs of the worked type
            JsonArray filler = saveParams("filler", Instant.EPOCH);
            JsonArray future = saveParams("work", Instant.now().plus(Duration.ofDays(365)));
            long t0 = System.nanoTime();
            for (long i = 0; i < size; i++) {
                server.call("jobSave", i % 10 == 0 ? future : filler);
            }
            System.out.printf("%s store, %,d jobs: filled in %.1f s%n", kind, size, (System.nanoTime() - t0) / 1e9);

            JsonArray save = saveParams("work", Instant.EPOCH);
            JsonArray types = JSON.createArrayBuilder().add("work").build();
            JsonArray getWork = JSON.createArrayBuilder().add(types).add(JsonValue.EMPTY_JSON_OBJECT).build();
            int cycles = kind.equals("durable") ? 5_000 : 50_000;
            for (int round = 0; round < 2; round++) { // round 0 warms up the JIT
                long start = System.nanoTime();
                for (int i = 0; i < cycles; i++) {
                    call(server, "jobSave", save);
                    JsonObject job = ((JsonArray) call(server, "getWork", getWork)).getJsonObject(0);
                    call(server, "jobDone", JSON.createArrayBuilder().add(job.getString("_id")).add(job.getString("runId"))
                            .add(JsonValue.EMPTY_JSON_OBJECT).add(JsonValue.EMPTY_JSON_OBJECT).build());
                }
                double secs = (System.nanoTime() - start) / 1e9;
                if (round == 1) {
                    System.out.printf("  save+getWork+done: %,.0f jobs/s (%.1f µs per job)%n",
                            cycles / secs, secs * 1e6 / cycles);
                }
            }
            // promotion: a batch of waiting jobs whose after has just passed
            int batch = 10_000;
            Instant due = Instant.now().plusMillis(2000);
            JsonArray soon = saveParams("promo", due);
            for (int i = 0; i < batch; i++) {
                server.call("jobSave", soon);
            }
            server.shutdownJobServer(Duration.ofHours(1)); // keep the timers from promoting them first
            while (!Instant.now().isAfter(due)) { // wait until every one of them is due
                Thread.sleep(10);
            }
            server.startJobServer(); // promotes every due job in one sweep
            long ps = System.nanoTime();
            server.promote();
            JsonArray work = (JsonArray) server.call("getWork", JSON.createArrayBuilder()
                    .add(JSON.createArrayBuilder().add("promo")).add(JSON.createObjectBuilder().add("maxJobs", batch)).build());
            double ws = (System.nanoTime() - ps) / 1e9;
            System.out.printf("  getWork of %,d promoted jobs in one call: %.1f ms (%.1f µs per job); total jobs now %,d%n",
                    work.size(), ws * 1e3, ws * 1e6 / Math.max(1, work.size()), server.size());
        } finally {
            factory.close();
        }
    }
}
