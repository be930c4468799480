package io.github.meteorjob.server.jobs;

import io.github.meteorjob.ejson.Ejson;
import io.github.meteorjob.server.store.JobStoreFactory;
import io.github.meteorjob.server.store.JobStores;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.github.meteorjob.server.jobs.Jobs.arr;
import static io.github.meteorjob.server.jobs.Jobs.obj;
import static io.github.meteorjob.server.jobs.Jobs.params;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Promotion, expiry and shutdown on the real clock. The periodic sweep is set to an hour, so
 * only the timers armed on the earliest {@code after}/{@code expiresAfter} can pass these tests.
 */
class TimersTest {

    @TempDir
    Path tmp;

    private JobStoreFactory factory;
    private JobCollectionServer server;
    private final List<ServerJobEvent> events = new CopyOnWriteArrayList<>();

    /** A plain JVM timer: how late the machine itself runs a timer due at {@code at}. */
    private final java.util.concurrent.ScheduledExecutorService control =
            java.util.concurrent.Executors.newSingleThreadScheduledExecutor();

    private java.util.concurrent.CompletableFuture<Long> controlTimer(Instant at) {
        java.util.concurrent.CompletableFuture<Long> late = new java.util.concurrent.CompletableFuture<>();
        control.schedule(() -> late.complete(Math.max(0, Duration.between(at, Instant.now()).toMillis())),
                Math.max(0, Duration.between(Instant.now(), at).toNanos()), java.util.concurrent.TimeUnit.NANOSECONDS);
        return late;
    }

    private void open(String store) {
        factory = store.equals("memory") ? JobStores.inMemory() : JobStores.durable(tmp);
        server = new JobCollectionServer("timed", factory.open("timed"),
                JobServerOptions.defaults().withClock(Clock.systemUTC()).withPromoteInterval(Duration.ofHours(1)));
        server.addListener(events::add);
        server.startJobServer();
        // warm-up: the first timed promotion loads and interprets the store's write path (a cold
        // MVStore commit can take ~100 ms); the tests measure the timers, not class loading
        String warm = save(Instant.now().plusMillis(20));
        await().atMost(Duration.ofSeconds(5)).until(() -> promoted().stream().anyMatch(p -> p.jobId().equals(warm)));
        server.call("jobCancel", params(warm, obj())); // only cancelled/finished jobs are removable
        server.call("jobRemove", params(warm, obj()));
        events.clear();
    }

    @AfterEach
    void close() {
        control.shutdownNow();
        if (server != null) {
            server.close();
            factory.close();
        }
    }

    private String save(Instant after) {
        JsonValue id = server.call("jobSave", params(Jobs.doc("t", Instant.now()).add("after", Ejson.date(after)), obj()));
        return ((JsonString) id).getString();
    }

    @ParameterizedTest
    @ValueSource(strings = {"memory", "durable"})
    void waitingJobsArePromotedWithin50msOfTheirAfterInAnySaveOrder(String store) {
        open(store);
        Instant base = Instant.now().plusMillis(400);
        // saved out of order: every write must re-arm the timer on the earliest after
        Map<String, Instant> afters = new ConcurrentHashMap<>();
        Map<Instant, java.util.concurrent.CompletableFuture<Long>> machineLate = new ConcurrentHashMap<>();
        for (int offset : new int[] {300, 100, 500, 200}) {
            Instant after = base.plusMillis(offset);
            afters.put(save(after), after);
            // a plain JVM timer for the same instant measures how late the machine itself runs
            // timers (a loaded CI box); the server may add at most 50 ms to that
            machineLate.put(after, controlTimer(after));
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> promoted().size() == 4
                && machineLate.values().stream().allMatch(java.util.concurrent.CompletableFuture::isDone));
        assertThat(promoted()).extracting(ServerJobEvent::jobId).containsExactlyInAnyOrderElementsOf(afters.keySet());
        for (ServerJobEvent.Promoted p : promoted()) {
            Instant after = afters.get(p.jobId());
            long lateMs = Duration.between(after, p.time()).toMillis();
            long machineLateMs = machineLate.get(after).join();
            assertThat(lateMs).as("promotion delay of %s (a plain timer was %d ms late)", p.jobId(), machineLateMs)
                    .isBetween(0L, 49L + machineLateMs);
            assertThat(server.job(p.jobId()).orElseThrow().getString("status")).isEqualTo("ready");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"memory", "durable"})
    void aRepeatedJobStartsOnTime(String store) {
        open(store);
        server.call("jobSave", params(Jobs.doc("r", Instant.now()).add("repeats", 1).add("repeatWait", 300), obj()));
        JsonObject first = ((JsonArray) server.call("getWork", params(arr("r"), obj()))).getJsonObject(0);
        Instant before = Instant.now();
        String next = ((JsonString) server.call("jobDone", params(first.getString("_id"), first.getString("runId"),
                obj(), obj().add("repeatId", true)))).getString();
        Instant afterCall = Instant.now();
        Instant after = Jobs.date(server.job(next).orElseThrow(), "after");
        assertThat(after).isBetween(before.plusMillis(299), afterCall.plusMillis(300));
        java.util.concurrent.CompletableFuture<Long> machineLate = controlTimer(after);
        await().atMost(Duration.ofSeconds(5)).until(() -> promoted().stream().anyMatch(p -> p.jobId().equals(next))
                && machineLate.isDone());
        ServerJobEvent.Promoted p = promoted().stream().filter(x -> x.jobId().equals(next)).findFirst().orElseThrow();
        assertThat(Duration.between(after, p.time()).toMillis()).isBetween(0L, 49L + machineLate.join());
    }

    @ParameterizedTest
    @ValueSource(strings = {"memory", "durable"})
    void runningJobsAreFailedWhenTheirWorkTimeoutExpires(String store) {
        open(store);
        save(Instant.EPOCH);
        JsonObject running = ((JsonArray) server.call("getWork", params(arr("t"), obj().add("workTimeout", 300))))
                .getJsonObject(0);
        Instant expires = Jobs.date(running, "expiresAfter");
        java.util.concurrent.CompletableFuture<Long> machineLate = controlTimer(expires.plusMillis(1));
        await().atMost(Duration.ofSeconds(5)).until(() -> events.stream().anyMatch(e -> e instanceof ServerJobEvent.Failed)
                && machineLate.isDone());
        ServerJobEvent failed = events.stream().filter(e -> e instanceof ServerJobEvent.Failed).findFirst().orElseThrow();
        // expired means expiresAfter < now, so the earliest is 1 ms after it
        assertThat(Duration.between(expires, failed.time()).toMillis()).isBetween(1L, 50L + machineLate.join());
        JsonObject doc = server.job(running.getString("_id")).orElseThrow();
        assertThat(doc.getString("status")).isEqualTo("failed");
        assertThat(doc.getJsonArray("failures").getJsonObject(0).getString("value"))
                .isEqualTo("Failed for exceeding worker set workTimeout");
    }

    @ParameterizedTest
    @ValueSource(strings = {"memory", "durable"})
    void shutdownFailsJobsStillRunningAfterTheTimeout(String store) {
        open(store);
        save(Instant.EPOCH);
        save(Instant.EPOCH);
        JsonArray work = (JsonArray) server.call("getWork", params(arr("t"), obj().add("maxJobs", 2)));
        JsonObject finished = work.getJsonObject(0);
        JsonObject stuck = work.getJsonObject(1);
        // long enough that the jobDone below lands inside the window on a busy machine
        assertThat(server.shutdownJobServer(Duration.ofSeconds(1))).isTrue();
        assertThat(server.call("jobDone", params(finished.getString("_id"), finished.getString("runId"), obj(), obj())))
                .isEqualTo(JsonValue.TRUE);
        await().atMost(Duration.ofSeconds(5)).until(() ->
                server.job(stuck.getString("_id")).orElseThrow().getString("status").equals("failed"));
        JsonObject doc = server.job(stuck.getString("_id")).orElseThrow();
        assertThat(doc.getJsonArray("failures").getJsonObject(0).getString("value")).isEqualTo("Running at Job Server shutdown.");
        assertThat(server.job(finished.getString("_id")).orElseThrow().getString("status")).isEqualTo("completed");
    }

    @ParameterizedTest
    @ValueSource(strings = {"memory"})
    void noPromotionWhileStoppedAndRestartCancelsTheShutdownTimer(String store) {
        open(store);
        save(Instant.EPOCH);
        JsonObject running = ((JsonArray) server.call("getWork", params(arr("t"), obj()))).getJsonObject(0);
        server.shutdownJobServer(Duration.ofMillis(100));
        String delayed = save(Instant.now().plusMillis(100));
        server.startJobServer(); // cancels the pending shutdown failure
        await().atMost(Duration.ofSeconds(5)).until(() -> promoted().stream().anyMatch(p -> p.jobId().equals(delayed)));
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() ->
                server.job(running.getString("_id")).orElseThrow().getString("status").equals("running"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"memory"})
    void subscribersOfReadyJobsSeeATimedPromotionPushed(String store) {
        open(store);
        PublicationTest.Recorder r = new PublicationTest.Recorder();
        server.publish(r, params(obj().add("type", "t").add("status", "ready")));
        String id = save(Instant.now().plusMillis(200));
        await().atMost(Duration.ofSeconds(5)).until(() -> {
            synchronized (r) {
                return r.messages.contains("added timed.jobs " + id);
            }
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"memory", "durable"})
    void aJobCenturiesAheadArmsAtMostADayLongTimerAndNearJobsStillStartOnTime(String store) {
        // a real scheduler the test can look into: which delays did the server arm?
        java.util.concurrent.ScheduledThreadPoolExecutor timers = new java.util.concurrent.ScheduledThreadPoolExecutor(1);
        timers.setRemoveOnCancelPolicy(true); // the queue then holds only live timers
        try {
            factory = store.equals("memory") ? JobStores.inMemory() : JobStores.durable(tmp);
            server = new JobCollectionServer("timed", factory.open("timed"), JobServerOptions.defaults()
                    .withClock(Clock.systemUTC()).withPromoteInterval(Duration.ofDays(30)).withScheduler(timers));
            server.addListener(events::add);
            server.startJobServer();
            String forever = save(Jobs.FOREVER_DATE);
            assertThat(timers.getQueue()).extracting(t -> ((java.util.concurrent.Delayed) t)
                    .getDelay(java.util.concurrent.TimeUnit.HOURS)).contains(23L).allMatch(h -> h <= 24 || h >= 30 * 24 - 1);
            String near = save(Instant.now().plusMillis(200));
            await().atMost(Duration.ofSeconds(5)).until(() -> promoted().stream().anyMatch(p -> p.jobId().equals(near)));
            assertThat(server.job(forever).orElseThrow().getString("status")).isEqualTo("waiting");
            // after the near job, the timer is armed on the far one again: capped at a day
            await().atMost(Duration.ofSeconds(5)).until(() -> timers.getQueue().stream().anyMatch(t ->
                    ((java.util.concurrent.Delayed) t).getDelay(java.util.concurrent.TimeUnit.HOURS) == 23L));
        } finally {
            server.close();
            server = null;
            factory.close();
            timers.shutdownNow();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"memory", "durable"})
    void aTimerThatCannotBeArmedDoesNotFailTheCommittedCall(String store) {
        java.util.concurrent.ScheduledThreadPoolExecutor timers = new java.util.concurrent.ScheduledThreadPoolExecutor(1);
        try {
            factory = store.equals("memory") ? JobStores.inMemory() : JobStores.durable(tmp);
            server = new JobCollectionServer("timed", factory.open("timed"), JobServerOptions.defaults()
                    .withClock(Clock.systemUTC()).withPromoteInterval(Duration.ofDays(30)).withScheduler(timers));
            server.startJobServer();
            timers.shutdown(); // from now on every schedule() is rejected
            String id = save(Instant.now().plusSeconds(60));
            assertThat(server.job(id).orElseThrow().getString("status")).isEqualTo("waiting");
            server.call("jobSave", params(Jobs.doc("now", Instant.now()), obj()));
            assertThat((JsonArray) server.call("getWork", params(arr("now"), obj()))).hasSize(1);
        } finally {
            server.close();
            server = null;
            factory.close();
            timers.shutdownNow();
        }
    }

    private List<ServerJobEvent.Promoted> promoted() {
        return events.stream().filter(e -> e instanceof ServerJobEvent.Promoted).map(e -> (ServerJobEvent.Promoted) e).toList();
    }
}
