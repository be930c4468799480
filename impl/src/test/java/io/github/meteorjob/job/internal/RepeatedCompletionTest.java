package io.github.meteorjob.job.internal;

import io.github.meteorjob.DoneResult;
import io.github.meteorjob.JobQueue;
import io.github.meteorjob.LeaseLostException;
import io.github.meteorjob.QueueOptions;
import io.github.meteorjob.ShutdownLevel;
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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static io.github.meteorjob.job.internal.JobClientFixture.json;
import static io.github.meteorjob.job.internal.JobClientFixture.obj;
import static io.github.meteorjob.job.internal.JobClientFixture.runningDoc;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A done/fail whose answer was lost in a link drop is sent again after the reconnect; when the server had applied
 * the first send, the repeat is answered false. The client asks the server (getJob) before calling the run lost.
 */
class RepeatedCompletionTest {

    private JobClientFixture f;
    private ScriptedDdpServer server;
    /** The scripted server's copy of job j1, as getJob answers it. */
    private final AtomicReference<JsonObject> stored = new AtomicReference<>(runningDoc("j1", "r1", "t"));
    private final AtomicBoolean handedOut = new AtomicBoolean();
    private final List<Throwable> errors = new CopyOnWriteArrayList<>();
    private final List<LogRecord> warnings = new CopyOnWriteArrayList<>();
    private final Logger queueLog = Logger.getLogger(DefaultJobQueue.class.getName());
    private final Handler capture = new Handler() {
        @Override public void publish(LogRecord r) {
            if (r.getLevel().intValue() >= Level.WARNING.intValue()) {
                warnings.add(r);
            }
        }
        @Override public void flush() { }
        @Override public void close() { }
    };
    private JobQueue queue;

    @BeforeEach
    void start() {
        f = new JobClientFixture();
        server = f.server;
        server.onMethod("test_getWork", p -> handedOut.getAndSet(true) ? json("[]")
                : Json.createArrayBuilder().add(runningDoc("j1", "r1", "t")).build());
        server.onMethod("test_getJob", p -> stored.get());
        queueLog.addHandler(capture);
    }

    @AfterEach
    void stop() throws Exception {
        queueLog.removeHandler(capture);
        if (queue != null) {
            queue.shutdown(ShutdownLevel.HARD).toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
        f.close();
    }

    /** The first send of {@code method} is applied (the stored job becomes {@code applied}) but not answered. */
    private void applyFirstSendThenLoseTheAnswer(String method, JsonObject applied) {
        server.onCall("test_" + method, call -> {
            if (call.connection() == 1) {
                stored.set(applied);
            } else {
                call.result(JsonValue.FALSE); // the job is not running under r1 any more
            }
        });
    }

    private <T> CompletionStage<T> runOnce(java.util.function.Function<io.github.meteorjob.Job, CompletionStage<T>> worker) {
        CompletableFuture<T> outcome = new CompletableFuture<>();
        queue = f.jc.processJobs("t", QueueOptions.defaults().withPollInterval(null).withErrorHandler(errors::add),
                job -> worker.apply(job).whenComplete((r, e) -> {
                    if (e != null) {
                        outcome.completeExceptionally(e);
                    } else {
                        outcome.complete(r);
                    }
                }));
        return outcome;
    }

    private static Throwable failure(CompletionStage<?> stage) {
        try {
            stage.toCompletableFuture().get(10, TimeUnit.SECONDS);
            throw new AssertionError("expected the stage to fail");
        } catch (ExecutionException e) {
            return DefaultJobQueue.unwrap(e);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private void noWarningFor(Duration d) {
        await().during(d).atMost(d.plusSeconds(2)).untilAsserted(() -> assertThat(warnings).isEmpty());
    }

    private List<Integer> connectionsOf(String method) {
        return server.received().stream().filter(r -> r.frame().getString("method", "").equals("test_" + method))
                .map(ScriptedDdpServer.Received::connection).toList();
    }

    @Test
    void aRepeatedDoneAnsweredFalseAfterTheFirstWasAppliedCompletesNormally() {
        JsonObject completed = Json.createObjectBuilder(runningDoc("j1", "r1", "t")).add("status", "completed")
                .add("log", json("[{'time':{'$date':2},'runId':'r1','level':'info','message':'Job Running'},"
                        + "{'time':{'$date':3},'runId':'r1','level':'success','message':'Job Completed'}]")).build();
        applyFirstSendThenLoseTheAnswer("jobDone", completed);
        CompletionStage<DoneResult> done = runOnce(job -> job.done());
        server.awaitMethod("test_jobDone");
        server.dropConnections();

        assertThat(JobClientFixture.get(done)).isEqualTo(new DoneResult(true, java.util.Optional.empty()));
        assertThat(connectionsOf("jobDone")).containsExactly(1, 2);
        // one check, with the log and failures
        assertThat(f.calls("getJob")).singleElement().satisfies(c -> assertThat(c.getJsonArray("params"))
                .isEqualTo(json("['j1',{'getLog':true,'getFailures':true}]")));
        noWarningFor(Duration.ofMillis(300));
        // only the queue's next poll, cut by the same drop, may have failed
        assertThat(errors).allSatisfy(e -> assertThat(e).hasMessageStartingWith("getWork() failed"));
    }

    @Test
    void aRepeatedFailAnsweredFalseAfterTheFirstWasAppliedCompletesNormally() {
        JsonObject retrying = Json.createObjectBuilder(runningDoc("j1", "r1", "t")).add("status", "waiting")
                .add("runId", JsonValue.NULL)
                .add("failures", json("[{'value':'broken','runId':'r1'}]"))
                .add("log", json("[{'time':{'$date':3},'runId':'r1','level':'warning',"
                        + "'message':'Job Failed with Error: broken.'}]")).build();
        applyFirstSendThenLoseTheAnswer("jobFail", retrying);
        CompletionStage<Boolean> fail = runOnce(job -> job.fail("broken"));
        server.awaitMethod("test_jobFail");
        server.dropConnections();

        assertThat(JobClientFixture.get(fail)).isTrue();
        assertThat(connectionsOf("jobFail")).containsExactly(1, 2);
        assertThat(f.calls("getJob")).hasSize(1);
        noWarningFor(Duration.ofMillis(300));
        // only the queue's next poll, cut by the same drop, may have failed
        assertThat(errors).allSatisfy(e -> assertThat(e).hasMessageStartingWith("getWork() failed"));
    }

    @Test
    void aDoneRefusedBecauseAnotherWorkerRunsTheJobIsALostLeaseWithOneWarning() {
        // r1's lease lapsed: the server failed the run and another worker now runs it as r2
        stored.set(Json.createObjectBuilder(runningDoc("j1", "r2", "t"))
                .add("failures", json("[{'value':'Failed for exceeding worker set workTimeout','runId':'r1'}]"))
                .add("log", json("[{'time':{'$date':3},'runId':'r1','level':'warning','message':"
                        + "'Job Failed with Error: Failed for exceeding worker set workTimeout.'},"
                        + "{'time':{'$date':4},'runId':'r2','level':'info','message':'Job Running'}]")).build());
        server.onMethod("test_jobDone", p -> JsonValue.FALSE);
        Throwable e = failure(runOnce(job -> job.done()));

        assertThat(e).isInstanceOf(LeaseLostException.class);
        assertThat(((LeaseLostException) e).runId()).isEqualTo("r1");
        assertThat(f.calls("getJob")).hasSize(1);
        await().until(() -> !warnings.isEmpty());
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(3)).until(() -> warnings.size() == 1);
        assertThat(warnings).singleElement().satisfies(r -> assertThat(r.getMessage()).contains("lease lost", "j1"));
        assertThat(errors).isEmpty();
    }

    @Test
    void aFailRefusedAfterTheServerFailedTheRunItselfIsALostLease() {
        // the expiry's failure entry carries r1 too, but not the error this worker sent
        stored.set(Json.createObjectBuilder(runningDoc("j1", "r1", "t")).add("status", "waiting")
                .add("runId", JsonValue.NULL)
                .add("failures", json("[{'value':'Failed for exceeding worker set workTimeout','runId':'r1'}]")).build());
        server.onMethod("test_jobFail", p -> JsonValue.FALSE);
        Throwable e = failure(runOnce(job -> job.fail("broken")));

        assertThat(e).isInstanceOf(LeaseLostException.class);
        assertThat(((LeaseLostException) e).operation()).isEqualTo("fail");
        await().until(() -> warnings.size() == 1);
    }

    @Test
    void whenTheCheckItselfFailsTheRunIsReportedLostWithTheCheckFailureSuppressed() {
        server.removeMethod("test_getJob");
        server.onMethod("test_jobDone", p -> JsonValue.FALSE);
        Throwable e = failure(runOnce(job -> job.done()));

        assertThat(e).isInstanceOf(LeaseLostException.class);
        assertThat(e.getSuppressed()).singleElement().satisfies(s -> assertThat(s).hasMessageContaining("not found"));
        assertThat(f.calls("getJob")).hasSize(1);
        await().until(() -> warnings.size() == 1);
    }

    @Test
    void anUnreadableCheckAnswerIsALostLeaseNamingTheProblem() {
        stored.set(Json.createObjectBuilder(runningDoc("j1", "r1", "t")).add("status", "completed")
                .add("log", json("[{'time':{'$date':3},'runId':'r1','level':'loud','message':'Job Completed'}]")).build());
        server.onMethod("test_jobDone", p -> JsonValue.FALSE);
        Throwable e = failure(runOnce(job -> job.done()));

        assertThat(e).isInstanceOf(LeaseLostException.class);
        assertThat(e.getSuppressed()).singleElement().satisfies(s -> assertThat(s).hasMessageContaining("'loud'"));
        await().until(() -> warnings.size() == 1);
    }

    @Test
    void aServerThatLeavesFailuresOutIsJudgedByTheRunsLogEntry() {
        JobDocument logged = new JobDocument(Json.createObjectBuilder(runningDoc("j1", null, "t"))
                .add("runId", JsonValue.NULL).add("status", "failed")
                .add("log", json("[{'time':{'$date':3},'runId':'r1','level':'danger',"
                        + "'message':'Job Failed with Fatal Error: broken.'}]")).build());
        assertThat(OutcomeCheck.recorded(logged, "r1", "fail", obj("{'value':'broken'}"))).isTrue();
        assertThat(OutcomeCheck.recorded(logged, "r1", "fail", obj("{'value':'other'}"))).isFalse();
        assertThat(OutcomeCheck.recorded(logged, "r2", "fail", obj("{'value':'broken'}"))).isFalse();
        // numbers compare by value: a JavaScript server gives 1.0 back as 1
        assertThat(OutcomeCheck.sameValue(json("{'a':[1.0,{'b':2}]}"), json("{'a':[1,{'b':2.00}]}"))).isTrue();
        assertThat(OutcomeCheck.sameValue(json("{'a':1}"), json("{'a':1,'b':2}"))).isFalse();
    }
}
