package io.github.meteorjob.ddp;

import io.github.meteorjob.ejson.Ejson;
import jakarta.json.JsonObject;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;

/**
 * CPU per incoming frame of the frames a worker receives for every job (not a unit test; run by hand):
 * the tree reader ({@code Ejson.parse} + dispatch, the path before {@link HotFrames}) against the streaming
 * one, in thread CPU time, so it stays meaningful on a loaded machine:
 * <pre>
 * ./mvnw -q -o -pl impl -am test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=cp.txt
 * java -cp impl/target/test-classes:impl/target/classes:$(cat impl/cp.txt) \
 *     io.github.meteorjob.ddp.FrameReadBenchmark [frames]
 * </pre>
 */
public final class FrameReadBenchmark {

    /** A job document as the server sends it in a {@code getWork} result (one job). */
    static final String JOB = "{\"_id\":\"hR5xbS3kQ9pLmN2Ty\",\"runId\":\"aB3dE5fG7hJ9kL1mN\",\"type\":\"bench-8-24-1\","
            + "\"data\":{\"n\":1234},\"status\":\"running\",\"updated\":{\"$date\":1733376000123},"
            + "\"created\":{\"$date\":1733376000001},\"priority\":0,\"retries\":0,\"retried\":0,"
            + "\"retryUntil\":{\"$date\":8640000000000000},\"retryWait\":300000,\"retryBackoff\":\"constant\","
            + "\"repeats\":0,\"repeated\":0,\"repeatUntil\":{\"$date\":8640000000000000},\"repeatWait\":300000,"
            + "\"depends\":[],\"resolved\":[],\"after\":{\"$date\":1733376000001},"
            + "\"expiresAfter\":{\"$date\":1733376060123},\"workTimeout\":60000,"
            + "\"progress\":{\"completed\":0,\"total\":1,\"percent\":0},"
            + "\"log\":[{\"time\":{\"$date\":1733376000001},\"runId\":null,\"level\":\"info\",\"message\":\"Constructed\"},"
            + "{\"time\":{\"$date\":1733376000123},\"runId\":\"aB3dE5fG7hJ9kL1mN\",\"level\":\"info\","
            + "\"message\":\"Promoted to ready\"}]}";

    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        String[] frames = {
            "{\"msg\":\"result\",\"id\":\"12345\",\"result\":true}",
            "{\"msg\":\"updated\",\"methods\":[\"12345\"]}",
            "{\"msg\":\"result\",\"id\":\"12346\",\"result\":[" + JOB + "]}",
            "{\"msg\":\"result\",\"id\":\"12347\",\"result\":\"hR5xbS3kQ9pLmN2Ty\"}",
        };
        String[] names = {"result true (jobDone)", "updated", "result [job] (getWork)", "result id (jobSave)"};
        Counters counters = new Counters();
        PendingCalls calls = new PendingCalls(null, counters, Duration.ofSeconds(10));
        HotFrames hot = new HotFrames(calls);
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        for (int round = 0; round < 3; round++) {
            System.out.printf("round %d (%d frames each, thread CPU ns per frame)%n", round, n);
            for (int i = 0; i < frames.length; i++) {
                String f = frames[i];
                long t0 = mx.getCurrentThreadCpuTime();
                for (int k = 0; k < n; k++) {
                    JsonObject o = (JsonObject) Ejson.parse(f);
                    if ("result".equals(o.getString("msg"))) {
                        calls.onResult(o);
                    } else {
                        calls.onUpdated(o);
                    }
                }
                long tree = mx.getCurrentThreadCpuTime() - t0;
                t0 = mx.getCurrentThreadCpuTime();
                for (int k = 0; k < n; k++) {
                    hot.read(f);
                }
                long stream = mx.getCurrentThreadCpuTime() - t0;
                System.out.printf("  %-24s tree %6.0f  streaming %6.0f  (%.2fx)%n", names[i], (double) tree / n,
                        (double) stream / n, (double) tree / stream);
            }
        }
    }
}
