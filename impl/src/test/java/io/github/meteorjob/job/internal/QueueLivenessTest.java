package io.github.meteorjob.job.internal;

import io.github.meteorjob.Job;
import io.github.meteorjob.QueueOptions;
import io.github.meteorjob.ShutdownLevel;
import io.github.meteorjob.testing.ScriptedDdpServer;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static io.github.meteorjob.job.internal.JobClientFixture.runningDoc;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A queue's liveness snapshot ({@link DefaultJobQueue#health()}) against a real scripted DDP server: each stuck part is
 * named, and paused, disconnected or long-running work is not stuck.
 */
class QueueLivenessTest {

    private static final Duration STALL = Duration.ofMillis(300);

    private JobClientFixture f;
    private ScriptedDdpServer server;
    /** Jobs getWork still has to hand out. */
    private JobClientFixture.WorkPool pool;
    private final List<Throwable> errors = new CopyOnWriteArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);
    private ExecutorService threads;
    private DefaultJobQueue queue;
    private QueueOptions base;

    @BeforeEach
    void start() {
        f = new JobClientFixture();
        server = f.server;
        base = QueueOptions.defaults().withPollInterval(Duration.ofMillis(50)).withErrorHandler(errors::add);
        for (String m : List.of("jobDone", "jobFail", "jobProgress")) {
            server.onMethod("test_" + m, p -> JsonValue.TRUE);
        }
        pool = f.servesWorkFromPool();
    }

    @AfterEach
    void stop() throws Exception {
        release.countDown();
        if (queue != null) {
            queue.shutdown(ShutdownLevel.HARD).toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
        if (threads != null) {
            threads.shutdownNow();
        }
        f.close();
    }

    private DefaultJobQueue start(QueueOptions options, Dispatch dispatch, Duration getWorkBound) {
        return DefaultJobQueue.start((DefaultJobCollection) f.jc, List.of("t"), options, dispatch,
                JobOutcome.Policy.EXPLICIT, getWorkBound);
    }

    private List<String> stuck(Duration localTimeout) {
        return queue.health().stuck(STALL, localTimeout);
    }

    private void waitFor(Job job) {
        try {
            if (!release.await(10, TimeUnit.SECONDS)) {
                throw new AssertionError("never released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        job.done();
    }

    private static void staysLive(Runnable assertion) {
        await().during(STALL.multipliedBy(2)).atMost(STALL.multipliedBy(2).plusSeconds(3)).untilAsserted(assertion::run);
    }

    @Test
    void aPollLoopThatStopsRunningIsStuckUntilItRunsAgain() {
        // the server never answers getWork: after the bound the answer is given up on the queues' timer thread,
        // and the error handler then holds that thread, as a handler blocking on something would
        List<ScriptedDdpServer.MethodCall> pending = new CopyOnWriteArrayList<>();
        server.onCall("test_getWork", pending::add);
        AtomicBoolean hold = new AtomicBoolean(true);
        QueueOptions options = base.withErrorHandler(e -> {
            if (hold.get() && Thread.currentThread().getName().startsWith("meteor-job-queue-timer")) {
                hold.set(false);
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                }
            }
        });
        queue = start(options, Dispatch.single(Job::done), Duration.ofMillis(100));
        await().until(() -> pending.size() == 1);
        assertThat(stuck(null)).isEmpty();

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(stuck(null)).singleElement()
                .asString().contains("poll loop has not run for", "poll interval 50 ms", "limit 300 ms"));

        release.countDown();
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(stuck(null)).isEmpty());
        await().until(() -> pending.size() >= 2);
    }

    @Test
    void pausedOrDisconnectedIsNotStuck() {
        queue = start(base, Dispatch.single(Job::done), DefaultJobQueue.GET_WORK_BOUND);
        queue.pause();
        staysLive(() -> assertThat(stuck(null)).isEmpty());
        queue.resume();

        // the link drops and the server stops answering the handshake: the queue is not connected for a while
        server.answerConnect(false);
        server.dropConnections();
        await().until(() -> !queue.health().connected());
        staysLive(() -> assertThat(stuck(null)).isEmpty());
    }

    @Test
    void aWorkerWaitingForAThreadIsStuckButALongRunningOneIsNotUnlessPastItsTimeout() {
        // one thread for two slots: the first worker runs (and waits), the second waits for the thread
        threads = Executors.newSingleThreadExecutor();
        queue = start(base.withConcurrency(2).withExecutor(threads), Dispatch.single(this::waitFor),
                DefaultJobQueue.GET_WORK_BOUND);
        pool.set(1);
        await().until(() -> queue.running() == 1 && queue.health().oldestNotStarted() == null);
        // running long is the worker's business while it has no local timeout, or is within it
        staysLive(() -> assertThat(stuck(Duration.ofSeconds(30))).isEmpty());
        assertThat(stuck(Duration.ofMillis(100))).singleElement().asString()
                .contains("worker slot has been taken for", "past its timeout of 100 ms plus 300 ms");

        pool.set(1);
        queue.trigger();
        await().until(() -> queue.running() == 2);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(stuck(Duration.ofSeconds(30)))
                .singleElement().asString().contains("a worker has waited", "for a thread of its executor",
                        "limit 300 ms"));

        release.countDown();
        await().until(() -> queue.running() == 0);
        assertThat(stuck(Duration.ofMillis(100))).isEmpty();
    }

    @Test
    void anExecutorThatRejectsWorkIsStuckUntilItRunsAWorkerAgain() {
        AtomicBoolean reject = new AtomicBoolean(true);
        threads = Executors.newSingleThreadExecutor();
        Executor refusing = task -> {
            if (reject.get()) {
                throw new RejectedExecutionException("queue capacity reached");
            }
            threads.execute(task);
        };
        queue = start(base.withExecutor(refusing), Dispatch.single(Job::done), DefaultJobQueue.GET_WORK_BOUND);
        pool.set(1);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(stuck(null)).singleElement().asString()
                .contains("its executor rejected the last worker", "queue capacity reached"));
        // the job was failed back to the server rather than lost
        assertThat(f.params("jobFail").getString(0)).isEqualTo("j1");

        reject.set(false);
        pool.set(1);
        await().atMost(Duration.ofSeconds(5)).until(() -> f.calls("jobDone").size() == 1);
        assertThat(stuck(null)).isEmpty();
    }

    @Test
    void anExecutorShutDownWhileTheQueueRunsIsStuckButNotOnceTheQueueStops() throws Exception {
        threads = Executors.newSingleThreadExecutor();
        queue = start(base.withExecutor(threads), Dispatch.single(Job::done), DefaultJobQueue.GET_WORK_BOUND);
        assertThat(stuck(null)).isEmpty();
        threads.shutdown();
        assertThat(stuck(null)).singleElement().asString().contains("executor is shut down");

        queue.shutdown(ShutdownLevel.NORMAL).toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertThat(stuck(null)).isEmpty();
    }

    @Test
    void theDefaultStallLimitIsTheLongerOfAMinuteAndTenPollIntervals() {
        assertThat(QueueHealth.defaultStallAfter(Duration.ofSeconds(5))).isEqualTo(Duration.ofMinutes(1));
        assertThat(QueueHealth.defaultStallAfter(Duration.ofSeconds(30))).isEqualTo(Duration.ofMinutes(5));
        assertThat(QueueHealth.defaultStallAfter(null)).isEqualTo(Duration.ofMinutes(1));
    }
}
