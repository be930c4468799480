package io.github.meteorjob.server.bench;

import io.github.meteorjob.ejson.Ejson;
import io.github.meteorjob.server.jobs.JobCollectionServer;
import io.github.meteorjob.server.jobs.JobServerOptions;
import io.github.meteorjob.server.store.JobDoc;
import io.github.meteorjob.server.store.JobStore;
import io.github.meteorjob.server.store.JobStoreFactory;
import io.github.meteorjob.server.store.JobStores;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.spi.JsonProvider;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Random;
import java.util.function.Supplier;

/**
 * The job query extension's cost at growing collection sizes, through {@link JobCollectionServer#call} (what a
 * DDP client gets, without the socket). Not a test; run by hand after
 * {@code ./mvnw -pl server -am verify -DskipTests}:
 *
 * <pre>
 * java -Xmx3g -cp server/target/test-classes:server/target/meteor-job-server.jar \
 *      io.github.meteorjob.server.bench.QueryBench [10000,100000,1000000]
 * </pre>
 *
 * For each size it fills an in-memory store (both stores answer queries from the same in-heap index) with jobs of
 * 10 types, 70 % completed, 10 % failed, 5 % cancelled, 10 % ready, 4 % waiting, 1 % running, updated over 30 days,
 * then prints the median and the 90th percentile of 200 calls (after 200 warm-up calls) of: the first page (50) of
 * failed jobs, the first page of one type, a page after skipping 1000, the whole collection's counts, the counts
 * of one status, and, for contrast, a text search (10 calls after 10 warm-up calls; it looks at every job).
 */
public final class QueryBench {

    private static final JsonProvider JSON = Ejson.provider();
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private QueryBench() {
    }

    public static void main(String[] args) {
        String[] sizes = (args.length > 0 ? args[0] : "10000,100000,1000000").split(",");
        System.out.printf("%-9s %-34s %12s %12s%n", "jobs", "query", "median µs", "p90 µs");
        for (String size : sizes) {
            run(Integer.parseInt(size.trim()));
        }
    }

    private static void run(int n) {
        try (JobStoreFactory stores = JobStores.inMemory()) {
            JobStore store = stores.open("queue");
            fill(store, n);
            try (JobCollectionServer server = new JobCollectionServer("queue", store,
                    JobServerOptions.defaults().withPromoteInterval(Duration.ofHours(1)))) {
                measure(n, "findJobs status=failed, first 50", () -> server.call("findJobs",
                        params(obj("{\"status\":[\"failed\"]}"), obj("{}"))));
                measure(n, "findJobs type=t3, first 50", () -> server.call("findJobs",
                        params(obj("{\"type\":[\"t3\"]}"), obj("{}"))));
                measure(n, "findJobs all, skip 1000, 50", () -> server.call("findJobs",
                        params(obj("{}"), obj("{\"skip\":1000}"))));
                measure(n, "countJobs all", () -> server.call("countJobs", params(obj("{}"))));
                measure(n, "countJobs status=ready", () -> server.call("countJobs", params(obj("{\"status\":[\"ready\"]}"))));
                measure(n, "findJobs text=\"abc\" (scan)", () -> server.call("findJobs",
                        params(obj("{\"text\":\"abc\"}"), obj("{}"))), 10);
            }
        }
    }

    private static void fill(JobStore store, int n) {
        Random r = new Random(1);
        long span = Duration.ofDays(30).toMillis();
        for (int i = 0; i < n; i++) {
            int p = r.nextInt(100);
            String status = p < 70 ? "completed" : p < 80 ? "failed" : p < 85 ? "cancelled" : p < 95 ? "ready"
                    : p < 99 ? "waiting" : "running";
            JobDoc d = new JobDoc();
            d.id = Long.toString(0x1000000000L + r.nextLong(0xFFFFFFFFFL), 36) + i;
            d.type = "t" + r.nextInt(10);
            d.status = status;
            d.runId = "running".equals(status) ? "r" + i : null;
            d.data = JSON.createObjectBuilder().add("to", "user" + i + "@example.com").build();
            d.created = T0.plusMillis(r.nextLong(span));
            d.updated = d.created.plusMillis(r.nextInt(60_000));
            d.after = d.created;
            d.retryUntil = JobDoc.FOREVER_DATE;
            d.repeatUntil = JobDoc.FOREVER_DATE;
            d.retryBackoff = "constant";
            d.retries = 1;
            store.put(d);
        }
    }

    private static void measure(int n, String what, Supplier<Object> call) {
        measure(n, what, call, 200);
    }

    private static void measure(int n, String what, Supplier<Object> call, int rounds) {
        for (int i = 0; i < rounds; i++) {
            call.get();
        }
        long[] t = new long[rounds];
        for (int i = 0; i < t.length; i++) {
            long s = System.nanoTime();
            call.get();
            t[i] = System.nanoTime() - s;
        }
        Arrays.sort(t);
        System.out.printf("%-9d %-34s %12.1f %12.1f%n", n, what, t[t.length / 2] / 1e3, t[t.length * 9 / 10] / 1e3);
    }

    private static JsonObject obj(String json) {
        return JSON.createReader(new java.io.StringReader(json)).readObject();
    }

    private static JsonArray params(JsonObject... values) {
        var b = JSON.createArrayBuilder();
        for (JsonObject v : values) {
            b.add(v);
        }
        return b.build();
    }
}
