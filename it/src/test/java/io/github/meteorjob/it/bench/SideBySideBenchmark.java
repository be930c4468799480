package io.github.meteorjob.it.bench;

import io.github.meteorjob.JobCollection;
import io.github.meteorjob.ddp.DdpClient;
import io.github.meteorjob.ddp.DdpClientOptions;
import io.github.meteorjob.job.JobCollections;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Issue 11's side-by-side benchmark: the embedded server jar in one process, and one worker per process, either
 * the JavaScript {@code meteor-job@1.5.2} worker ({@code it/src/test/node/bench-worker.js}, npm {@code ddp@0.12.1},
 * Node) or the Java worker ({@link JavaBenchWorker} from jars, see {@link WorkerLaunch}: with the JVM's default
 * flags, with the recommended worker flags, with those plus an AppCDS archive, on JDK 25 with its AOT cache;
 * {@link CdiBenchWorker} through CDI), in alternating order each round against the same server. Each worker process saves
 * N no-op jobs (500 outstanding) and then processes them. Reported per run: jobs/s, saves/s, the worker's CPU
 * seconds (user+system from {@code /proc/PID/stat}), its peak RSS ({@code VmHWM}) and the server's CPU seconds
 * during the run; then the time from starting a worker process to its first processed job (the job saved
 * beforehand). Writes {@code docs/side-by-side.md} and {@code docs/side-by-side.png}. Not a test; see
 * docs/benchmarks.md for the one command that runs it. Linux only (reads {@code /proc}).
 *
 * <p>System properties: {@code bench.jobs} (5000), {@code bench.bigJobs} (40000; 0 skips), {@code bench.rounds}
 * (2), {@code bench.configs} ({@code 1:0:1,8:8:1,8:24:1,4:20:10} as concurrency:prefetch:payload),
 * {@code bench.flags} (the recommended worker JVM flags), {@code bench.startups} (5), {@code bench.out} (docs), {@code bench.serverJar}
 * ({@code server/target/meteor-job-server.jar}), {@code bench.npm} (where meteor-job and ddp are installed,
 * {@code it/target/bench-npm}), {@code bench.jfr} (a directory: the server and every Java worker record with Flight
 * Recorder there; read the files with {@link JfrBreakdown}), {@code bench.kinds} (the {@link Kind}s to run),
 * {@code bench.jdk25} (a JDK 25 home; default {@code JAVA25_HOME} or {@code /usr/lib/jvm/*25*}).
 */
public final class SideBySideBenchmark {

    static final String ROOT = "bench";
    static final String RECOMMENDED_FLAGS = "-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xshare:auto -Xmx96m -Xss256k";

    /** A worker configuration: concurrency, prefetch, payload, jobs per run. */
    record Config(int concurrency, int prefetch, int payload, int jobs) {
        String label() {
            return String.format(Locale.ROOT, "%d, %d, %d; %,d jobs", concurrency, prefetch, payload, jobs);
        }
    }

    /**
     * One worker process's figures; {@code saveCpuSeconds} and {@code serverSaveCpuSeconds} are the worker's and the
     * server's CPU seconds up to the saves being answered (the worker's include its JVM start), the rest of
     * {@code cpuSeconds}/{@code serverCpuSeconds} is the processing phase.
     */
    record Run(double jobRate, double saveRate, double cpuSeconds, double rssMb, double serverCpuSeconds,
               double firstJobMs, double saveCpuSeconds, double serverSaveCpuSeconds, double jobRateWithBoot,
               Map<String, Double> threadCpu) {
        double processCpuSeconds() {
            return cpuSeconds - saveCpuSeconds;
        }

        double serverProcessCpuSeconds() {
            return serverCpuSeconds - serverSaveCpuSeconds;
        }
    }

    private final Path repo = Path.of("").toAbsolutePath();
    private final Path npm;
    private final List<String> recommended;
    private final Path log;
    /** {@code -Dbench.jfr=DIR}: every worker and the server record with Flight Recorder into DIR. */
    private final Path jfrDir = System.getProperty("bench.jfr") == null ? null : Path.of(System.getProperty("bench.jfr"));
    private final WorkerLaunch launch;
    private final List<Kind> kinds;
    private Process server;
    private volatile Process worker;
    private int port;
    private int typeSeq;

    SideBySideBenchmark() throws IOException {
        npm = Path.of(System.getProperty("bench.npm", repo.resolve("it/target/bench-npm").toString()));
        recommended = Arrays.asList(System.getProperty("bench.flags", RECOMMENDED_FLAGS).trim().split("\\s+"));
        log = Files.createTempFile("side-by-side", ".log");
        launch = new WorkerLaunch(repo, recommended);
        List<Kind> chosen = new ArrayList<>();
        String names = System.getProperty("bench.kinds", "JS,JAVA,JAVA_RECOMMENDED,JAVA_CDS,JAVA25_AOT,CDI,CDI_CDS");
        for (String n : names.split(",")) {
            Kind k = Kind.valueOf(n.trim());
            if (launch.available(k)) {
                chosen.add(k);
            } else {
                System.out.println("no JDK 25 found (-Dbench.jdk25=DIR): skipping " + k);
            }
        }
        chosen.sort(null);
        kinds = List.copyOf(chosen);
    }

    /**
     * Writes the start-up archive of each chosen kind that has one with a training run: the worker saves and processes
     * 2,000 jobs with {@code processJobs} (8, 24, 1) and 1,000 with {@code processBatches}, as a user's training run
     * would exercise the worker's real code paths once.
     */
    void train() throws Exception {
        for (Kind k : kinds) {
            if (WorkerLaunch.trained(k)) {
                long t0 = System.nanoTime();
                Config c = new Config(8, 24, 1, 2000);
                // the CDI worker's observers have fixed types
                run(k, c, k.cdi() ? cdiType(c) : "train" + (++typeSeq), 2000, 2000, launch.trainingFlags(k), true);
                System.out.printf(Locale.ROOT, "trained %s in %.1f s%n", k, (System.nanoTime() - t0) / 1e9);
            }
        }
    }

    /**
     * The worker kinds, in the order of the table's columns. {@code bench.kinds} picks some of them (default: all
     * but {@link #JAVA25}, which only separates the JDK's own effect from its AOT cache's).
     */
    enum Kind {
        JS("JS meteor-job@1.5.2", "JS", 0xE0A800),
        JAVA("Java (default JVM flags)", "Java", 0x1F77B4),
        JAVA_RECOMMENDED("Java (recommended flags)", "Java rec.", 0x2CA02C),
        JAVA_CDS("Java rec. + AppCDS archive (JDK 17)", "rec. + CDS", 0x17BECF),
        JAVA25("Java rec. on JDK 25", "JDK 25", 0x8C564B),
        JAVA25_AOT("Java rec. on JDK 25 + AOT cache", "JDK 25 + AOT", 0xD62728),
        CDI("Java CDI: Weld SE + FT (rec. flags)", "CDI", 0x9467BD),
        CDI_CDS("Java CDI + AppCDS archive (JDK 17)", "CDI + CDS", 0xE377C2);

        final String title;
        final String shortName;
        final int rgb;

        Kind(String title, String shortName, int rgb) {
            this.title = title;
            this.shortName = shortName;
            this.rgb = rgb;
        }

        /** Runs {@link CdiBenchWorker} (Weld SE) rather than the plain client. */
        boolean cdi() {
            return this == CDI || this == CDI_CDS;
        }

        boolean onJdk25() {
            return this == JAVA25 || this == JAVA25_AOT;
        }
    }

    public static void main(String[] args) throws Exception {
        int jobs = Integer.getInteger("bench.jobs", 5000);
        int bigJobs = Integer.getInteger("bench.bigJobs", 40000);
        int rounds = Integer.getInteger("bench.rounds", 2);
        List<Config> configs = new ArrayList<>();
        for (String s : System.getProperty("bench.configs", "1:0:1,8:8:1,8:24:1,4:20:10").split(",")) {
            String[] p = s.trim().split(":");
            configs.add(new Config(Integer.parseInt(p[0]), Integer.parseInt(p[1]), Integer.parseInt(p[2]), jobs));
        }
        if (bigJobs > 0) {
            configs.add(new Config(8, 24, 1, bigJobs));
        }
        SideBySideBenchmark b = new SideBySideBenchmark();
        b.npmInstall();
        b.startServer();
        b.train();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            Process w = b.worker;
            if (w != null) {
                w.destroyForcibly();
            }
            b.server.destroy();
        }));
        try {
            String started = Instant.now().toString();
            String loadStart = loadAverage();
            Map<Config, Map<Kind, List<Run>>> results = new LinkedHashMap<>();
            for (Config c : configs) {
                Map<Kind, List<Run>> byKind = new LinkedHashMap<>();
                for (Kind k : b.kinds) {
                    byKind.put(k, new ArrayList<>());
                }
                for (int r = 0; r < rounds; r++) {
                    List<Kind> order = new ArrayList<>(b.kinds);
                    if (r % 2 == 1) {
                        java.util.Collections.reverse(order);
                    }
                    for (Kind k : order) {
                        Run run = b.run(k, c, c.jobs(), c.jobs());
                        byKind.get(k).add(run);
                        System.out.printf(Locale.ROOT, "%-26s %-16s %8.0f jobs/s %8.0f saves/s %6.2f CPU-s %5.0f MB"
                                + "  server %5.2f CPU-s  load %s%n", c.label(), k, run.jobRate(), run.saveRate(),
                                run.cpuSeconds(), run.rssMb(), run.serverCpuSeconds(), loadAverage());
                    }
                }
                results.put(c, byKind);
            }
            Map<Kind, List<Run>> startups = new LinkedHashMap<>();
            for (Kind k : b.kinds) {
                startups.put(k, new ArrayList<>());
            }
            int starts = Integer.getInteger("bench.startups", 5);
            for (int r = 0; r < starts; r++) {
                for (Kind k : b.kinds) {
                    Run run = b.startup(k);
                    startups.get(k).add(run);
                    System.out.printf(Locale.ROOT, "start-up %-16s first job after %5.0f ms%n", k, run.firstJobMs());
                }
            }
            Path out = Path.of(System.getProperty("bench.out", "docs"));
            SideBySideReport report = new SideBySideReport(results, startups, b.kinds, b.recommended, started,
                    loadStart, loadAverage());
            Files.writeString(out.resolve("side-by-side.md"), report.markdown());
            report.chart(out.resolve("side-by-side.png"));
            System.out.println(report.markdown());
            System.out.println("wrote " + out.resolve("side-by-side.md") + " and " + out.resolve("side-by-side.png")
                    + "; worker logs in " + b.log);
        } finally {
            b.server.destroy();
            b.server.waitFor(20, TimeUnit.SECONDS);
        }
    }

    void npmInstall() throws Exception {
        if (Files.exists(npm.resolve("node_modules/meteor-job/package.json"))
                && Files.exists(npm.resolve("node_modules/ddp/package.json"))) {
            return;
        }
        Files.createDirectories(npm);
        Files.writeString(npm.resolve("package.json"), "{\"name\":\"meteor-job-bench\",\"private\":true}\n");
        Process p = new ProcessBuilder("npm", "install", "--no-audit", "--no-fund", "--no-save", "meteor-job@1.5.2",
                "ddp@0.12.1").directory(npm.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        if (p.waitFor() != 0) {
            throw new IllegalStateException("npm install failed, see " + log);
        }
    }

    void startServer() throws Exception {
        Path jar = Path.of(System.getProperty("bench.serverJar", repo.resolve("server/target/meteor-job-server.jar").toString()));
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: build it first (see docs/benchmarks.md)");
        }
        List<String> cmd = new ArrayList<>(List.of(javaBin()));
        if (jfrDir != null) {
            Files.createDirectories(jfrDir);
            cmd.add("-XX:StartFlightRecording=settings=profile,filename=" + jfrDir.resolve("server.jfr"));
        }
        cmd.addAll(List.of("-jar", jar.toString(), "--port", "0", "--host", "127.0.0.1", "--collection", ROOT));
        server = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        BufferedReader r = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
        Pattern listening = Pattern.compile("listening on ws://[^/]+:(\\d+)/");
        for (String line; port == 0 && (line = r.readLine()) != null; ) {
            Matcher m = listening.matcher(line);
            if (m.find()) {
                port = Integer.parseInt(m.group(1));
            }
        }
        if (port == 0) {
            throw new IllegalStateException("the server did not start, see " + log);
        }
        Thread drain = new Thread(() -> r.lines().forEach(l -> { }), "server-stdout");
        drain.setDaemon(true);
        drain.start();
    }

    List<String> command(Kind k, String type, int saves, int n, Config c, List<String> jvm, boolean training) {
        List<String> cmd = new ArrayList<>();
        if (k == Kind.JS) {
            cmd.addAll(List.of("node", repo.resolve("it/src/test/node/bench-worker.js").toString()));
        } else {
            cmd.addAll(jvm);
            if (jfrDir != null) { // also in a training run: JDK 25 uses an AOT cache only with the same JFR setting
                cmd.add("-XX:StartFlightRecording=settings=profile,filename=" + jfrDir.resolve(
                        String.format(Locale.ROOT, "%s-%d-%d-%d-%d-%s.jfr", k, c.concurrency(), c.prefetch(),
                                c.payload(), n, type)));
            }
            cmd.addAll(List.of("-cp", launch.classPath(),
                    (k.cdi() ? CdiBenchWorker.class : JavaBenchWorker.class).getName()));
        }
        cmd.addAll(List.of(String.valueOf(port), ROOT, type, String.valueOf(saves), String.valueOf(n),
                String.valueOf(c.concurrency()), String.valueOf(c.prefetch()), String.valueOf(c.payload())));
        if (training) {
            cmd.add(JavaBenchWorker.TRAIN);
        }
        return cmd;
    }

    Run run(Kind k, Config c, int saves, int n) throws Exception {
        return run(k, c, k.cdi() ? cdiType(c) : "noop" + (++typeSeq), saves, n);
    }

    /** The CDI worker's observers have fixed types (annotation values). */
    static String cdiType(Config c) {
        return c.payload() > 1 ? CdiBenchWorker.BATCH : CdiBenchWorker.SINGLE;
    }

    Run run(Kind k, Config c, String type, int saves, int n) throws Exception {
        return run(k, c, type, saves, n, k == Kind.JS ? List.of() : launch.jvm(k), false);
    }

    Run run(Kind k, Config c, String type, int saves, int n, List<String> jvm, boolean training) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command(k, type, saves, n, c, jvm, training))
                .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().put("NODE_PATH", npm.resolve("node_modules").toString());
        double server0 = cpuSeconds(server.pid());
        long t0 = System.nanoTime();
        Process p = pb.start();
        worker = p;
        // a worker that hangs must not hang the benchmark
        Thread watchdog = new Thread(() -> {
            try {
                if (!p.waitFor(5, TimeUnit.MINUTES)) {
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
        // threads come and go (the JVM starts and stops extra JIT compiler threads, FT's pool grows and shrinks):
        // poll them so an ended thread keeps the CPU time it was last seen with
        Map<String, double[]> seen = new java.util.concurrent.ConcurrentHashMap<>();
        Thread poller = new Thread(() -> {
            while (p.isAlive()) {
                pollThreads(p.pid(), seen);
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "thread-poller");
        poller.setDaemon(true);
        poller.start();
        double firstMs = -1;
        double savedCpu = 0;
        double savedServerCpu = 0;
        String result = null;
        java.util.ArrayDeque<String> last = new java.util.ArrayDeque<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                last.add(line);
                if (last.size() > 5) {
                    last.poll();
                }
                if (line.equals("SAVED")) {
                    savedCpu = cpuSeconds(p.pid());
                    savedServerCpu = cpuSeconds(server.pid()) - server0;
                } else if (line.equals("FIRST") && firstMs < 0) {
                    firstMs = (System.nanoTime() - t0) / 1e6;
                } else if (line.startsWith("RESULT ")) {
                    result = line.substring(7);
                    break;
                }
            }
            if (result == null) {
                throw new IllegalStateException(k + " worker ended without a result (its last output: " + last
                        + "), see " + log);
            }
            poller.interrupt();
            pollThreads(p.pid(), seen);
            Map<String, Double> threads = new LinkedHashMap<>();
            seen.forEach((tid, v) -> threads.merge(threadGroupNames.get((int) v[1]), v[0], Double::sum));
            double cpu = cpuSeconds(p.pid());
            threads.merge(EXITED, cpu - threads.values().stream().mapToDouble(Double::doubleValue).sum(), Double::sum);
            double rss = peakRssMb(p.pid());
            double serverCpu = cpuSeconds(server.pid()) - server0;
            p.getOutputStream().close();
            // a training run writes its archive at exit: wait for that
            if (!p.waitFor(training ? 120 : 30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
            if (training && p.exitValue() != 0) {
                throw new IllegalStateException(k + " training run failed, see " + log);
            }
            return new Run(number(result, "jobRate"), number(result, "saveRate"), cpu, rss, serverCpu, firstMs,
                    savedCpu, savedServerCpu, result.contains("jobRateWithBoot") ? number(result, "jobRateWithBoot")
                    : Double.NaN, threads);
        } finally {
            p.destroyForcibly();
        }
    }

    /** One worker processing one job saved beforehand: the time from starting its process to that job done. */
    Run startup(Kind k) throws Exception {
        String type = k.cdi() ? CdiBenchWorker.SINGLE : "start" + (++typeSeq);
        try (DdpClient client = DdpClient.create(DdpClientOptions.of("ws://127.0.0.1:" + port + "/websocket"))) {
            client.connect().toCompletableFuture().get(30, TimeUnit.SECONDS);
            JobCollection jobs = JobCollections.of(client, ROOT);
            jobs.createJob(type, Map.of()).save().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
        return run(k, new Config(1, 0, 1, 1), type, 0, 1);
    }

    static double number(String json, String key) {
        Matcher m = Pattern.compile("\"" + key + "\":([0-9.eE+-]+)").matcher(json);
        if (!m.find()) {
            throw new IllegalStateException("no " + key + " in " + json);
        }
        return Double.parseDouble(m.group(1));
    }

    /** user + system CPU seconds of a live process ({@code /proc/PID/stat}, clock ticks of 1/100 s). */
    static double cpuSeconds(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0;
    }

    static final String EXITED = "threads that ended between two polls (100 ms)";

    /** The thread groups of {@link #threadCpuSeconds}, by the thread's name ({@code /proc/PID/task/TID/comm}). */
    static String threadGroup(String comm, boolean mainThread) {
        if (comm.startsWith("C1 Compiler") || comm.startsWith("C2 Compiler") || comm.startsWith("Training replay")) {
            return "JIT compiler threads";
        }
        if (comm.equals("node") && !mainThread) {
            // Node names all its threads "node": these are V8's platform workers (concurrent compiling and GC) and libuv's
            return "Node helper threads (V8 compiler and GC workers, libuv)";
        }
        if (comm.startsWith("GC Thread") || comm.startsWith("G1 ") || comm.equals("VM Thread")) {
            return "GC and safepoints (VM Thread; Serial GC runs there)";
        }
        String c = comm.toLowerCase(Locale.ROOT);
        if (c.startsWith("grizzly") || c.contains("tyrus") || c.contains("selector")) {
            return "WebSocket I/O (Grizzly/Tyrus)";
        }
        if (c.startsWith("meteor-job") || c.startsWith("ddp-") || c.startsWith("pool-") || c.startsWith("forkjoinpool")) {
            return "job queue, workers, DDP timer, FT pool";
        }
        if (comm.equals("java") || comm.equals("node") || comm.equals("main")) {
            return "main thread (JS: the event loop, i.e. all of meteor-job, ddp and JSON)";
        }
        return "other JVM/runtime threads";
    }

    private static final List<String> threadGroupNames = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** Records the CPU seconds and group (index into {@link #threadGroupNames}) of each live thread of a process by id. */
    static void pollThreads(long pid, Map<String, double[]> seen) {
        try (var tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
            for (Path t : (Iterable<Path>) tasks::iterator) {
                try {
                    String comm = Files.readString(t.resolve("comm")).trim();
                    String stat = Files.readString(t.resolve("stat"));
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    String group = threadGroup(comm, t.getFileName().toString().equals(String.valueOf(pid)));
                    synchronized (threadGroupNames) {
                        if (!threadGroupNames.contains(group)) {
                            threadGroupNames.add(group);
                        }
                    }
                    seen.put(t.getFileName().toString(), new double[] {
                        (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0, threadGroupNames.indexOf(group)});
                } catch (IOException | RuntimeException gone) {
                    // the thread ended meanwhile: it keeps the time it was last seen with
                }
            }
        } catch (IOException | RuntimeException e) {
            // the process ended: nothing more to see
        }
    }

    /** Peak resident set size in MB ({@code VmHWM} of {@code /proc/PID/status}). */
    static double peakRssMb(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
            }
        }
        return -1;
    }

    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return "?";
        }
    }

    static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
