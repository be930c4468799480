package io.github.meteorjob.server.bench;

import io.github.meteorjob.server.ReferenceJobDoc;
import io.github.meteorjob.ejson.Ejson;
import io.github.meteorjob.server.jobs.JobCollectionServer;
import io.github.meteorjob.server.jobs.JobServerOptions;
import io.github.meteorjob.server.store.JobStoreFactory;
import io.github.meteorjob.server.store.JobStores;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * The job stores compared through the job server (in-process, no socket). Not a test; run by
 * hand after {@code ./mvnw -pl server -am verify -DskipTests}:
 *
 * <pre>
 * java -cp server/target/test-classes:server/target/meteor-job-server.jar \
 *      io.github.meteorjob.server.bench.StoreBench [memory,durable] [100000,1000000] [threads]
 * </pre>
 *
 * For each store and size, one child JVM ({@code -Xmx3g}) saves N small jobs (an e-mail address
 * and a subject, due at once) from {@code threads} concurrent callers, processes them (getWork of
 * up to 10 + jobDone each, from as many workers), then runs 5 rounds of saving, processing and
 * removing N/10 more jobs (the file must not grow); a second child JVM reopens the durable
 * directory. It prints saves/s, jobs/s, heap and disk bytes per job, reopen time and RSS.
 */
public final class StoreBench {

    private static final JsonProvider JSON = Ejson.provider();
    private static final String TYPE = "email";

    private StoreBench() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("child-run")) {
            childRun(args[1], Integer.parseInt(args[2]), Path.of(args[3]), Integer.parseInt(args[4]));
            return;
        }
        if (args.length > 0 && args[0].equals("child-reopen")) {
            childReopen(Path.of(args[1]), Integer.parseInt(args[2]));
            return;
        }
        String[] kinds = (args.length > 0 ? args[0] : "memory,durable").split(",");
        String[] sizes = (args.length > 1 ? args[1] : "100000,1000000").split(",");
        String threads = args.length > 2 ? args[2] : "8";
        for (String size : sizes) {
            for (String kind : kinds) {
                Path dir = Files.createTempDirectory("storebench");
                try {
                    child("child-run", kind, size, dir.toString(), threads);
                    if (!kind.equals("memory")) {
                        child("child-reopen", dir.toString(), size);
                    }
                } finally {
                    deleteTree(dir);
                }
            }
        }
    }

    private static void child(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx3g", "-cp", System.getProperty("java.class.path"), StoreBench.class.getName()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                System.out.println(line);
            }
        }
        if (p.waitFor() != 0) {
            throw new IllegalStateException("child " + String.join(" ", args) + " exited with " + p.exitValue());
        }
    }

    private static JobStoreFactory factory(String kind, Path dir) {
        return switch (kind) {
            case "memory" -> JobStores.inMemory();
            case "durable" -> JobStores.durable(dir);
            case "durable-fsync" -> JobStores.durable(dir, true);
            default -> throw new IllegalArgumentException("store kind memory, durable or durable-fsync, not " + kind);
        };
    }

    public static JsonArray save(int i) {
        Instant now = Instant.now();
        // the reference client's document (the one builder of the server's tests) with a small e-mail as data
        JsonObject doc = ReferenceJobDoc.of(TYPE, now).add("after", Ejson.date(now))
                .add("data", JSON.createObjectBuilder().add("to", "user" + i + "@example.org").add("subject", "Welcome, user " + i))
                .build();
        return JSON.createArrayBuilder().add(doc).add(JsonValue.EMPTY_JSON_OBJECT).build();
    }

    /** Saves {@code n} jobs from {@code threads} callers; returns their ids. */
    private static List<String> saveAll(JobCollectionServer server, int n, int threads, int offset) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        AtomicInteger next = new AtomicInteger();
        List<Future<List<String>>> parts = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            parts.add(pool.submit(() -> {
                List<String> ids = new ArrayList<>();
                int i;
                while ((i = next.getAndIncrement()) < n) {
                    ids.add(((jakarta.json.JsonString) server.call("jobSave", save(offset + i))).getString());
                }
                return ids;
            }));
        }
        List<String> ids = new ArrayList<>(n);
        for (Future<List<String>> f : parts) {
            ids.addAll(f.get());
        }
        pool.shutdown();
        return ids;
    }

    /** Works off {@code n} ready jobs with {@code threads} workers (getWork ≤ 10, jobDone each). */
    private static void processAll(JobCollectionServer server, int n, int threads) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        AtomicInteger done = new AtomicInteger();
        JsonArray getWork = JSON.createArrayBuilder().add(JSON.createArrayBuilder().add(TYPE))
                .add(JSON.createObjectBuilder().add("maxJobs", 10)).build();
        List<Future<?>> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            workers.add(pool.submit(() -> {
                while (done.get() < n) {
                    JsonArray work = (JsonArray) server.call("getWork", getWork);
                    if (work.isEmpty()) {
                        Thread.sleep(1); // the last jobs are still being worked on by others
                        continue;
                    }
                    for (JsonValue v : work) {
                        JsonObject job = v.asJsonObject();
                        server.call("jobDone", JSON.createArrayBuilder().add(job.getString("_id")).add(job.getString("runId"))
                                .add(JsonValue.EMPTY_JSON_OBJECT).add(JsonValue.EMPTY_JSON_OBJECT).build());
                        done.incrementAndGet();
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : workers) {
            f.get();
        }
        pool.shutdown();
    }

    private static void childRun(String kind, int n, Path dir, int threads) throws Exception {
        long heap0 = heapAfterGc();
        JobStoreFactory factory = factory(kind, dir);
        try (JobCollectionServer server = new JobCollectionServer("bench", factory.open("bench"),
                JobServerOptions.defaults().withPromoteInterval(Duration.ofHours(1)))) {
            server.startJobServer();
            long t0 = System.nanoTime();
            long c0 = cpu();
            saveAll(server, n, threads, 0);
            double saveSecs = (System.nanoTime() - t0) / 1e9;
            double saveCpu = (cpu() - c0) / 1e9;
            long heapSaved = heapAfterGc();
            long diskSaved = diskBytes(dir);
            long rssSaved = rss();
            t0 = System.nanoTime();
            c0 = cpu();
            processAll(server, n, threads);
            double processSecs = (System.nanoTime() - t0) / 1e9;
            double processCpu = (cpu() - c0) / 1e9;
            long diskProcessed = diskBytes(dir);
            StringBuilder rounds = new StringBuilder();
            int round = Math.max(1, n / 10);
            for (int r = 0; r < 5; r++) {
                List<String> ids = saveAll(server, round, threads, n + r * round);
                processAll(server, round, threads);
                for (int i = 0; i < ids.size(); i += 1000) {
                    JsonArrayBuilder chunk = JSON.createArrayBuilder();
                    ids.subList(i, Math.min(ids.size(), i + 1000)).forEach(chunk::add);
                    server.call("jobRemove", JSON.createArrayBuilder().add(chunk).add(JsonValue.EMPTY_JSON_OBJECT).build());
                }
                rounds.append(String.format(" %.0f", diskBytes(dir) / (double) n));
            }
            long heapEnd = heapAfterGc();
            System.out.printf("%-8s n=%,d threads=%d: saves %,.0f/s | save+process %,.0f jobs/s (process alone %,.0f/s)"
                            + " | CPU µs/job: save %.0f, process %.0f | heap/job %,.0f B (saved), %,.0f B (completed) | RSS %,d MB%n",
                    kind, n, threads, n / saveSecs, n / (saveSecs + processSecs), n / processSecs,
                    saveCpu * 1e6 / n, processCpu * 1e6 / n,
                    (heapSaved - heap0) / (double) n, (heapEnd - heap0) / (double) server.size(), rssSaved >> 20);
            if (!kind.equals("memory")) {
                System.out.printf("%-8s disk/job: %,.0f B saved, %,.0f B completed; after each of 5 rounds of +%,d saved,"
                        + " processed, removed:%s B%n", kind, diskSaved / (double) n, diskProcessed / (double) n, round, rounds);
            } else {
                System.out.printf("%-8s RSS with %,d completed jobs after GC: %,d MB%n", kind, server.size(), rss() >> 20);
            }
        } finally {
            factory.close();
        }
    }

    private static void childReopen(Path dir, int n) throws Exception {
        long t0 = System.nanoTime();
        long c0 = cpu();
        JobStoreFactory factory = JobStores.durable(dir);
        try (JobCollectionServer server = new JobCollectionServer("bench", factory.open("bench"),
                JobServerOptions.defaults().withPromoteInterval(Duration.ofHours(1)))) {
            server.startJobServer();
            int size = server.size();
            double secs = (System.nanoTime() - t0) / 1e9;
            double cpuSecs = (cpu() - c0) / 1e9;
            double sinceJvm = (System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime()) / 1e3;
            long heap = heapAfterGc();
            System.out.printf("reopen   %,d jobs: ready in %.2f s (CPU %.2f s; %.2f s since JVM start) | heap %,d MB | RSS %,d MB | disk %,.0f B/job%n",
                    size, secs, cpuSecs, sinceJvm, heap >> 20, rss() >> 20, diskBytes(dir) / (double) Math.max(1, size));
        } finally {
            factory.close();
        }
    }

    /** CPU time of the whole process (all threads, GC included): robust against a busy machine. */
    private static long cpu() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static long heapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static long rss() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        return -1;
    }

    private static long diskBytes(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(f -> {
                try {
                    return Files.size(f);
                } catch (IOException e) {
                    return 0; // deleted meanwhile by compaction
                }
            }).sum();
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(f);
            }
        }
    }
}
