package io.github.meteorjob.it.bench;

import io.github.meteorjob.ejson.Ejson;
import io.github.meteorjob.job.internal.JobDocument;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Thread CPU of two per-job client costs that issue 11 named as candidates for cuts, to size them before changing
 * code: writing a new job's document as EJSON text ({@code Ejson.append}), split into walking Parsson's tree
 * (entries, number text) and quoting the strings; and the queue's timer task per job (schedule at a fixed rate,
 * cancel when the job ends, 8 alive at a time as with concurrency 8). Not a test; run with the worker flags:
 * <pre>java -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -cp it/target/test-classes:$(cat it/target/cp.txt) \
 *     io.github.meteorjob.it.bench.ClientCostBenchmark</pre>
 */
public final class ClientCostBenchmark {

    private ClientCostBenchmark() {
    }

    public static void main(String[] args) {
        JsonObject data = Ejson.builders().createObjectBuilder().add("n", 1234).build();
        List<JsonObject> docs = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            docs.add(JobDocument.newJob("bench", data, Instant.ofEpochMilli(1_733_376_000_000L + i)).json());
        }
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long sink = 0;
        int strings = (int) strings(docs.get(0));
        System.out.printf("one new job document: %d characters of EJSON, %d strings and keys%n",
                Ejson.stringify(docs.get(0)).length(), strings);
        for (int round = 0; round < 4; round++) {
            long t0 = mx.getCurrentThreadCpuTime();
            for (int k = 0; k < 100; k++) {
                for (JsonObject d : docs) {
                    sink += Ejson.append(new StringBuilder(600), d).length();
                }
            }
            long t1 = mx.getCurrentThreadCpuTime();
            for (int k = 0; k < 100; k++) {
                for (JsonObject d : docs) {
                    sink += walk(d);
                }
            }
            long t2 = mx.getCurrentThreadCpuTime();
            for (int k = 0; k < 100_000; k++) {
                StringBuilder sb = new StringBuilder(600);
                for (int q = 0; q < strings; q++) {
                    Ejson.quote(sb, "retryWait");
                }
                sink += sb.length();
            }
            long t3 = mx.getCurrentThreadCpuTime();
            System.out.printf("round %d: Ejson.append %.0f ns per document; of which walking the tree %.0f ns,"
                    + " quoting %d strings %.0f ns%n", round, (t1 - t0) / 1e5, (t2 - t1) / 1e5, strings, (t3 - t2) / 1e5);
        }
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1);
        timer.setRemoveOnCancelPolicy(true); // as the queue's timer
        int n = 100_000;
        for (int round = 0; round < 4; round++) {
            ScheduledFuture<?>[] live = new ScheduledFuture<?>[8];
            long t0 = mx.getCurrentThreadCpuTime();
            for (int i = 0; i < n; i++) {
                int k = i & 7;
                if (live[k] != null) {
                    live[k].cancel(false);
                }
                live[k] = timer.scheduleAtFixedRate(() -> { }, 60_000, 60_000, TimeUnit.MILLISECONDS);
            }
            System.out.printf("round %d: timer task per job (schedule + cancel) %.0f ns%n", round,
                    (mx.getCurrentThreadCpuTime() - t0) / (double) n);
        }
        timer.shutdownNow();
        System.out.println(sink % 7 == 99 ? "" : "done");
    }

    private static long walk(JsonValue v) {
        switch (v.getValueType()) {
            case OBJECT: {
                long s = 0;
                for (Map.Entry<String, JsonValue> e : ((JsonObject) v).entrySet()) {
                    s += e.getKey().length() + walk(e.getValue());
                }
                return s;
            }
            case ARRAY: {
                long s = 0;
                for (JsonValue x : (JsonArray) v) {
                    s += walk(x);
                }
                return s;
            }
            case STRING:
                return ((JsonString) v).getString().length();
            case NUMBER:
                return v.toString().length();
            default:
                return 1;
        }
    }

    private static long strings(JsonValue v) {
        if (v instanceof JsonObject o) {
            return o.size() + o.values().stream().mapToLong(ClientCostBenchmark::strings).sum();
        }
        if (v instanceof JsonArray a) {
            return a.stream().mapToLong(ClientCostBenchmark::strings).sum();
        }
        return v instanceof JsonString ? 1 : 0;
    }
}
