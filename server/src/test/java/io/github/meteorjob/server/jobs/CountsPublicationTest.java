package io.github.meteorjob.server.jobs;

import io.github.meteorjob.server.ddp.MethodInvocation;
import io.github.meteorjob.server.ddp.PublicationContext;
import io.github.meteorjob.server.store.JobStoreFactory;
import io.github.meteorjob.server.store.JobStores;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static io.github.meteorjob.server.jobs.WireValues.arr;
import static io.github.meteorjob.server.jobs.WireValues.obj;
import static io.github.meteorjob.server.jobs.WireValues.params;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The job query extension's publication {@code <root>.jobCounts}: documents per type and the totals, kept live, coalesced. */
class CountsPublicationTest extends JobServerTestBase {

    /** Where {@link View} keeps the totals document of {@code jobPile.jobTotals}; no type is spelt so. */
    static final String TOTALS = "jobPile.jobTotals/all";

    @Override
    JobStoreFactory openFactory(Path dir) {
        return JobStores.inMemory();
    }

    /** What a client's minimongo would hold: collection documents by id, and how many messages arrived. */
    static final class View implements PublicationContext {
        final Map<String, Map<String, Long>> docs = new HashMap<>();
        final List<String> messages = new ArrayList<>();
        final List<Runnable> onStop = new ArrayList<>();
        volatile boolean stopped;

        @Override
        public MethodInvocation invocation() {
            return MethodInvocation.INTERNAL;
        }

        @Override
        public synchronized void added(String collection, String id, JsonObject fields) {
            id = key(collection, id);
            assertThat(docs).doesNotContainKey(id);
            Map<String, Long> m = new TreeMap<>();
            fields.forEach((k, v) -> m.put(k, Long.parseLong(v.toString())));
            docs.put(id, m);
            messages.add("added " + id);
        }

        @Override
        public synchronized void changed(String collection, String id, JsonObject fields, Collection<String> cleared) {
            id = key(collection, id);
            Map<String, Long> m = docs.get(id);
            assertThat(m).as("changed before added: %s", id).isNotNull();
            fields.forEach((k, v) -> m.put(k, Long.parseLong(v.toString())));
            cleared.forEach(m::remove);
            messages.add("changed " + id);
        }

        @Override
        public synchronized void removed(String collection, String id) {
            id = key(collection, id);
            assertThat(docs.remove(id)).isNotNull();
            messages.add("removed " + id);
        }

        /** Per-type documents by their type; the one totals document as {@link #TOTALS}. */
        private static String key(String collection, String id) {
            if (collection.equals("jobPile.jobTotals")) {
                assertThat(id).isEqualTo("all");
                return TOTALS;
            }
            assertThat(collection).isEqualTo("jobPile.jobCounts");
            return id;
        }

        @Override
        public synchronized void ready() {
            messages.add("ready");
        }

        @Override
        public void onStop(Runnable callback) {
            onStop.add(callback);
        }

        @Override
        public boolean isStopped() {
            return stopped;
        }

        synchronized Map<String, Map<String, Long>> snapshot() {
            Map<String, Map<String, Long>> out = new TreeMap<>();
            docs.forEach((k, v) -> out.put(k, new TreeMap<>(v)));
            return out;
        }

        synchronized long count(String prefix) {
            return messages.stream().filter(m -> m.startsWith(prefix)).count();
        }
    }

    private void subscribe(View v, Object... filter) {
        JobCollectionServer s = server;
        // through the publication handler register() installs, as the transport calls it
        s.register(new io.github.meteorjob.server.ddp.MethodRegistry() {
            @Override
            public void method(String name, java.util.Set<String> levels, io.github.meteorjob.server.ddp.MethodHandler handler) {
            }

            @Override
            public void publication(String name, java.util.Set<String> levels, io.github.meteorjob.server.ddp.PublicationHandler handler) {
                if (name.equals("jobPile.jobCounts")) {
                    handler.publish(v, params(filter));
                }
            }
        });
    }

    @Test
    void publishesCountsPerTypeAndTotalsAndFollowsChanges() {
        save(doc("email"));
        save(doc("email"));
        save(doc("sms"));
        View v = new View();
        subscribe(v);
        assertThat(v.snapshot()).isEqualTo(Map.of(
                TOTALS, Map.of("ready", 3L),
                "email", Map.of("ready", 2L),
                "sms", Map.of("ready", 1L)));
        assertThat(v.messages).last().isEqualTo("ready");

        start();
        take("sms");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(v.snapshot()).isEqualTo(Map.of(
                TOTALS, Map.of("ready", 2L, "running", 1L),
                "email", Map.of("ready", 2L),
                "sms", Map.of("running", 1L))));

        String id = server.store().idsByType("sms").iterator().next();
        call("jobCancel", arr(id), obj());
        call("jobRemove", arr(id), obj());
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(v.snapshot()).isEqualTo(Map.of(
                TOTALS, Map.of("ready", 2L),
                "email", Map.of("ready", 2L))));
        assertThat(v.messages).contains("removed sms");
    }

    @Test
    void aBurstOfChangesIsSentAsFewMessages() {
        View v = new View();
        subscribe(v);
        long start = System.nanoTime();
        for (int i = 0; i < 200; i++) {
            save(doc("email"));
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(v.snapshot().get(TOTALS)).isEqualTo(Map.of("ready", 200L)));
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;
        // 200 changes (400 with the promotions); at most one send per 250 ms (plus the first and the last)
        assertThat(v.count("changed " + TOTALS)).isLessThanOrEqualTo(elapsedMs / CountsPublication.MIN_INTERVAL_MS + 2).isLessThan(200);
    }

    @Test
    void aFilteredSubscriptionCountsOnlyMatchingJobs() {
        save(doc("email"));
        save(doc("sms"));
        View v = new View();
        subscribe(v, obj().add("type", arr("sms")));
        assertThat(v.snapshot()).isEqualTo(Map.of(TOTALS, Map.of("ready", 1L), "sms", Map.of("ready", 1L)));
        save(doc("email"));
        save(doc("sms"));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(v.snapshot()).isEqualTo(Map.of(TOTALS, Map.of("ready", 2L), "sms", Map.of("ready", 2L))));
        assertThat(v.snapshot()).doesNotContainKey("email");
    }

    @Test
    void aStoppedSubscriptionGetsNothingMore() {
        View v = new View();
        subscribe(v);
        v.stopped = true;
        v.onStop.forEach(Runnable::run);
        int before = v.messages.size();
        save(doc("email"));
        assertThat(server.call("countJobs", params(obj())).asJsonObject().getInt("total")).isEqualTo(1);
        assertThat(v.messages).hasSize(before);
    }

    @Test
    void aTypeNamedStarIsATypeLikeAnyOtherApartFromTheTotals() {
        save(doc("*"));
        save(doc("*"));
        save(doc("email"));
        View v = new View();
        subscribe(v);
        assertThat(v.snapshot()).isEqualTo(Map.of(
                TOTALS, Map.of("ready", 3L),
                "*", Map.of("ready", 2L),
                "email", Map.of("ready", 1L)));
        save(doc("*"));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(v.snapshot()).isEqualTo(Map.of(
                TOTALS, Map.of("ready", 4L),
                "*", Map.of("ready", 3L),
                "email", Map.of("ready", 1L))));
        JsonObject counts = server.call("countJobs", params(obj())).asJsonObject();
        assertThat(counts.getJsonObject("byType").getJsonObject("*").getInt("ready")).isEqualTo(3);
        assertThat(counts.getInt("total")).isEqualTo(4);
    }
}
