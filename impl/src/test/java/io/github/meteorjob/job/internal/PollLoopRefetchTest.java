package io.github.meteorjob.job.internal;

import io.github.meteorjob.Job;
import io.github.meteorjob.QueueOptions;
import io.github.meteorjob.ShutdownLevel;
import io.github.meteorjob.testing.ScriptedDdpServer;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static io.github.meteorjob.job.internal.JobClientFixture.runningDoc;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 11: slots that free while a getWork call is out are asked for as soon as a full answer arrives, on the
 * answering thread, not at the next poll tick or the next finished job.
 */
class PollLoopRefetchTest {

    private JobClientFixture f;
    private ScriptedDdpServer server;
    private final List<ScriptedDdpServer.MethodCall> getWork = new CopyOnWriteArrayList<>();
    private final Map<String, CountDownLatch> release = new ConcurrentHashMap<>();
    private DefaultJobQueue queue;

    @BeforeEach
    void start() {
        f = new JobClientFixture();
        server = f.server;
        server.onMethod("test_jobDone", p -> JsonValue.TRUE);
        server.onCall("test_getWork", getWork::add);
    }

    @AfterEach
    void stop() throws Exception {
        release.values().forEach(CountDownLatch::countDown);
        if (queue != null) {
            queue.shutdown(ShutdownLevel.HARD).toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
        f.close();
    }

    private CountDownLatch latch(String id) {
        return release.computeIfAbsent(id, k -> new CountDownLatch(1));
    }

    /** Each job's worker waits until the test releases that job, then sends done. */
    private void work(Job job) throws InterruptedException {
        if (!latch(job.id()).await(10, TimeUnit.SECONDS)) {
            throw new AssertionError("job " + job.id() + " never released");
        }
        job.done();
    }

    private static int maxJobs(ScriptedDdpServer.MethodCall call) {
        return call.params().getJsonObject(1).getInt("maxJobs");
    }

    private static void answer(ScriptedDdpServer.MethodCall call, String... ids) {
        JsonArrayBuilder jobs = Json.createArrayBuilder();
        for (String id : ids) {
            jobs.add(runningDoc(id, "r-" + id, "t"));
        }
        call.result(jobs.build());
    }

    @Test
    void slotsFreedWhileGetWorkWasOutAreAskedForRightAfterAFullAnswer() {
        // no poll timer: only finished jobs and answers can start a getWork
        queue = DefaultJobQueue.start((DefaultJobCollection) f.jc, List.of("t"),
                QueueOptions.defaults().withConcurrency(2).withPollInterval(null), Dispatch.single(this::work),
                JobOutcome.Policy.EXPLICIT);
        await().until(() -> getWork.size() == 1);
        assertThat(maxJobs(getWork.get(0))).isEqualTo(2);
        answer(getWork.get(0), "a", "b");
        await().until(() -> queue.running() == 2);

        // a finishes: its slot asks for one job, and the server holds that call
        latch("a").countDown();
        await().until(() -> getWork.size() == 2);
        assertThat(maxJobs(getWork.get(1))).isEqualTo(1);
        // b finishes while that call is out: its slot finds a getWork outstanding and does not ask
        latch("b").countDown();
        await().until(() -> f.calls("jobDone").size() == 2 && queue.running() == 0);
        assertThat(getWork).hasSize(2);

        // the full answer (one job for one asked) starts c; b's slot is still free and is asked for at once,
        // while c is still running (no job has finished since)
        answer(getWork.get(1), "c");
        await().atMost(Duration.ofSeconds(5)).until(() -> getWork.size() == 3);
        assertThat(maxJobs(getWork.get(2))).isEqualTo(1);
        assertThat(queue.running()).isEqualTo(1);
        assertThat(release.get("c").getCount()).isEqualTo(1);
    }

    @Test
    void anAnswerWithFewerJobsThanAskedDoesNotAskAgain() {
        queue = DefaultJobQueue.start((DefaultJobCollection) f.jc, List.of("t"),
                QueueOptions.defaults().withConcurrency(2).withPollInterval(null), Dispatch.single(this::work),
                JobOutcome.Policy.EXPLICIT);
        await().until(() -> getWork.size() == 1);
        answer(getWork.get(0), "a"); // one of two: the server ran dry
        await().until(() -> queue.running() == 1);
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(3)).until(() -> getWork.size() == 1);
    }
}
