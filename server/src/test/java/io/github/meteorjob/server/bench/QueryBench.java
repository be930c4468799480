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
 *      io.github.meteorjob.server.bench.QueryBench [10000,100000,1000000] [heap]
 * </pre>
 *
 * For each size it fills an in-memory store (both stores answer queries from the same in-heap index) with jobs of
 * 10 types, 70 % completed, 10 % failed, 5 % cancelled, 10 % ready, 4 % waiting, 1 % running, updated over 30 days,
 * then prints the median and the 90th percentile of 200 calls ({@code -Dbench.rounds}) after as many warm-up calls,
 * and the number of matches, of: the first page (50) of failed jobs, the first page of one type, a page after
 * skipping 1000, the whole collection's counts, the counts of one status, and text searches: by an id prefix (the
 * first 4 characters of a job's id), by a type name ({@code t3}), combined with a status and another sort, by one
 * character, and by a text nothing matches. It prints the heap after a GC once the store is filled first (with
 * {@code heap}, only that). A query that takes over 50 ms gets 5 calls after 5 warm-up calls.
 */
public final class QueryBench {

    private static final JsonProvider JSON = Ejson.provider();
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final int ROUNDS = Integer.getInteger("bench.rounds", 200);

    private QueryBench() {
    }

    public static void main(String[] args) {
        String[] sizes = (args.length > 0 ? args[0] : "10000,100000,1000000").split(",");
        System.out.printf("%-9s %-36s %12s %12s %10s%n", "jobs", "query", "median µs", "p90 µs", "matches");
        boolean heapOnly = args.length > 1 && args[1].equals("heap");
        for (String size : sizes) {
            run(Integer.parseInt(size.trim()), heapOnly);
        }
    }

    private static void run(int n, boolean heapOnly) {
        try (JobStoreFactory stores = JobStores.inMemory()) {
            JobStore store = stores.open("queue");
            fill(store, n);
            System.out.printf("%-9d heap after GC with the store filled: %d MB%n", n, heapAfterGc() >> 20);
            if (heapOnly) {
                return;
            }
            try (JobCollectionServer server = new JobCollectionServer("queue", store,
                    JobServerOptions.defaults().withPromoteInterval(Duration.ofHours(1)))) {
                measure(n, "findJobs status=failed, first 50", server, "findJobs", "{\"status\":[\"failed\"]}", "{}");
                measure(n, "findJobs type=t3, first 50", server, "findJobs", "{\"type\":[\"t3\"]}", "{}");
                measure(n, "findJobs all, skip 1000, 50", server, "findJobs", "{}", "{\"skip\":1000}");
                measure(n, "countJobs all", server, "countJobs", "{}");
                measure(n, "countJobs status=ready", server, "countJobs", "{\"status\":[\"ready\"]}");
                // the text shapes: an id prefix (4 characters of a job's id), a type, a text that matches nothing
                String prefix = PREFIX_OF.substring(0, 4);
                measure(n, "findJobs text=<id prefix>", server, "findJobs", text(prefix), "{}");
                measure(n, "countJobs text=<id prefix>", server, "countJobs", text(prefix));
                measure(n, "findJobs text=t3 (a type)", server, "findJobs", text("T3"), "{}");
                measure(n, "findJobs text=t3, skip 1000, 50", server, "findJobs", text("t3"), "{\"skip\":1000}");
                measure(n, "findJobs text=t3+failed, created", server, "findJobs",
                        "{\"text\":\"t3\",\"status\":[\"failed\"]}", "{\"sort\":\"created\",\"order\":\"asc\"}");
                measure(n, "findJobs text=<1 char>, first 50", server, "findJobs", text(prefix.substring(0, 1)), "{}");
                measure(n, "findJobs text=zzzz (no match)", server, "findJobs", text("zzzz"), "{}");
            }
        }
    }

    /** An id from the middle of the collection, whose first characters are the id-prefix search. */
    private static String PREFIX_OF;

    private static String text(String t) {
        return "{\"text\":" + JSON.createValue(t) + "}";
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
            if (i == n / 2) {
                PREFIX_OF = d.id;
            }
        }
    }

    private static void measure(int n, String what, JobCollectionServer server, String method, String... params) {
        JsonObject[] values = new JsonObject[params.length];
        for (int i = 0; i < params.length; i++) {
            values[i] = obj(params[i]);
        }
        Supplier<Object> call = () -> server.call(method, params(values));
        long total = ((JsonObject) call.get()).getJsonNumber("total").longValue();
        // a query that still looks at every job gets fewer rounds, so that the bench ends
        long s0 = System.nanoTime();
        call.get();
        int rounds = System.nanoTime() - s0 > 50_000_000L ? 5 : ROUNDS;
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
        System.out.printf("%-9d %-36s %12.1f %12.1f %10d%n", n, what, t[t.length / 2] / 1e3, t[t.length * 9 / 10] / 1e3, total);
    }

    private static long heapAfterGc() {
        Runtime rt = Runtime.getRuntime();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            System.gc();
            used = Math.min(used, rt.totalMemory() - rt.freeMemory());
        }
        return used;
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
