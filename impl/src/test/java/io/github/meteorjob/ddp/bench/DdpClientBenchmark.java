package io.github.meteorjob.ddp.bench;

import io.github.meteorjob.ddp.CallOptions;
import io.github.meteorjob.ddp.DdpClient;
import io.github.meteorjob.ddp.DdpClientOptions;
import io.github.meteorjob.testing.ScriptedDdpServer;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonValue;

import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Loopback benchmark of the DDP client against the scripted echo server (not a unit test; run by hand):
 * <pre>
 * ./mvnw -q -pl api,impl test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=cp.txt
 * java -cp impl/target/test-classes:impl/target/classes:$(cat impl/cp.txt) \
 *     io.github.meteorjob.ddp.bench.DdpClientBenchmark [pipelinedCalls] [sequentialCalls]
 * </pre>
 * Prints pipelined throughput (calls/s with up to {@code WINDOW} outstanding calls; with
 * {@code -Dbench.bursts=true} in bursts of {@code WINDOW}) and the sequential round-trip latency
 * percentiles. The echo server handles frames on its I/O thread.
 */
public final class DdpClientBenchmark {

    static final int WINDOW = 1000;

    public static void main(String[] args) throws Exception {
        int pipelined = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        int sequential = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
        try (ScriptedDdpServer server = ScriptedDdpServer.start(null, true).recordFrames(false).sendUpdated(false);
             DdpClient client = DdpClient.create(DdpClientOptions.builder(server.url())
                     .heartbeatInterval(Duration.ZERO).build())) {
            server.onMethod("echo", p -> p.get(0));
            client.connect().toCompletableFuture().get(10, TimeUnit.SECONDS);
            JsonArray params = Json.createArrayBuilder().add("payload").build();

            // warm-up
            runPipelined(client, params, 50_000);
            runSequential(client, params, 5_000);

            long t0 = System.nanoTime();
            runPipelined(client, params, pipelined);
            double secs = (System.nanoTime() - t0) / 1e9;
            System.out.printf("pipelined: %d calls in %.2f s = %.0f calls/s (window %d)%n",
                    pipelined, secs, pipelined / secs, WINDOW);

            long[] lat = runSequential(client, params, sequential);
            Arrays.sort(lat);
            System.out.printf("sequential: %d calls, p50 %.1f us, p90 %.1f us, p99 %.1f us%n", sequential,
                    lat[lat.length / 2] / 1e3, lat[(int) (lat.length * 0.9)] / 1e3, lat[(int) (lat.length * 0.99)] / 1e3);
        }
    }

    static void runPipelined(DdpClient client, JsonArray params, int n) throws Exception {
        if (Boolean.getBoolean("bench.bursts")) {
            for (int done = 0; done < n; done += WINDOW) {
                CompletableFuture<?>[] fs = new CompletableFuture<?>[WINDOW];
                for (int i = 0; i < WINDOW; i++) {
                    fs[i] = client.call("echo", params, CallOptions.DEFAULT).toCompletableFuture();
                }
                CompletableFuture.allOf(fs).get(60, TimeUnit.SECONDS);
            }
            return;
        }
        Semaphore window = new Semaphore(WINDOW);
        AtomicLong failures = new AtomicLong();
        CompletableFuture<Void> done = new CompletableFuture<>();
        AtomicLong remaining = new AtomicLong(n);
        for (int i = 0; i < n; i++) {
            window.acquire();
            client.call("echo", params, CallOptions.DEFAULT).whenComplete((v, e) -> {
                if (e != null) {
                    failures.incrementAndGet();
                }
                window.release();
                if (remaining.decrementAndGet() == 0) {
                    done.complete(null);
                }
            });
        }
        done.get(120, TimeUnit.SECONDS);
        if (failures.get() > 0) {
            throw new IllegalStateException(failures.get() + " calls failed");
        }
    }

    static long[] runSequential(DdpClient client, JsonArray params, int n) throws Exception {
        long[] lat = new long[n];
        for (int i = 0; i < n; i++) {
            long t = System.nanoTime();
            JsonValue v = client.call("echo", params, CallOptions.DEFAULT).toCompletableFuture().get();
            lat[i] = System.nanoTime() - t;
            if (v == null) {
                throw new IllegalStateException("no result");
            }
        }
        return lat;
    }
}
