package io.github.meteorjob.server.store;

import jakarta.json.Json;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The index queries of both stores, including that a changed or removed job leaves its old index entries. */
class JobStoreTest {

    @TempDir
    Path tmp;

    private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");

    private static JobDoc job(String id, String type, String status, int priority, Instant retryUntil, Instant after) {
        JobDoc d = new JobDoc();
        d.id = id;
        d.type = type;
        d.status = status;
        d.data = Json.createObjectBuilder().build();
        d.priority = priority;
        d.after = after;
        d.updated = T;
        d.created = T;
        d.retryUntil = retryUntil;
        d.repeatUntil = JobDoc.FOREVER_DATE;
        d.retryBackoff = "constant";
        d.retries = 1;
        return d;
    }

    private JobStoreFactory factory(String kind) {
        return kind.equals("memory") ? JobStores.inMemory() : JobStores.durable(tmp);
    }

    @ParameterizedTest
    @ValueSource(strings = {"memory", "durable"})
    void readyIdsMergeTypesInWorkOrderAndForgetChangedJobs(String kind) {
        try (JobStoreFactory f = factory(kind)) {
            JobStore s = f.open("q");
            s.put(job("a", "x", "ready", 0, T.plusSeconds(50), T));
            s.put(job("b", "y", "ready", -5, T.plusSeconds(90), T));
            s.put(job("c", "x", "ready", 0, T.plusSeconds(10), T.plusSeconds(3)));
            s.put(job("d", "x", "ready", 0, T.plusSeconds(10), T.plusSeconds(1)));
            s.put(job("e", "z", "ready", -20, T, T));
            s.put(job("f", "x", "waiting", -20, T, T));
            assertThat(s.readyIds(List.of("x", "y"), 10)).containsExactly("b", "d", "c", "a");
            assertThat(s.readyIds(List.of("x", "y"), 2)).containsExactly("b", "d");
            JobDoc running = s.get("d").copy();
            running.status = "running";
            running.runId = "r1";
            running.expiresAfter = T.plusSeconds(5);
            s.put(running);
            assertThat(s.readyIds(List.of("x"), 10)).containsExactly("c", "a");
            assertThat(s.expiredIds(T.plusSeconds(5))).isEmpty();
            assertThat(s.expiredIds(T.plusSeconds(6))).containsExactly("d");
            assertThat(s.earliestExpiry()).contains(T.plusSeconds(5));
            assertThat(s.idsByStatus("running")).containsExactly("d");
            assertThat(s.idsByTypeAndStatus("x", "ready")).containsExactlyInAnyOrder("a", "c");
            assertThat(s.remove("a")).isTrue();
            assertThat(s.remove("a")).isFalse();
            assertThat(s.readyIds(List.of("x"), 10)).containsExactly("c");
            assertThat(s.size()).isEqualTo(5);
            assertThat(s.idsByType("x")).containsExactlyInAnyOrder("c", "d", "f");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"memory", "durable"})
    void promotionAndDependencyIndexes(String kind) {
        try (JobStoreFactory f = factory(kind)) {
            JobStore s = f.open("q");
            s.put(job("late", "x", "waiting", 0, T, T.plusSeconds(20)));
            s.put(job("early", "x", "waiting", 0, T, T.plusSeconds(10)));
            JobDoc blocked = job("blocked", "x", "waiting", 0, T, T);
            blocked.depends = List.of("early", "late");
            s.put(blocked);
            assertThat(s.earliestPromotable()).contains(T.plusSeconds(10));
            assertThat(s.promotableIds(T.plusSeconds(10))).containsExactly("early");
            assertThat(s.promotableIds(T.plusSeconds(30))).containsExactly("early", "late");
            assertThat(s.waitingIds(T)).containsExactly("blocked");
            assertThat(s.dependentsOf("early")).containsExactly("blocked");
            JobDoc unblocked = s.get("blocked").copy();
            unblocked.depends = List.of();
            s.put(unblocked);
            assertThat(s.dependentsOf("early")).isEmpty();
            assertThat(s.promotableIds(T)).containsExactly("blocked");
            s.commit();
        }
    }
}
