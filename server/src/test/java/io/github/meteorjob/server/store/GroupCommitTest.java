package io.github.meteorjob.server.store;

import io.github.meteorjob.ejson.Ejson;
import io.github.meteorjob.server.jobs.JobCollectionServer;
import io.github.meteorjob.server.jobs.ServerJobEvent;
import io.github.meteorjob.server.jobs.JobServerOptions;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The job server waits for durability outside its lock: while one caller's commit is in flight
 * others keep writing, and every answer and event waits for the commit that covers its writes.
 */
class GroupCommitTest {

    /** A real in-memory store whose durability is held back until the test opens the gate. */
    private static final class GatedStore implements JobStore {
        final JobStore delegate = JobStores.inMemory().open("q");
        final CountDownLatch gate = new CountDownLatch(1);
        final AtomicLong issued = new AtomicLong();
        final AtomicLong syncCommits = new AtomicLong();

        @Override
        public long commitAsync() {
            return issued.incrementAndGet();
        }

        @Override
        public void awaitDurable(long ticket) {
            try {
                if (!gate.await(30, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("gate never opened");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void commit() {
            // a server that commits under its lock would block every other caller here
            syncCommits.incrementAndGet();
            awaitDurable(0);
        }

        @Override public JobDoc get(String id) { return delegate.get(id); }
        @Override public void put(JobDoc doc) { delegate.put(doc); }
        @Override public boolean remove(String id) { return delegate.remove(id); }
        @Override public int size() { return delegate.size(); }
        @Override public List<String> readyIds(Collection<String> types, int limit) { return delegate.readyIds(types, limit); }
        @Override public List<String> promotableIds(Instant time) { return delegate.promotableIds(time); }
        @Override public Optional<Instant> earliestPromotable() { return delegate.earliestPromotable(); }
        @Override public List<String> waitingIds(Instant time) { return delegate.waitingIds(time); }
        @Override public List<String> expiredIds(Instant time) { return delegate.expiredIds(time); }
        @Override public Optional<Instant> earliestExpiry() { return delegate.earliestExpiry(); }
        @Override public Set<String> dependentsOf(String antecedentId) { return delegate.dependentsOf(antecedentId); }
        @Override public Collection<String> idsByStatus(String status) { return delegate.idsByStatus(status); }
        @Override public Collection<String> idsByTypeAndStatus(String type, String status) { return delegate.idsByTypeAndStatus(type, status); }
        @Override public Collection<String> idsByType(String type) { return delegate.idsByType(type); }
        @Override public Collection<String> allIds() { return delegate.allIds(); }
        @Override public io.github.meteorjob.JobCounts counts(io.github.meteorjob.JobFilter f) { return delegate.counts(f); }
        @Override public JobIdPage find(io.github.meteorjob.JobFilter f, io.github.meteorjob.PageRequest p) { return delegate.find(f, p); }
        @Override public void close() { delegate.close(); }
    }

    static JsonArray save(String type) {
        Instant now = Instant.now();
        return Json.createArrayBuilder().add(Json.createObjectBuilder()
                .add("runId", JsonValue.NULL).add("type", type).add("data", Json.createObjectBuilder().add("to", "a@example.org"))
                .add("status", "waiting").add("updated", Ejson.date(now)).add("created", Ejson.date(now))
                .add("priority", 0).add("retries", 1).add("repeatRetries", 1).add("retried", 0)
                .add("retryWait", 300000).add("retryBackoff", "constant")
                .add("retryUntil", Ejson.date(JobDoc.FOREVER_DATE))
                .add("repeats", 0).add("repeated", 0).add("repeatWait", 300000)
                .add("repeatUntil", Ejson.date(JobDoc.FOREVER_DATE))
                .add("after", Ejson.date(Instant.EPOCH)).add("depends", JsonValue.EMPTY_JSON_ARRAY)
                .add("resolved", JsonValue.EMPTY_JSON_ARRAY)
                .add("progress", Json.createObjectBuilder().add("completed", 0).add("total", 1).add("percent", 0))
                .add("log", JsonValue.EMPTY_JSON_ARRAY)).add(JsonValue.EMPTY_JSON_OBJECT).build();
    }

    @Test
    void callersKeepWritingWhileACommitIsPendingAndNobodyHearsOfAWriteBeforeItIsDurable() throws Exception {
        GatedStore store = new GatedStore();
        List<ServerJobEvent> events = new CopyOnWriteArrayList<>();
        ExecutorService callers = Executors.newFixedThreadPool(3);
        try (JobCollectionServer server = new JobCollectionServer("q", store,
                JobServerOptions.defaults().withPromoteInterval(Duration.ofHours(1)))) {
            server.addListener(events::add);
            List<CompletableFuture<JsonValue>> answers = List.of(
                    CompletableFuture.supplyAsync(() -> server.call("jobSave", save("a")), callers),
                    CompletableFuture.supplyAsync(() -> server.call("jobSave", save("b")), callers),
                    CompletableFuture.supplyAsync(() -> server.call("jobSave", save("c")), callers));
            // all three writes happened although no commit has finished: nobody holds the lock while waiting
            await().atMost(Duration.ofSeconds(20)).until(() -> server.size() == 3);
            assertThat(store.syncCommits).hasValue(0);
            assertThat(answers).noneMatch(CompletableFuture::isDone);
            assertThat(events).isEmpty();

            store.gate.countDown();
            for (CompletableFuture<JsonValue> a : answers) {
                assertThat(a.get(20, TimeUnit.SECONDS)).isInstanceOf(jakarta.json.JsonString.class);
            }
            // each save is announced (Saved, then Promoted: it is due at once) once it is durable
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> events.stream().filter(e -> e instanceof ServerJobEvent.Saved).count() == 3);
        } finally {
            callers.shutdownNow();
        }
    }

    @Test
    void concurrentCallersShareDurableCommits(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        int threads = 8;
        int perThread = 100;
        ExecutorService callers = Executors.newFixedThreadPool(threads);
        try (JobStoreFactory factory = JobStores.durable(dir);
             JobCollectionServer server = new JobCollectionServer("q", factory.open("q"),
                     JobServerOptions.defaults().withPromoteInterval(Duration.ofHours(1)))) {
            CountDownLatch start = new CountDownLatch(1);
            List<CompletableFuture<Void>> done = new java.util.ArrayList<>();
            for (int t = 0; t < threads; t++) {
                done.add(CompletableFuture.runAsync(() -> {
                    try {
                        start.await();
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                    for (int i = 0; i < perThread; i++) {
                        server.call("jobSave", save("t"));
                    }
                }, callers));
            }
            start.countDown();
            CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
            long commits = ((LogJobStoreFactory) factory).commits();
            assertThat(server.size()).isEqualTo(threads * perThread);
            // one commit per call would make 800; callers queued behind a commit share the next one
            assertThat(commits).isPositive().isLessThan(threads * perThread);
        } finally {
            callers.shutdownNow();
        }
    }

    @Test
    void openingRootsWhileOthersCommitNeverDeadlocks(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        try (JobStoreFactory factory = JobStores.durable(dir)) {
            JobStore q = factory.open("q");
            java.util.concurrent.atomic.AtomicBoolean committing = new java.util.concurrent.atomic.AtomicBoolean(true);
            CompletableFuture<Void> opener = CompletableFuture.runAsync(() -> {
                for (int i = 0; committing.get(); i++) {
                    factory.open(i % 2 == 0 ? "q" : "r" + (i % 100));
                }
            });
            CompletableFuture<Void> committer = CompletableFuture.runAsync(() -> {
                try {
                    for (int i = 0; i < 5000; i++) {
                        q.put(DurableStoreTest.job("j" + (i % 50), "waiting"));
                        q.commit();
                    }
                } finally {
                    committing.set(false);
                }
            });
            // the opener takes the factory then the commit lock, the committer the other way round
            CompletableFuture.allOf(opener, committer).get(60, TimeUnit.SECONDS);
        }
    }
}
