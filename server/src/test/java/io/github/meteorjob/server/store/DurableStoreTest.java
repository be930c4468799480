package io.github.meteorjob.server.store;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The durable store's files: reopen, far dates, compaction, torn and damaged files, one process per directory. */
class DurableStoreTest {

    @TempDir
    Path dir;

    private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");
    private static final Instant YEAR_2404 = Instant.parse("2404-06-01T12:00:00.123Z");

    static JobDoc job(String id, String status) {
        JobDoc d = new JobDoc();
        d.id = id;
        d.type = "email";
        d.status = status;
        d.data = Json.createObjectBuilder().add("to", id + "@example.org").add("subject", "Hello " + id).build();
        d.after = T;
        d.updated = T;
        d.created = T;
        d.retryUntil = JobDoc.FOREVER_DATE;
        d.repeatUntil = JobDoc.FOREVER_DATE;
        d.retryBackoff = "constant";
        d.retries = 1;
        d.log.add(LogEntry.of(T, "Job Submitted"));
        return d;
    }

    private static List<String> files(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static long diskBytes(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.mapToLong(p -> p.toFile().length()).sum();
        }
    }

    @Test
    void everyFieldComesBackAfterReopenIncludingDatesCenturiesAhead() {
        JobDoc d = job("far", "running");
        d.runId = "r1";
        d.after = YEAR_2404;
        d.expiresAfter = JobDoc.FOREVER_DATE; // 8.64e15 ms, the largest JavaScript date
        d.workTimeout = 60_000L;
        d.repeatRetries = JobDoc.FOREVER;
        d.retries = JobDoc.FOREVER;
        d.repeats = JobDoc.FOREVER;
        d.priority = -10;
        d.progressCompleted = 1.5;
        d.progressTotal = 3;
        d.progressPercent = 50;
        d.depends = List.of("a", "b");
        d.resolved = List.of("c");
        d.data = Json.createObjectBuilder()
                .add("nested", Json.createObjectBuilder().add("list", Json.createArrayBuilder().add(1).add("two").addNull().add(true)))
                .add("exact", Json.createValue(new BigDecimal("1.50")))
                .add("huge", Json.createValue(new BigDecimal("123456789012345678901234567890")))
                .add("negative", -42)
                .add("double", 0.1)
                .add("date", Json.createObjectBuilder().add("$date", 8640000000000000L))
                .add("unicode", "Grüße ✉ \u0000 end")
                .add("nothing", JsonValue.NULL)
                .add("no", false)
                .build();
        d.result = Json.createObjectBuilder().add("ok", true).build();
        d.failures = List.of(Json.createObjectBuilder().add("value", "boom").build());
        d.log.add(new LogEntry(YEAR_2404, "r1", "danger", "far away", Json.createObjectBuilder().add("k", 1).build()));
        d.log.add(new LogEntry(T, null, "custom-level", "kept as text", null));
        d.retryBackoff = "exponential";
        d.repeatSchedule = Json.createObjectBuilder().add("schedules", Json.createArrayBuilder()
                .add(Json.createObjectBuilder().add("h", Json.createArrayBuilder().add(3)))).build();
        JsonObject expected = d.toJson();
        try (JobStoreFactory f = JobStores.durable(dir)) {
            JobStore s = f.open("q");
            s.put(d);
            s.commit();
        }
        try (JobStoreFactory f = JobStores.durable(dir)) {
            JobStore s = f.open("q");
            assertThat(s.get("far").toJson()).isEqualTo(expected);
            assertThat(s.get("far").toJson().toString()).isEqualTo(expected.toString());
            assertThat(s.earliestExpiry()).contains(JobDoc.FOREVER_DATE);
            assertThat(s.dependentsOf("a")).containsExactly("far");
        }
    }

    @Test
    void theSameJobsComeBackFromMemoryEncoding() {
        // the in-memory store keeps the same encoded form: what goes in comes out equal
        try (JobStoreFactory f = JobStores.inMemory()) {
            JobStore s = f.open("q");
            JobDoc d = job("m", "waiting");
            d.after = YEAR_2404;
            s.put(d);
            assertThat(s.get("m").toJson()).isEqualTo(d.toJson());
            assertThat(s.promotableIds(YEAR_2404)).containsExactly("m");
        }
    }

    @Test
    void compactionKeepsEveryJobAndTheFilesStayNearTheLiveSize() throws Exception {
        Map<String, JsonObject> expected = new HashMap<>();
        Random random = new Random(7);
        long maxDisk = 0;
        try (LogJobStoreFactory f = new LogJobStoreFactory(dir, false, 32 << 10)) {
            JobStore s = f.open("q");
            JobStore other = f.open("other");
            other.put(job("o", "completed"));
            other.commit();
            for (int i = 0; i < 4_000; i++) {
                String id = "j" + random.nextInt(100);
                if (random.nextInt(10) == 0) {
                    s.remove(id);
                    expected.remove(id);
                } else {
                    JobDoc d = job(id, i % 2 == 0 ? "waiting" : "completed");
                    d.priority = i;
                    s.put(d);
                    expected.put(id, d.toJson());
                }
                s.commit();
                if (i % 250 == 0) {
                    maxDisk = Math.max(maxDisk, diskBytes(dir));
                }
            }
            f.awaitCompaction();
            assertThat(files(dir)).anyMatch(n -> n.startsWith("snap-"));
        }
        // 4,000 writes of ~230 bytes: without compaction the log alone would reach 0.9 MB
        assertThat(maxDisk).isLessThan(300 << 10);
        try (JobStoreFactory f = JobStores.durable(dir)) {
            JobStore s = f.open("q");
            Map<String, JsonObject> actual = new HashMap<>();
            for (String id : s.allIds()) {
                actual.put(id, s.get(id).toJson());
            }
            assertThat(actual).isEqualTo(expected);
            assertThat(f.open("other").get("o")).isNotNull();
        }
    }

    private Path newestLog() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().startsWith("log-")).max(Path::compareTo).orElseThrow();
        }
    }

    @Test
    void aWriteCutShortAtTheEndOfTheLogIsDroppedAndEverythingBeforeItKept() throws Exception {
        try (JobStoreFactory f = JobStores.durable(dir)) {
            JobStore s = f.open("q");
            for (int i = 0; i < 10; i++) {
                s.put(job("j" + i, "waiting"));
                s.commit();
            }
        }
        Path log = newestLog();
        long intact = Files.size(log);
        try (FileChannel ch = FileChannel.open(log, StandardOpenOption.APPEND)) {
            // a frame header announcing 500 bytes, followed by only 3 of them (a kill mid-write)
            ch.write(ByteBuffer.allocate(11).putInt(500).putInt(1234).put(new byte[] {1, 2, 3}).flip());
        }
        try (JobStoreFactory f = JobStores.durable(dir)) {
            JobStore s = f.open("q");
            assertThat(s.size()).isEqualTo(10);
            assertThat(Files.size(log)).isEqualTo(intact);
            s.put(job("after", "waiting"));
            s.commit();
        }
        try (JobStoreFactory f = JobStores.durable(dir)) {
            assertThat(f.open("q").size()).isEqualTo(11);
        }
    }

    @Test
    void damageBeforeTheEndIsAnErrorNamingTheFileNotASilentLoss() throws Exception {
        try (JobStoreFactory f = JobStores.durable(dir)) {
            f.open("q").put(job("a", "waiting"));
            f.open("q").commit();
        }
        Path first = newestLog();
        try (JobStoreFactory f = JobStores.durable(dir)) {
            f.open("q").put(job("b", "waiting"));
            f.open("q").commit();
        }
        byte[] bytes = Files.readAllBytes(first);
        bytes[bytes.length - 5] ^= 0x55; // inside the first log's only frame
        Files.write(first, bytes);
        assertThatThrownBy(() -> JobStores.durable(dir))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining(first.getFileName().toString())
                .hasMessageContaining("damaged");
    }

    @Test
    void aSecondServerOnTheSameDirectoryIsRefused() {
        try (JobStoreFactory f = JobStores.durable(dir)) {
            f.open("q");
            assertThatThrownBy(() -> JobStores.durable(dir))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("in use");
        }
        try (JobStoreFactory again = JobStores.durable(dir)) {
            assertThat(again.open("q").size()).isZero();
        }
    }

    @Test
    void jobsOfTheEarlierMvStoreFileAreImportedOnce() throws Exception {
        JobDoc old = job("old", "completed");
        old.after = YEAR_2404;
        try (org.h2.mvstore.MVStore mv = new org.h2.mvstore.MVStore.Builder().fileName(dir.resolve("jobs.mv.db").toString()).open()) {
            mv.<String, String>openMap("jobs.q").put("old", old.toJson().toString()); // as the MVStore store wrote it
            mv.<String, String>openMap("jobs.other").put("x", job("x", "waiting").toJson().toString());
        }
        try (JobStoreFactory f = JobStores.durable(dir)) {
            assertThat(f.open("q").get("old").toJson()).isEqualTo(old.toJson());
            assertThat(f.open("other").get("x")).isNotNull();
            f.open("q").remove("old");
            f.open("q").commit();
        }
        assertThat(files(dir)).contains("jobs.mv.db.imported").doesNotContain("jobs.mv.db");
        try (JobStoreFactory f = JobStores.durable(dir)) {
            assertThat(f.open("q").get("old")).isNull(); // not imported a second time
            assertThat(f.open("other").size()).isEqualTo(1);
        }
    }

    @Test
    void reopeningWithoutWritesLeavesNoEmptyLogsBehind() throws Exception {
        try (JobStoreFactory f = JobStores.durable(dir)) {
            f.open("q").put(job("a", "waiting"));
            f.open("q").commit();
        }
        for (int i = 0; i < 5; i++) {
            JobStores.durable(dir).close();
        }
        List<String> logs = new ArrayList<>(files(dir));
        logs.removeIf(n -> !n.startsWith("log-"));
        assertThat(logs).hasSizeLessThanOrEqualTo(2);
    }
}
