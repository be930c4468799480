package io.github.meteorjob.server.bench;

import com.sun.management.OperatingSystemMXBean;
import io.github.meteorjob.ejson.Ejson;
import io.github.meteorjob.server.EmbeddedJobServer;
import io.github.meteorjob.server.ReferenceJobDoc;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The server's CPU per DDP method (issue 11): a real {@link EmbeddedJobServer} on 127.0.0.1, called one method
 * at a time with raw DDP frames by {@link RawDdpSocket} on this thread, so that the CPU of every other Java
 * thread is the server's (transport, method, store, commit); JIT compiler and GC threads are not Java threads
 * and are not counted. Reports CPU-µs and wall-µs per {@code jobSave}, {@code getWork} of 1 and of 10 jobs and
 * {@code jobDone}, the median of the measured rounds after one warm-up round, for the in-memory and the durable
 * store; and the server's start-up (cold, the first one in this JVM). Not a test; run by hand:
 *
 * <pre>
 * java -cp server/target/test-classes:server/target/classes:... io.github.meteorjob.server.bench.ServerMethodBench [memory|durable|both] [calls] [rounds]
 * </pre>
 */
public final class ServerMethodBench {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final OperatingSystemMXBean PROCESS = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private ServerMethodBench() {
    }

    public static void main(String[] args) throws Exception {
        String kinds = args.length > 0 ? args[0] : "both";
        int calls = args.length > 1 ? Integer.parseInt(args[1]) : 2_000;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        long cpu0 = PROCESS.getProcessCpuTime();
        long wall0 = System.nanoTime();
        EmbeddedJobServer first = EmbeddedJobServer.builder().start();
        System.out.printf("start-up (the first server in this JVM, until it listens): %.0f ms wall, %.0f ms process CPU%n",
                (System.nanoTime() - wall0) / 1e6, (PROCESS.getProcessCpuTime() - cpu0) / 1e6);
        first.close();
        for (String kind : kinds.equals("both") ? List.of("memory", "durable") : List.of(kinds)) {
            run(kind, calls, rounds);
        }
    }

    private static void run(String kind, int calls, int rounds) throws Exception {
        Path dir = kind.equals("durable") ? Files.createTempDirectory("methodbench") : null;
        Map<String, List<double[]>> samples = new LinkedHashMap<>();
        try (EmbeddedJobServer server = EmbeddedJobServer.builder().dataDir(dir).promoteInterval(Duration.ofHours(1)).start();
             RawDdpSocket client = RawDdpSocket.connect(server.port())) {
            String save = "[" + ReferenceJobDoc.of("work", Instant.now()).add("data", JsonValue.EMPTY_JSON_OBJECT)
                    .add("after", Ejson.date(Instant.EPOCH)).add("log", JsonValue.EMPTY_JSON_ARRAY).build() + ",{}]";
            for (int round = 0; round <= rounds; round++) { // round 0 warms up the JIT
                Map<String, double[]> r = new LinkedHashMap<>();
                r.put("jobSave", measure(calls, () -> client.call("queue_jobSave", save)));
                List<JsonObject> jobs = new ArrayList<>();
                r.put("getWork (1 job)", measure(calls, () -> jobs.addAll(work(client, 1))));
                r.put("jobDone", measure(calls, () -> done(client, jobs.remove(jobs.size() - 1))));
                for (int i = 0; i < calls; i++) {
                    client.call("queue_jobSave", save);
                }
                r.put("getWork (10 jobs)", measure(calls / 10, () -> jobs.addAll(work(client, 10))));
                while (!jobs.isEmpty()) {
                    done(client, jobs.remove(jobs.size() - 1));
                }
                if (round > 0) {
                    r.forEach((k, v) -> samples.computeIfAbsent(k, x -> new ArrayList<>()).add(v));
                }
            }
            if (Boolean.getBoolean("bench.threads")) {
                printThreads();
            }
        }
        System.out.printf("%s store, %,d calls per round, median (min-max) of %d rounds:%n", kind, calls, rounds);
        samples.forEach((name, list) -> {
            double[] cpu = list.stream().mapToDouble(v -> v[0]).sorted().toArray();
            double[] wall = list.stream().mapToDouble(v -> v[1]).sorted().toArray();
            System.out.printf("  %-18s server CPU %6.1f µs (%.1f-%.1f)   wall %6.1f µs%n", name,
                    cpu[cpu.length / 2], cpu[0], cpu[cpu.length - 1], wall[wall.length / 2]);
        });
    }

    private static List<JsonObject> work(RawDdpSocket client, int max) throws Exception {
        JsonArray jobs = (JsonArray) client.call("queue_getWork", "[[\"work\"],{\"maxJobs\":" + max + "}]");
        if (jobs.size() != max) {
            throw new IllegalStateException("getWork returned " + jobs.size() + " jobs, wanted " + max);
        }
        return jobs.getValuesAs(JsonObject.class);
    }

    private static void done(RawDdpSocket client, JsonObject job) throws Exception {
        client.call("queue_jobDone", "[\"" + job.getString("_id") + "\",\"" + job.getString("runId") + "\",{},{}]");
    }

    private interface Call {
        void run() throws Exception;
    }

    /** Runs {@code call} {@code n} times; returns server CPU-µs and wall-µs per call. */
    private static double[] measure(int n, Call call) throws Exception {
        long cpu = serverCpu();
        long wall = System.nanoTime();
        for (int i = 0; i < n; i++) {
            call.run();
        }
        return new double[] {(serverCpu() - cpu) / 1e3 / n, (System.nanoTime() - wall) / 1e3 / n};
    }

    /** With {@code -Dbench.threads=true}: which threads the server's CPU went to, by thread name without its number. */
    private static void printThreads() {
        Map<String, Long> byName = new java.util.TreeMap<>();
        for (java.lang.management.ThreadInfo t : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
            if (t != null) {
                byName.merge(t.getThreadName().replaceAll("[0-9]+", "N"), THREADS.getThreadCpuTime(t.getThreadId()), Long::sum);
            }
        }
        byName.forEach((name, ns) -> System.out.printf("    thread %-40s %8.0f ms CPU%n", name, ns / 1e6));
    }

    /** CPU time of every live Java thread but this one, in ns. */
    private static long serverCpu() {
        long self = Thread.currentThread().getId();
        return Arrays.stream(THREADS.getAllThreadIds()).filter(id -> id != self)
                .map(THREADS::getThreadCpuTime).filter(t -> t > 0).sum();
    }
}
