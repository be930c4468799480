package io.github.meteorjob.server.jobs;

import io.github.meteorjob.JobStatus;
import io.github.meteorjob.server.ReferenceJobDoc;
import io.github.meteorjob.server.store.JobStores;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonString;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Retention over a million jobs on the durable store (tag {@code soak}: {@code ./mvnw -B -P soak -pl server -am
 * verify -Dtest=RetentionSoakTest}): jobs are saved and cancelled in rounds of 10,000 while the clock moves a
 * minute per round and retention keeps cancelled jobs 2 minutes; the live jobs, the heap after a GC and the store's
 * files must stay flat instead of growing with the jobs ever made. Prints the figures of docs/server-semantics.md.
 */
@Tag("soak")
class RetentionSoakTest {

    private static final int ROUND = 10_000;
    private static final int ROUNDS = Integer.getInteger("soak.rounds", 100);

    @TempDir
    Path dir;

    @Test
    void aMillionJobsKeepHeapAndFilesFlat() throws Exception {
        MutableClock clock = new MutableClock(java.time.Instant.parse("2026-01-01T00:00:00Z"));
        var stores = JobStores.durable(dir);
        JobCollectionServer server = new JobCollectionServer("queue", stores.open("queue"), JobServerOptions.defaults()
                .withClock(clock).withPromoteInterval(Duration.ofHours(1)).withRetention(RetentionPolicy.parse("cancelled=2m")));
        List<long[]> samples = new ArrayList<>(); // round, live jobs, heap after GC, bytes on disk
        long cancelled;
        long start = System.nanoTime();
        try {
            for (int round = 1; round <= ROUNDS; round++) {
                JsonArrayBuilder ids = Json.createArrayBuilder();
                for (int i = 0; i < ROUND; i++) {
                    var id = server.call("jobSave", Json.createArrayBuilder()
                            .add(ReferenceJobDoc.of("soak", clock.instant()).add("after", io.github.meteorjob.ejson.Ejson.date(
                                    clock.instant().plus(Duration.ofDays(1)))))
                            .add(Json.createObjectBuilder()).build());
                    ids.add(((JsonString) id).getString());
                }
                server.call("jobCancel", Json.createArrayBuilder().add(ids).add(Json.createObjectBuilder()).build());
                clock.advance(Duration.ofMinutes(1));
                server.applyRetention();
                if (round % 10 == 0) {
                    samples.add(new long[]{round, server.size(), heapAfterGc(), diskBytes(dir)});
                    long[] s = samples.get(samples.size() - 1);
                    System.out.printf("round %3d: %,d jobs made, %,d live, heap %,d MB, files %,d MB, %.0f s%n",
                            s[0], s[0] * ROUND, s[1], s[2] >> 20, s[3] >> 20, (System.nanoTime() - start) / 1e9);
                }
            }
            cancelled = server.counts().count(JobStatus.CANCELLED);
        } finally {
            server.close();
            stores.close();
        }
        long[] first = samples.get(0);
        long[] last = samples.get(samples.size() - 1);
        assertThat(last[1]).isLessThanOrEqualTo(3L * ROUND);
        assertThat(cancelled).isEqualTo(last[1]);
        // flat: what the first 100,000 jobs took, not ten times that after a million
        assertThat(last[2]).isLessThan(first[2] + (64L << 20));
        assertThat(last[3]).isLessThan(2 * first[3] + (16L << 20));
    }

    private static long heapAfterGc() {
        System.gc();
        var heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        return heap.getUsed();
    }

    private static long diskBytes(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            long sum = 0;
            for (Path f : (Iterable<Path>) files::iterator) {
                sum += Files.size(f);
            }
            return sum;
        }
    }
}
