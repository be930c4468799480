package io.github.meteorjob.job.internal;

import io.github.meteorjob.job.JobCollections;
import io.github.meteorjob.Job;
import io.github.meteorjob.JobException;
import io.github.meteorjob.JobQueue;
import io.github.meteorjob.QueueOptions;
import io.github.meteorjob.ShutdownLevel;
import io.github.meteorjob.ddp.DdpConnectionLostException;
import io.github.meteorjob.testing.ScriptedDdpServer;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static io.github.meteorjob.job.internal.JobClientFixture.json;
import static io.github.meteorjob.job.internal.JobClientFixture.obj;
import static io.github.meteorjob.job.internal.JobClientFixture.runningDoc;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The worker queue against a real scripted DDP server: meteor-job's JobQueue semantics and the improvements of issue 4. */
class JobQueueTest {

    private JobClientFixture f;
    private ScriptedDdpServer server;
    private final List<Throwable> errors = new CopyOnWriteArrayList<>();
    /** Jobs getWork still has to hand out. */
    private JobClientFixture.WorkPool pool;
    private final Semaphore release = new Semaphore(0);
    private QueueOptions base;
    private JobQueue queue;

    @BeforeEach
    void start() {
        f = new JobClientFixture();
        server = f.server;
        base = QueueOptions.defaults().withPollInterval(null).withErrorHandler(errors::add);
        for (String m : List.of("jobLog", "jobProgress", "jobDone", "jobFail")) {
            server.onMethod("test_" + m, p -> JsonValue.TRUE);
        }
        pool = f.servesWorkFromPool();
    }

    @AfterEach
    void stop() throws Exception {
        release.release(1000);
        if (queue != null) {
            queue.shutdown(ShutdownLevel.HARD).toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
        f.close();
    }

    private List<Integer> maxJobs() {
        return f.calls("getWork").stream().map(c -> c.getJsonArray("params").getJsonObject(1).getInt("maxJobs")).toList();
    }

    private void blockThenDone(Job job) throws InterruptedException {
        release.acquire();
        job.done();
    }

    private static void quietly(Duration d, Runnable assertion) {
        await().during(d).atMost(d.plusSeconds(2)).untilAsserted(assertion::run);
    }

    // ------------------------------------------------------------------ fetching

    @Test
    void fetchArithmeticAsksForPrefetchPlusPayloadTimesFreeWorkersMinusQueued() {
        pool.set(10);
        queue = f.jc.processJobs("t", base.withConcurrency(2).withPrefetch(1), this::blockThenDone);
        await().until(() -> queue.running() == 2 && queue.length() == 1);
        assertThat(queue.full()).isTrue();
        assertThat(queue.idle()).isFalse();
        assertThat(maxJobs()).containsExactly(3);
        queue.trigger(); // 1 + 1·(2 − 2) − 1 = 0: nothing to ask for
        quietly(Duration.ofMillis(300), () -> assertThat(maxJobs()).containsExactly(3));
        release.release();
        // the queued job starts; then 1 + 1·(2 − 2) − 0 = 1
        await().until(() -> maxJobs().size() == 2);
        assertThat(maxJobs()).containsExactly(3, 1);
        assertThat(f.calls("getWork").get(0).getJsonArray("params").get(0)).isEqualTo(json("['t']"));
    }

    @Test
    void anUnansweredGetWorkIsGivenUpAfterTheBoundAndItsLateJobsStillRun() {
        List<ScriptedDdpServer.MethodCall> pending = new CopyOnWriteArrayList<>();
        server.onCall("test_getWork", pending::add);
        // a bound of 300 ms for this queue only
        queue = DefaultJobQueue.start((DefaultJobCollection) f.jc, List.of("t"), base.withPollInterval(Duration.ofMillis(50)),
                Dispatch.single(Job::done), JobOutcome.Policy.EXPLICIT, Duration.ofMillis(300));
        await().until(() -> pending.size() == 1);
        // the link stays up and the server never answers: after the bound the queue asks again
        await().atMost(Duration.ofSeconds(5)).until(() -> pending.size() >= 2);
        assertThat(errors).anySatisfy(e -> assertThat(e).hasMessageContaining("getWork() got no answer within 300 ms"));
        // the first answer arrives after all: the server handed those jobs to us, so they run
        pending.get(0).result(Json.createArrayBuilder().add(runningDoc("late", "rl", "t")).build());
        assertThat(f.params("jobDone").getString(0)).isEqualTo("late");
    }

    @Test
    void neverTwoGetWorkCallsOutstanding() {
        List<ScriptedDdpServer.MethodCall> pending = new CopyOnWriteArrayList<>();
        server.onCall("test_getWork", pending::add);
        queue = f.jc.processJobs("t", base.withPollInterval(Duration.ofMillis(20)), Job::done);
        await().until(() -> pending.size() == 1);
        queue.trigger();
        quietly(Duration.ofMillis(300), () -> assertThat(f.calls("getWork")).hasSize(1));
        pending.get(0).result(JsonValue.EMPTY_JSON_ARRAY);
        await().until(() -> f.calls("getWork").size() >= 2);
    }

    @Test
    void workTimeoutAndTypesArePassedToGetWork() {
        queue = f.jc.processJobs(List.of("a", "b"), base.withWorkTimeout(Duration.ofSeconds(5)), Job::done);
        assertThat(f.params("getWork")).isEqualTo(json("[['a','b'],{'maxJobs':1,'workTimeout':5000}]"));
    }

    @Test
    void theDefaultLeaseIsSentWithGetWork() {
        queue = f.jc.processJobs("t", base, Job::done);
        assertThat(f.params("getWork")).isEqualTo(json("[['t'],{'maxJobs':1,'workTimeout':60000}]"));
    }

    @Test
    void anExtensionIntervalThatLetsTheLeaseLapseIsRefusedAtStart() {
        assertThatThrownBy(() -> f.jc.processJobs("t", base.withAutoExtend(Duration.ofSeconds(5))
                .withWorkTimeout(Duration.ofSeconds(5)), Job::done))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("autoExtend (5000 ms) must be shorter than workTimeout (5000 ms)");
        assertThat(f.calls("getWork")).isEmpty();
    }

    @Test
    void pollIntervalPollsAgain() {
        queue = f.jc.processJobs("t", base.withPollInterval(Duration.ofMillis(50)), Job::done);
        await().until(() -> f.calls("getWork").size() >= 3);
    }

    @Test
    void pauseResumeAndTrigger() {
        queue = f.jc.processJobs("t", base, Job::done);
        await().until(() -> f.calls("getWork").size() == 1);
        queue.pause();
        assertThat(queue.isPaused()).isTrue();
        queue.trigger();
        quietly(Duration.ofMillis(300), () -> assertThat(f.calls("getWork")).hasSize(1));
        queue.resume();
        await().until(() -> f.calls("getWork").size() == 2);
        assertThat(queue.isPaused()).isFalse();
        queue.trigger();
        await().until(() -> f.calls("getWork").size() == 3);
    }

    @Test
    void pausedQueueStartsNoQueuedJobs() {
        pool.set(2);
        queue = f.jc.processJobs("t", base.withPrefetch(1), this::blockThenDone);
        await().until(() -> queue.running() == 1 && queue.length() == 1);
        queue.pause();
        release.release();
        quietly(Duration.ofMillis(300), () -> assertThat(queue.length()).isEqualTo(1));
        queue.resume();
        await().until(() -> queue.running() == 1 && queue.length() == 0);
    }

    // ------------------------------------------------------------------ workers

    @Test
    void batchPayloadsGiveTheWorkerListsOfJobs() {
        pool.set(7);
        List<Integer> sizes = new CopyOnWriteArrayList<>();
        queue = f.jc.processBatches(List.of("t"), base.withPayload(3), jobs -> {
            sizes.add(jobs.size());
            jobs.forEach(Job::done);
        });
        await().until(() -> f.calls("jobDone").size() == 7);
        assertThat(sizes).containsExactly(3, 3, 1);
        assertThat(maxJobs()).startsWith(3, 3, 3);
    }

    @Test
    void aWorkerThatThrowsFailsTheJobWithTheException() {
        pool.set(1);
        queue = f.jc.processJobs("t", base, job -> {
            throw new IllegalStateException("boom");
        });
        assertThat(f.params("jobFail")).isEqualTo(json(
                "['j1','r1',{'message':'boom','exception':'java.lang.IllegalStateException'},{'fatal':false}]"));
        await().until(() -> queue.idle());
    }

    @Test
    void aWorkerThatReturnsWithoutDoneOrFailFailsTheJobWithAClearError() {
        pool.set(1);
        queue = f.jc.processJobs("t", base, job -> { });
        JsonObject err = f.params("jobFail").getJsonObject(2);
        assertThat(err.getString("message")).contains("without calling done() or fail()").contains("j1");
        assertThat(err.getString("exception")).isEqualTo(JobException.class.getName());
        await().until(() -> errors.stream().anyMatch(e -> e instanceof JobException));
        await().until(() -> queue.idle());
    }

    @Test
    void anAsyncWorkerHandsOverCompletion() {
        pool.set(1);
        CompletableFuture<Void> finished = new CompletableFuture<>();
        List<Job> got = new CopyOnWriteArrayList<>();
        queue = f.jc.processJobsAsync(List.of("t"), base, job -> {
            got.add(job);
            return finished;
        });
        await().until(() -> got.size() == 1);
        quietly(Duration.ofMillis(200), () -> assertThat(queue.running()).isEqualTo(1));
        got.get(0).done().thenRun(() -> finished.complete(null));
        await().until(() -> queue.idle());
        assertThat(f.calls("jobDone")).hasSize(1);
        assertThat(f.calls("jobFail")).isEmpty();
    }

    @Test
    void anAsyncWorkerWhoseStageFailsOrCompletesWithoutDoneFailsTheJob() {
        pool.set(2);
        AtomicInteger n = new AtomicInteger();
        queue = f.jc.processJobsAsync(List.of("t"), base, job -> n.incrementAndGet() == 1
                ? CompletableFuture.failedFuture(new java.io.IOException("disk full"))
                : CompletableFuture.completedFuture(null));
        await().until(() -> f.calls("jobFail").size() == 2);
        List<JsonObject> errs = f.calls("jobFail").stream().map(c -> c.getJsonArray("params").getJsonObject(2)).toList();
        assertThat(errs).anySatisfy(e -> assertThat(e).isEqualTo(json("{'message':'disk full','exception':'java.io.IOException'}")));
        assertThat(errs).anySatisfy(e -> assertThat(e.getString("message")).contains("without calling done() or fail()"));
    }

    @Test
    void doubleCompletionIsRefusedAndReported() {
        pool.set(1);
        queue = f.jc.processJobs("t", base, job -> {
            job.done();
            job.done();
        });
        await().until(() -> errors.stream().anyMatch(e -> e.getCause() instanceof IllegalStateException));
        await().until(() -> queue.idle());
        assertThat(f.calls("jobDone")).hasSize(1);
        assertThat(f.calls("jobFail")).isEmpty();
    }

    @Test
    void withReturnIsDoneAReturningWorkerCompletesItsJobAndAThrowingOneFailsIt() {
        pool.set(3);
        AtomicInteger n = new AtomicInteger();
        // the CDI observers' contract: return = done, throw = fail, and a job the worker completed is left alone
        queue = DefaultJobQueue.start((DefaultJobCollection) f.jc, List.of("t"), base, Dispatch.single(job -> {
            int i = n.incrementAndGet();
            if (i == 2) {
                throw new IllegalStateException("boom");
            }
            if (i == 3) {
                job.done();
            }
        }), JobOutcome.Policy.RETURN_IS_DONE);
        await().until(() -> n.get() == 3 && f.calls("jobDone").size() + f.calls("jobFail").size() >= 3);
        await().until(() -> queue.idle());
        assertThat(f.calls("jobDone")).extracting(c -> c.getJsonArray("params").getString(0)).containsExactlyInAnyOrder("j1", "j3");
        assertThat(f.params("jobFail")).isEqualTo(json(
                "['j2','r2',{'message':'boom','exception':'java.lang.IllegalStateException'},{'fatal':false}]"));
        assertThat(errors).isEmpty();
    }

    @Test
    void workersRunOnTheSuppliedExecutor() {
        pool.set(1);
        ExecutorService ex = Executors.newSingleThreadExecutor(r -> new Thread(r, "my-worker"));
        try {
            List<String> threads = new CopyOnWriteArrayList<>();
            queue = f.jc.processJobs("t", base.withExecutor(ex), job -> {
                threads.add(Thread.currentThread().getName());
                job.done();
            });
            await().until(() -> threads.size() == 1);
            assertThat(threads).containsExactly("my-worker");
        } finally {
            ex.shutdownNow();
        }
    }

    @Test
    void defaultExecutorUsesVirtualThreadsWhenTheJvmHasThem() {
        pool.set(1);
        List<Thread> threads = new CopyOnWriteArrayList<>();
        queue = f.jc.processJobs("t", base, job -> {
            threads.add(Thread.currentThread());
            job.done();
        });
        await().until(() -> threads.size() == 1);
        boolean jvmHasVirtualThreads = Runtime.version().feature() >= 21;
        assertThat(threads.get(0).toString().contains("VirtualThread")).isEqualTo(jvmHasVirtualThreads);
    }

    @Test
    void autoExtendKeepsTheLeaseAliveWithProgressCalls() {
        pool.set(1);
        queue = f.jc.processJobs("t", base.withAutoExtend(Duration.ofMillis(50)), this::blockThenDone);
        await().until(() -> f.calls("jobProgress").size() >= 2);
        assertThat(f.calls("jobProgress").get(0).getJsonArray("params")).isEqualTo(json("['j1','r1',0,1,{}]"));
        release.release();
        await().until(() -> f.calls("jobDone").size() == 1);
        int after = f.calls("jobProgress").size();
        quietly(Duration.ofMillis(300), () -> assertThat(f.calls("jobProgress").size()).isLessThanOrEqualTo(after + 1));
    }

    // ------------------------------------------------------------------ shutdown

    private void oneRunningOneQueued() {
        pool.set(2);
        queue = f.jc.processJobs("t", base.withPrefetch(1), this::blockThenDone);
        await().until(() -> queue.running() == 1 && queue.length() == 1);
    }

    @Test
    void softShutdownLetsQueuedAndRunningJobsFinish() {
        oneRunningOneQueued();
        CompletionStage<Void> done = queue.shutdown(ShutdownLevel.SOFT);
        assertThat(queue.isPaused()).isTrue();
        quietly(Duration.ofMillis(200), () -> assertThat(done.toCompletableFuture()).isNotDone());
        release.release(2);
        await().until(() -> done.toCompletableFuture().isDone());
        assertThat(f.calls("jobDone")).hasSize(2);
        assertThat(f.calls("jobFail")).isEmpty();
        assertThat(queue.shutdown(ShutdownLevel.HARD)).isSameAs(done);
    }

    @Test
    void normalShutdownFailsQueuedJobsAndLetsRunningOnesFinish() {
        oneRunningOneQueued();
        CompletionStage<Void> done = queue.shutdown();
        assertThat(f.params("jobFail")).isEqualTo(json("['j2','r2',{'value':'Worker shutdown'},{'fatal':false}]"));
        quietly(Duration.ofMillis(200), () -> assertThat(done.toCompletableFuture()).isNotDone());
        release.release();
        await().until(() -> done.toCompletableFuture().isDone());
        assertThat(f.calls("jobDone")).hasSize(1);
        assertThat(f.calls("getWork")).hasSize(1);
    }

    @Test
    void hardShutdownFailsQueuedAndRunningJobsAtOnce() {
        oneRunningOneQueued();
        CompletionStage<Void> done = queue.shutdown(ShutdownLevel.HARD);
        await().until(() -> done.toCompletableFuture().isDone());
        assertThat(f.calls("jobFail")).extracting(c -> c.getJsonArray("params").getString(0)).containsExactlyInAnyOrder("j1", "j2");
        assertThat(queue.running()).isZero();
        release.release(); // the worker's late done() is refused locally
        quietly(Duration.ofMillis(200), () -> assertThat(f.calls("jobDone")).isEmpty());
    }

    @Test
    void jobsArrivingAfterANormalShutdownBeganAreFailed() {
        pool.set(1);
        List<ScriptedDdpServer.MethodCall> pending = new CopyOnWriteArrayList<>();
        queue = f.jc.processJobs("t", base.withConcurrency(2), this::blockThenDone);
        await().until(() -> queue.running() == 1);
        server.onCall("test_getWork", pending::add);
        queue.trigger();
        await().until(() -> pending.size() == 1);
        CompletionStage<Void> done = queue.shutdown(ShutdownLevel.NORMAL);
        pending.get(0).result(Json.createArrayBuilder().add(runningDoc("late", "rl", "t")).build());
        assertThat(f.params("jobFail")).isEqualTo(json("['late','rl',{'value':'Worker shutdown'},{'fatal':false}]"));
        quietly(Duration.ofMillis(200), () -> assertThat(done.toCompletableFuture()).isNotDone());
        release.release();
        await().until(() -> done.toCompletableFuture().isDone());
        assertThat(f.calls("jobDone")).extracting(c -> c.getJsonArray("params").getString(0)).containsExactly("j1");
    }

    // ------------------------------------------------------------------ outages

    @Test
    void getWorkInFlightWhenTheLinkDropsFailsAndTheQueueFetchesAgainAfterReconnect() {
        pool.set(1);
        server.onCall("test_getWork", call -> {
            if (call.connection() > 1) {
                call.result(pool.take(1));
            }
        });
        queue = f.jc.processJobs("t", base, Job::done);
        server.awaitMethod("test_getWork");
        server.dropConnections();
        await().until(() -> errors.stream().anyMatch(e -> e.getCause() instanceof DdpConnectionLostException));
        await().until(() -> f.calls("jobDone").size() == 1);
        assertThat(server.received()).filteredOn(r -> r.frame().getString("method", "").equals("test_getWork"))
                .extracting(ScriptedDdpServer.Received::connection).startsWith(1, 2).containsOnlyOnce(1);
    }

    @Test
    void softShutdownDoesNotHangOnAGetWorkThatIsNeverAnswered() {
        List<ScriptedDdpServer.MethodCall> pending = new CopyOnWriteArrayList<>();
        server.onCall("test_getWork", pending::add);
        queue = f.jc.processJobs("t", base, Job::done);
        await().until(() -> pending.size() == 1);
        // the link stays up and the server never answers: shutdown must not wait for it
        CompletionStage<Void> done = queue.shutdown(ShutdownLevel.SOFT);
        await().atMost(Duration.ofSeconds(2)).until(() -> done.toCompletableFuture().isDone());
        // a late answer is not lost: its jobs go back to the server at once
        pending.get(0).result(Json.createArrayBuilder().add(runningDoc("late", "rl", "t")).build());
        assertThat(f.params("jobFail")).isEqualTo(json("['late','rl',{'value':'Worker shutdown'},{'fatal':false}]"));
        assertThat(f.calls("jobDone")).isEmpty();
    }

    @Test
    void softShutdownCompletesWhenTheLinkDropsUnderAnUnansweredGetWork() {
        pool.set(1);
        server.onCall("test_getWork", call -> { });
        queue = f.jc.processJobs("t", base, this::blockThenDone);
        server.awaitMethod("test_getWork");
        CompletionStage<Void> done = queue.shutdown(ShutdownLevel.SOFT);
        server.dropConnections();
        await().atMost(Duration.ofSeconds(5)).until(() -> done.toCompletableFuture().isDone());
        // and it does not fetch again after the reconnect
        await().until(() -> server.openConnections() == 1);
        quietly(Duration.ofMillis(300), () -> assertThat(f.calls("getWork")).hasSize(1));
    }

    @Test
    void doneCalledWhileDisconnectedIsDeliveredAfterReconnect() {
        pool.set(1);
        server.onCall("test_jobDone", call -> {
            if (call.connection() > 1) {
                call.result(JsonValue.TRUE);
            }
        });
        List<CompletionStage<?>> dones = new CopyOnWriteArrayList<>();
        queue = f.jc.processJobs("t", base, job -> dones.add(job.done()));
        server.awaitMethod("test_jobDone");
        server.dropConnections();
        await().until(() -> dones.size() == 1 && dones.get(0).toCompletableFuture().isDone());
        assertThat(dones.get(0).toCompletableFuture()).isCompleted().isNotCompletedExceptionally();
        assertThat(server.received()).filteredOn(r -> r.frame().getString("method", "").equals("test_jobDone"))
                .extracting(ScriptedDdpServer.Received::connection).containsExactly(1, 2);
    }

    @Test
    void aQueueStartedBeforeTheClientConnectsFetchesOnceConnected() throws Exception {
        io.github.meteorjob.ddp.DdpClient late = io.github.meteorjob.ddp.DdpClient.create(
                io.github.meteorjob.ddp.DdpClientOptions.of(server.url()));
        try {
            pool.set(1);
            JobQueue q = io.github.meteorjob.job.JobCollections.of(late, "test").processJobs("t", base, Job::done);
            quietly(Duration.ofMillis(200), () -> assertThat(f.calls("getWork")).isEmpty());
            late.connect().toCompletableFuture().get(10, TimeUnit.SECONDS);
            await().until(() -> f.calls("jobDone").size() == 1);
            q.shutdown(ShutdownLevel.SOFT).toCompletableFuture().get(10, TimeUnit.SECONDS);
            assertThat(q.isPaused()).isTrue();
        } finally {
            late.close();
        }
    }

    @Test
    void queueKeepsWorkingAcrossRepeatedOutages() {
        queue = f.jc.processJobs("t", base.withPollInterval(Duration.ofMillis(30)), Job::done);
        for (int i = 2; i <= 4; i++) {
            int conn = i;
            await().until(() -> server.openConnections() == 1 && server.connectionCount() == conn - 1);
            server.dropConnections();
            await().until(() -> server.connectionCount() == conn);
        }
        pool.set(3);
        await().until(() -> f.calls("jobDone").size() == 3);
    }

    // ------------------------------------------------------------------ push trigger

    @Test
    void pushTriggerFetchesWhenAReadyJobOfTheTypeAppears() {
        List<ScriptedDdpServer.SubRequest> subs = new CopyOnWriteArrayList<>();
        server.onSub("test.jobs", req -> {
            subs.add(req);
            req.ready();
        });
        queue = f.jc.processJobs("t", base.withPushTrigger(true), Job::done);
        await().until(() -> subs.size() == 1 && f.calls("getWork").size() == 1);
        assertThat(subs.get(0).params()).isEqualTo(json("[{'type':['t'],'status':['ready']}]"));
        subs.get(0).added("test.jobs", "x1", obj("{'type':'other','status':'ready'}"));
        subs.get(0).added("test.jobs", "x2", obj("{'type':'t','status':'waiting'}"));
        quietly(Duration.ofMillis(300), () -> assertThat(f.calls("getWork")).hasSize(1));
        pool.set(1);
        subs.get(0).changed("test.jobs", "x2", obj("{'status':'ready'}"), List.of());
        await().until(() -> f.calls("getWork").size() >= 2);
        await().until(() -> f.calls("jobDone").size() == 1);
    }

    @Test
    void pushTriggerFallsBackToPollingWhenThePublicationIsMissing() {
        queue = f.jc.processJobs("t", base.withPushTrigger(true), Job::done);
        await().until(() -> errors.stream().anyMatch(e -> e.getMessage().contains("push trigger unavailable")));
        // default poll interval (5 s) once the server answered nosub
        await().atMost(Duration.ofSeconds(12)).until(() -> f.calls("getWork").size() >= 2);
    }
}
