package io.github.meteorjob.it.bench;

import io.github.meteorjob.Job;
import io.github.meteorjob.JobCollection;
import io.github.meteorjob.JobQueue;
import io.github.meteorjob.QueueOptions;
import io.github.meteorjob.ShutdownLevel;
import io.github.meteorjob.ddp.DdpClient;
import io.github.meteorjob.ddp.DdpClientOptions;
import io.github.meteorjob.job.JobCollections;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The Java side of {@link SideBySideBenchmark}, run in its own JVM; does what {@code it/src/test/node/bench-worker.js}
 * does with meteor-job: saves {@code SAVES} no-op jobs of {@code TYPE} through {@code Job.save()} with up to 500
 * outstanding, then processes {@code PROCESS} jobs of {@code TYPE} with
 * {@code processJobsAsync(type, options, job -> job.done())} (or {@code processBatches} when payload &gt; 1). Prints
 * {@code SAVED} when the saves are answered (the parent splits the CPU time there), {@code FIRST} when the first
 * {@code done()} is answered and {@code RESULT {"saveRate":..,"jobRate":..}} at the end,
 * then waits for stdin to close so the parent can read this process's CPU time and peak RSS.
 * <pre>java ... JavaBenchWorker PORT ROOT TYPE SAVES PROCESS CONCURRENCY PREFETCH PAYLOAD</pre>
 */
public final class JavaBenchWorker {

    static final int SAVE_WINDOW = 500;
    /** Optional last argument: also save and process {@code PROCESS / 2} jobs with {@code processBatches}, for a training run. */
    static final String TRAIN = "train";

    private JavaBenchWorker() {
    }

    public static void main(String[] a) throws Exception {
        int port = Integer.parseInt(a[0]);
        String root = a[1];
        String type = a[2];
        int saves = Integer.parseInt(a[3]);
        int n = Integer.parseInt(a[4]);
        QueueOptions options = QueueOptions.defaults().withConcurrency(Integer.parseInt(a[5]))
                .withPrefetch(Integer.parseInt(a[6])).withPayload(Integer.parseInt(a[7]))
                .withPollInterval(Duration.ofSeconds(1))
                .withErrorHandler(e -> System.err.println("queue error: " + e));
        try (DdpClient client = DdpClient.create(DdpClientOptions.of("ws://127.0.0.1:" + port + "/websocket"))) {
            client.connect().toCompletableFuture().get(30, TimeUnit.SECONDS);
            JobCollection jobs = JobCollections.of(client, root);
            long s0 = System.nanoTime();
            save(jobs, type, saves);
            double saveRate = saves == 0 ? 0 : saves / ((System.nanoTime() - s0) / 1e9);
            System.out.println("SAVED");
            System.out.flush();
            double jobRate = process(jobs, type, options, n);
            if (a.length > 8 && TRAIN.equals(a[8])) {
                save(jobs, type + "-batch", n / 2);
                process(jobs, type + "-batch", options.withConcurrency(4).withPrefetch(20).withPayload(10), n / 2);
            }
            System.out.printf("RESULT {\"saveRate\":%.1f,\"jobRate\":%.1f}%n", saveRate, jobRate);
            System.out.flush();
        }
        while (System.in.read() >= 0) {
            // wait for the parent to read /proc and close stdin
        }
        System.exit(0);
    }

    static void save(JobCollection jobs, String type, int n) throws Exception {
        Semaphore window = new Semaphore(SAVE_WINDOW);
        AtomicInteger remaining = new AtomicInteger(n);
        CompletableFuture<Void> all = new CompletableFuture<>();
        if (n == 0) {
            return;
        }
        for (int i = 0; i < n; i++) {
            window.acquire();
            jobs.createJob(type, Map.of()).save().whenComplete((id, e) -> {
                if (e != null || id == null) {
                    all.completeExceptionally(e != null ? e : new IllegalStateException("save returned no id"));
                }
                window.release();
                if (remaining.decrementAndGet() == 0) {
                    all.complete(null);
                }
            });
        }
        all.get(10, TimeUnit.MINUTES);
    }

    static double process(JobCollection jobs, String type, QueueOptions options, int n) throws Exception {
        AtomicInteger processed = new AtomicInteger();
        CompletableFuture<Void> all = new CompletableFuture<>();
        long t0 = System.nanoTime();
        java.util.function.Function<Job, CompletionStage<?>> noop = job -> job.done().whenComplete((r, e) -> {
            if (e != null) {
                all.completeExceptionally(e);
            }
            int k = processed.incrementAndGet();
            if (k == 1) {
                System.out.println("FIRST");
                System.out.flush();
            }
            if (k == n) {
                all.complete(null);
            }
        });
        JobQueue queue = options.payload() > 1
                ? jobs.processBatches(List.of(type), options, batch -> batch.forEach(noop::apply))
                : jobs.processJobsAsync(List.of(type), options, noop::apply);
        try {
            all.get(10, TimeUnit.MINUTES);
        } finally {
            queue.shutdown(ShutdownLevel.SOFT).toCompletableFuture().get(1, TimeUnit.MINUTES);
        }
        return n / ((System.nanoTime() - t0) / 1e9);
    }
}
