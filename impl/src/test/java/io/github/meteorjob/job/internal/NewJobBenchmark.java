package io.github.meteorjob.job.internal;

import io.github.meteorjob.ejson.Ejson;
import jakarta.json.JsonObject;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Instant;

/**
 * Thread CPU per new job document and its {@code jobSave} params text, the creator's save-phase cost in the
 * client (not a unit test; run by hand, same class path as {@code io.github.meteorjob.ddp.FrameReadBenchmark}):
 * <pre>
 * java -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -cp impl/target/test-classes:impl/target/classes:$(cat impl/cp.txt) \
 *     io.github.meteorjob.job.internal.NewJobBenchmark [jobs]
 * </pre>
 */
public final class NewJobBenchmark {

    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        JsonObject data = Ejson.builders().createObjectBuilder().add("n", 1234).build();
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long sink = 0;
        for (int round = 0; round < 3; round++) {
            long t0 = mx.getCurrentThreadCpuTime();
            for (int k = 0; k < n; k++) {
                sink += JobDocument.newJob("bench", data, Instant.ofEpochMilli(1_733_376_000_000L + k)).json().size();
            }
            long build = mx.getCurrentThreadCpuTime() - t0;
            t0 = mx.getCurrentThreadCpuTime();
            for (int k = 0; k < n; k++) {
                JsonObject doc = JobDocument.newJob("bench", data, Instant.ofEpochMilli(1_733_376_000_000L + k)).json();
                sink += Ejson.append(new StringBuilder(600), doc).length();
            }
            long both = mx.getCurrentThreadCpuTime() - t0;
            System.out.printf("round %d: newJob %.0f ns, newJob + EJSON text %.0f ns per job (%d)%n", round,
                    (double) build / n, (double) both / n, sink % 10);
        }
    }
}
