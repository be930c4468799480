package io.github.meteorjob.it.bench;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Where a recorded process spends its CPU: reads the execution samples of a Flight Recorder file (for instance
 * one written by {@code SideBySideBenchmark -Dbench.jfr=DIR}) and prints the share of samples whose stack passes
 * through each area (JSON, WebSocket, DDP client, job client, server's DDP layer, store...), the server's DDP
 * methods (the outermost {@code io.github.meteorjob.server.jobs} frame past the dispatcher and lambdas), the samples per thread, and the
 * innermost project frames. A share is "samples whose stack contains it", so areas overlap.
 * <pre>java -cp ... io.github.meteorjob.it.bench.JfrBreakdown FILE.jfr [name=substring ...]</pre>
 */
public final class JfrBreakdown {

    static final Map<String, String> AREAS = new LinkedHashMap<>();

    static {
        AREAS.put("JSON (Parsson)", "org.eclipse.parsson.");
        AREAS.put("EJSON (ours)", "io.github.meteorjob.ejson.");
        AREAS.put("WebSocket (Tyrus)", "org.glassfish.tyrus.");
        AREAS.put("network I/O (Grizzly)", "org.glassfish.grizzly.");
        AREAS.put("DDP client", "io.github.meteorjob.ddp.");
        AREAS.put("job client", "io.github.meteorjob.job.");
        AREAS.put("CDI / FT", "io.github.meteorjob.cdi.");
        AREAS.put("Weld", "org.jboss.weld.");
        AREAS.put("SmallRye FT", "io.smallrye.faulttolerance.");
        AREAS.put("server DDP layer", "io.github.meteorjob.server.ddp.");
        AREAS.put("server jobs", "io.github.meteorjob.server.jobs.");
        AREAS.put("server store", "io.github.meteorjob.server.store.");
        AREAS.put("class loading", "java.lang.ClassLoader.loadClass");
        AREAS.put("thread hand-off (park/unpark)", "java.util.concurrent.locks.LockSupport.");
    }

    private JfrBreakdown() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> areas = new LinkedHashMap<>(AREAS);
        for (int i = 1; i < args.length; i++) {
            String[] kv = args[i].split("=", 2);
            areas.put(kv[0], kv[1]);
        }
        List<List<String>> stacks = new ArrayList<>();
        Map<String, Integer> threads = new HashMap<>();
        Map<String, Integer> topFrameTypes = new HashMap<>();
        double[] compiler = new double[2];
        double[] gc = new double[2];
        for (RecordedEvent e : RecordingFile.readAllEvents(Path.of(args[0]))) {
            String type = e.getEventType().getName();
            if (type.equals("jdk.CompilerStatistics")) {
                // compiler threads are not sampled: the JIT's own running totals (the last event has them all)
                compiler[0] = Math.max(compiler[0], e.getInt("compileCount"));
                compiler[1] = Math.max(compiler[1], e.getDuration("totalTimeSpent").toNanos() / 1e6);
            } else if (type.equals("jdk.GarbageCollection")) {
                gc[0]++;
                gc[1] += e.getDuration().toNanos() / 1e6;
            }
            if (!type.equals("jdk.ExecutionSample") || e.getStackTrace() == null) {
                continue;
            }
            if (!e.getStackTrace().getFrames().isEmpty()) {
                topFrameTypes.merge(e.getStackTrace().getFrames().get(0).getType(), 1, Integer::sum);
            }
            List<String> frames = new ArrayList<>();
            for (RecordedFrame f : e.getStackTrace().getFrames()) {
                frames.add(f.getMethod().getType().getName() + "." + f.getMethod().getName());
            }
            stacks.add(frames);
            String t = e.getThread("sampledThread") == null ? "?" : e.getThread("sampledThread").getJavaName();
            threads.merge(t == null ? "?" : t.replaceAll("\\d+", "N"), 1, Integer::sum);
        }
        int n = stacks.size();
        System.out.printf(Locale.ROOT, "%s: %d execution samples%n%nshare of samples passing through:%n", args[0], n);
        areas.forEach((name, pattern) -> {
            long c = stacks.stream().filter(s -> s.stream().anyMatch(f -> f.contains(pattern))).count();
            System.out.printf(Locale.ROOT, "  %-32s %5d  %5.1f %%%n", name, c, 100.0 * c / Math.max(1, n));
        });
        Map<String, Integer> serverMethods = new HashMap<>();
        Map<String, Integer> inner = new HashMap<>();
        for (List<String> s : stacks) {
            // the DDP method: the outermost server.jobs frame past the dispatcher (JobCollectionServer) and lambdas
            String outer = null;
            for (int i = s.size() - 1; i >= 0 && outer == null; i--) {
                String f = s.get(i);
                if (f.startsWith("io.github.meteorjob.server.jobs.") && !f.startsWith("io.github.meteorjob.server.jobs.JobCollectionServer")
                        && !f.contains("$$Lambda") && !f.contains(".lambda$")) {
                    outer = f;
                }
            }
            if (outer != null) {
                serverMethods.merge(outer, 1, Integer::sum);
            }
            s.stream().filter(f -> f.startsWith("io.github.meteorjob.")).findFirst()
                    .ifPresent(f -> inner.merge(f, 1, Integer::sum));
        }
        print("innermost frame's code (interpreted = not compiled yet)", topFrameTypes, n, 5);
        System.out.printf(Locale.ROOT, "%nJIT (jdk.CompilerStatistics, the last of the periodic events): %.0f compilations,"
                + " %.1f ms of compiler time%n", compiler[0], compiler[1]);
        System.out.printf(Locale.ROOT, "%ngarbage collections: %.0f, %.1f ms in total%n", gc[0], gc[1]);
        print("server job methods (outermost server.jobs frame past the dispatcher)", serverMethods, n, 15);
        print("threads", threads, n, 12);
        print("innermost project frame", inner, n, 20);
    }

    static void print(String title, Map<String, Integer> counts, int n, int limit) {
        if (counts.isEmpty()) {
            return;
        }
        System.out.printf("%n%s:%n", title);
        counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(limit)
                .forEach(e -> System.out.printf(Locale.ROOT, "  %5d  %5.1f %%  %s%n", e.getValue(),
                        100.0 * e.getValue() / Math.max(1, n), e.getKey()));
    }
}
