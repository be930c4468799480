package io.github.meteorjob.it.bench;

import io.github.meteorjob.Job;
import io.github.meteorjob.JobCollection;
import io.github.meteorjob.JobQueue;
import io.github.meteorjob.QueueOptions;
import io.github.meteorjob.ShutdownLevel;
import io.github.meteorjob.ddp.DdpClient;
import io.github.meteorjob.ddp.DdpClientOptions;
import io.github.meteorjob.ejson.Ejson;
import io.github.meteorjob.job.JobCollections;
import io.github.meteorjob.server.EmbeddedJobServer;
import io.github.meteorjob.server.jobs.JobCollectionServer;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * End-to-end throughput of one Java worker {@link JobQueue} against the embedded job server (in-memory store)
 * over a real DDP WebSocket on 127.0.0.1, both in this JVM. Not a test; run by hand (see docs/benchmarks.md):
 * <pre>
 * ./mvnw -q -pl api,impl,server,it test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=cp.txt
 * java -cp it/target/test-classes:$(cat it/cp.txt) io.github.meteorjob.it.bench.WorkerThroughputBenchmark [jobs] [preloads...]
 * </pre>
 * <ol>
 *   <li>Saves {@code jobs} (default 20,000) no-op jobs through {@code Job.save()} with up to {@value #SAVE_WINDOW}
 *       calls outstanding (pipelined) and prints the save rate.</li>
 *   <li>Starts one queue whose worker only calls {@code done()} and prints jobs/s from the queue's start to the
 *       last {@code jobDone} answer (the completed jobs are then removed, so rounds do not grow the collection), for each worker configuration ({@code -Dbench.configs}, default below).
 *       Each configuration runs {@code -Dbench.rounds} (default 3) measured rounds after one warm-up round.</li>
 *   <li>For each preload size (default 10,000 and 200,000): a fresh server whose collection already holds that
 *       many jobs (half completed jobs of the worked type, 40 % ready jobs of another type, 10 % jobs of the
 *       worked type waiting a year ahead), then the first configuration again, to show the cost stays flat.</li>
 * </ol>
 * A configuration is {@code single|batch:concurrency:payload:prefetch}, e.g.
 * {@code -Dbench.configs=single:8:1:24,batch:2:50:100}; the first one is also used for part 3.
 * {@code -Dbench.preloads=} (empty) skips part 3; {@code -Dbench.jfr=/tmp/p} records each processing phase with
 * Flight Recorder (profile settings) to {@code /tmp/p-N.jfr}.
 */
public final class WorkerThroughputBenchmark {

    static final String ROOT = "bench";
    static final String TYPE = "noop";
    /** Below the server's default limit of 1000 outstanding methods per connection. */
    static final int SAVE_WINDOW = 500;
    static final JsonProvider JSON = Ejson.provider();

    record Config(boolean batch, int concurrency, int payload, int prefetch) {
        static Config parse(String s) {
            String[] p = s.trim().split(":");
            if (p.length != 4 || !(p[0].equals("single") || p[0].equals("batch"))) {
                throw new IllegalArgumentException("worker configuration must be single|batch:concurrency:payload:prefetch, was " + s);
            }
            return new Config(p[0].equals("batch"), Integer.parseInt(p[1]), Integer.parseInt(p[2]), Integer.parseInt(p[3]));
        }

        QueueOptions options() {
            return QueueOptions.defaults().withConcurrency(concurrency).withPayload(payload).withPrefetch(prefetch)
                    .withPollInterval(Duration.ofSeconds(1));
        }

        @Override
        public String toString() {
            return (batch ? "batch" : "single") + " concurrency=" + concurrency + " payload=" + payload + " prefetch=" + prefetch;
        }
    }

    private WorkerThroughputBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int jobs = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        long[] preloads = args.length > 1
                ? Arrays.stream(args, 1, args.length).mapToLong(Long::parseLong).toArray()
                : Arrays.stream(System.getProperty("bench.preloads", "10000,200000").split(","))
                        .filter(s -> !s.isBlank()).mapToLong(s -> Long.parseLong(s.trim())).toArray();
        List<Config> configs = Arrays.stream(System.getProperty("bench.configs",
                "single:8:1:24,single:1:1:0,single:8:1:0,single:8:1:8,single:8:1:56,batch:2:50:100,batch:4:100:200").split(","))
                .map(Config::parse).toList();
        int rounds = Integer.getInteger("bench.rounds", 3);
        System.out.printf("%d no-op jobs per round, %d cores, JDK %s, load average at start %s%n", jobs,
                Runtime.getRuntime().availableProcessors(), Runtime.version(), loadAverage());

        try (Bench b = new Bench(0)) {
            // warm-up of save and process paths (JIT), not reported
            b.save(jobs);
            b.process(configs.get(0), jobs);
            for (int r = 0; r < rounds; r++) {
                double rate = b.save(jobs);
                System.out.printf("save: %,.0f jobs/s (Job.save(), %d outstanding)%n", rate, SAVE_WINDOW);
                b.process(configs.get(0), jobs);
            }
            for (Config c : configs) {
                b.save(jobs);
                b.process(c, jobs); // warm-up for this shape
                double[] rates = new double[rounds];
                for (int r = 0; r < rounds; r++) {
                    b.save(jobs);
                    rates[r] = b.process(c, jobs);
                }
                report(c + "; last round: " + b.lastFetches, rates);
            }
        }

        for (long preload : preloads) {
            try (Bench b = new Bench(preload)) {
                Config c = configs.get(0);
                b.save(jobs);
                b.process(c, jobs);
                double[] rates = new double[rounds];
                for (int r = 0; r < rounds; r++) {
                    b.save(jobs);
                    rates[r] = b.process(c, jobs);
                }
                report(String.format("%s, %,d jobs pre-loaded (collection now %,d); last round: %s", c, preload,
                        b.collectionSize(), b.lastFetches), rates);
            }
        }
        System.out.printf("load average at end %s; live threads %d%n", loadAverage(), Thread.activeCount());
    }

    static void report(String what, double[] rates) {
        double[] sorted = rates.clone();
        Arrays.sort(sorted);
        StringBuilder all = new StringBuilder();
        for (double r : rates) {
            all.append(all.length() == 0 ? "" : ", ").append(String.format("%,.0f", r));
        }
        System.out.printf("process (%s): median %,.0f jobs/s [%s] load %s%n", what, sorted[sorted.length / 2], all, loadAverage());
    }

    static String loadAverage() {
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).trim();
        } catch (Exception e) {
            return String.format("%.2f", java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        }
    }

    /** One embedded server and one connected client. */
    static final class Bench implements AutoCloseable {
        final EmbeddedJobServer server;
        final DdpClient client;
        final JobCollection jobs;
        /** Ids saved by the last {@link #save}, removed after they were processed (see {@link #removeSaved}). */
        final java.util.Queue<String> saved = new java.util.concurrent.ConcurrentLinkedQueue<>();
        /** Run ids handed out by getWork (one per call that returned jobs) and jobs started, for the fetch sizes. */
        final java.util.Set<String> runIds = java.util.concurrent.ConcurrentHashMap.newKeySet();
        final AtomicLong started = new AtomicLong();

        Bench(long preload) throws Exception {
            server = EmbeddedJobServer.builder().collection(ROOT).start();
            server.collection(ROOT).addListener(event -> {
                if (event instanceof io.github.meteorjob.server.jobs.ServerJobEvent.Running r) {
                    runIds.add(r.runId());
                    started.incrementAndGet();
                }
            });
            client = DdpClient.create(DdpClientOptions.of(server.url()));
            jobs = JobCollections.of(client, ROOT);
            if (preload > 0) {
                long t0 = System.nanoTime();
                preload(server.collection(ROOT), jobs, preload);
                System.out.printf("pre-loaded %,d jobs in %.1f s%n", preload, (System.nanoTime() - t0) / 1e9);
                System.gc();
            }
            client.connect().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }

        /** Fetch sizes of the last processing phase. */
        String lastFetches = "";

        int collectionSize() {
            return server.collection(ROOT).size();
        }

        /** Saves n no-op jobs with up to SAVE_WINDOW calls outstanding; returns jobs/s. */
        double save(int n) throws Exception {
            Semaphore window = new Semaphore(SAVE_WINDOW);
            AtomicLong failures = new AtomicLong();
            AtomicInteger remaining = new AtomicInteger(n);
            CompletableFuture<Void> all = new CompletableFuture<>();
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                window.acquire();
                jobs.createJob(TYPE, Map.of()).save().whenComplete((id, e) -> {
                    if (e != null || id == null) {
                        failures.incrementAndGet();
                    } else {
                        saved.add(id);
                    }
                    window.release();
                    if (remaining.decrementAndGet() == 0) {
                        all.complete(null);
                    }
                });
            }
            all.get(5, TimeUnit.MINUTES);
            double secs = (System.nanoTime() - t0) / 1e9;
            if (failures.get() > 0) {
                throw new IllegalStateException(failures.get() + " saves failed");
            }
            return n / secs;
        }

        /** Processes n ready jobs with one queue of the given shape; returns jobs/s up to the last done answer. */
        double process(Config c, int n) throws Exception {
            AtomicInteger remaining = new AtomicInteger(n);
            AtomicLong failures = new AtomicLong();
            CompletableFuture<Void> all = new CompletableFuture<>();
            java.util.function.Consumer<Job> noop = job -> job.done().whenComplete((r, e) -> {
                if (e != null || !r.completed()) {
                    failures.incrementAndGet();
                }
                if (remaining.decrementAndGet() == 0) {
                    all.complete(null);
                }
            });
            runIds.clear();
            started.set(0);
            jdk.jfr.Recording recording = startRecording();
            long t0 = System.nanoTime();
            JobQueue queue = c.batch()
                    ? jobs.processBatches(List.of(TYPE), c.options().withErrorHandler(WorkerThroughputBenchmark::fail),
                            batch -> batch.forEach(noop))
                    : jobs.processJobs(List.of(TYPE), c.options().withErrorHandler(WorkerThroughputBenchmark::fail),
                            noop::accept);
            try {
                all.get(5, TimeUnit.MINUTES);
            } finally {
                queue.shutdown(ShutdownLevel.NORMAL).toCompletableFuture().get(1, TimeUnit.MINUTES);
            }
            double secs = (System.nanoTime() - t0) / 1e9;
            stopRecording(recording);
            if (failures.get() > 0) {
                throw new IllegalStateException(failures.get() + " jobDone calls failed");
            }
            removeSaved();
            lastFetches = String.format("%d getWork answers with jobs, %.1f jobs each", runIds.size(),
                    started.get() / (double) Math.max(1, runIds.size()));
            return n / secs;
        }

        /** Removes the processed jobs through the server's Java API, so rounds do not grow the collection. */
        void removeSaved() {
            List<String> ids = new java.util.ArrayList<>(saved);
            saved.clear();
            for (int i = 0; i < ids.size(); i += 1000) {
                jakarta.json.JsonArrayBuilder chunk = JSON.createArrayBuilder();
                ids.subList(i, Math.min(ids.size(), i + 1000)).forEach(chunk::add);
                server.collection(ROOT).call("jobRemove", JSON.createArrayBuilder().add(chunk).add(JsonValue.EMPTY_JSON_OBJECT).build());
            }
        }

        @Override
        public void close() {
            try {
                client.close();
            } finally {
                server.close();
            }
        }
    }

    private static int recordings;

    /** With {@code -Dbench.jfr=PREFIX}, each processing phase (not the saves) is recorded to PREFIX-N.jfr. */
    static jdk.jfr.Recording startRecording() throws Exception {
        String prefix = System.getProperty("bench.jfr");
        if (prefix == null) {
            return null;
        }
        jdk.jfr.Recording r = new jdk.jfr.Recording(jdk.jfr.Configuration.getConfiguration("profile"));
        r.setDestination(java.nio.file.Path.of(prefix + "-" + (++recordings) + ".jfr"));
        r.start();
        return r;
    }

    static void stopRecording(jdk.jfr.Recording r) {
        if (r != null) {
            r.stop();
            r.close();
        }
    }

    static void fail(Throwable e) {
        System.err.println("queue error: " + e);
    }

    /**
     * Fills the collection through the server's Java API (no socket): half completed jobs of the worked type,
     * 40 % ready jobs of another type, 10 % jobs of the worked type waiting a year ahead.
     */
    static void preload(JobCollectionServer server, JobCollection jobs, long count) {
        JsonArray other = saveParams(jobs, "other", Instant.EPOCH);
        JsonArray later = saveParams(jobs, TYPE, Instant.now().plus(Duration.ofDays(365)));
        JsonArray done = saveParams(jobs, TYPE, Instant.EPOCH);
        long completed = count / 2;
        long i = 0;
        while (i < completed) {
            int batch = (int) Math.min(1000, completed - i);
            for (int k = 0; k < batch; k++) {
                server.call("jobSave", done);
            }
            JsonArray work = (JsonArray) server.call("getWork", JSON.createArrayBuilder()
                    .add(JSON.createArrayBuilder().add(TYPE)).add(JSON.createObjectBuilder().add("maxJobs", batch)).build());
            for (JsonValue v : work) {
                JsonObject job = (JsonObject) v;
                server.call("jobDone", JSON.createArrayBuilder().add(job.getString("_id")).add(job.getString("runId"))
                        .add(JsonValue.EMPTY_JSON_OBJECT).add(JsonValue.EMPTY_JSON_OBJECT).build());
            }
            i += work.size();
            if (work.size() != batch) {
                throw new IllegalStateException("pre-load: getWork returned " + work.size() + " of " + batch + " jobs");
            }
        }
        for (; i < count; i++) {
            server.call("jobSave", i % 5 == 0 ? later : other);
        }
    }

    /** A new job document as the client library builds it (no call needed), as jobSave params. */
    static JsonArray saveParams(JobCollection jobs, String type, Instant after) {
        JsonObject doc = jobs.createJob(type, Map.of()).after(after).document();
        return JSON.createArrayBuilder().add(doc).add(JsonValue.EMPTY_JSON_OBJECT).build();
    }
}
