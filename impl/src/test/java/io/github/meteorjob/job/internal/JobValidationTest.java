package io.github.meteorjob.job.internal;

import io.github.meteorjob.job.JobCollections;
import io.github.meteorjob.Job;
import io.github.meteorjob.JobCollection;
import io.github.meteorjob.LogOptions;
import io.github.meteorjob.QueueOptions;
import io.github.meteorjob.ddp.DdpClient;
import io.github.meteorjob.ddp.DdpClientOptions;
import io.github.meteorjob.ejson.Ejson;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static io.github.meteorjob.job.internal.JobClientFixture.obj;
import static io.github.meteorjob.job.internal.JobClientFixture.runningDoc;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Bad arguments and calls that do not fit a job's state fail at once, where meteor-job validates, with a
 * message naming the argument. The client is never connected: nothing may be sent.
 */
class JobValidationTest {

    private final DdpClient client = DdpClient.create(DdpClientOptions.of("ws://127.0.0.1:9/websocket"));
    private final JobCollection jc = JobCollections.of(client, "test");

    @AfterEach
    void close() {
        client.close();
    }

    private static void iae(Executable call, String... words) {
        var a = assertThatThrownBy(call::execute).isInstanceOf(IllegalArgumentException.class);
        for (String w : words) {
            a.hasMessageContaining(w);
        }
    }

    private static void ise(Executable call, String... words) {
        var a = assertThatThrownBy(call::execute).isInstanceOf(IllegalStateException.class);
        for (String w : words) {
            a.hasMessageContaining(w);
        }
    }

    private Job saved() {
        JsonObject doc = Ejson.builders().createObjectBuilder(runningDoc("s1", "x", "t")).addNull("runId")
                .add("status", "waiting").build();
        return jc.job(doc);
    }

    private Job running() {
        return jc.job(runningDoc("r1", "run1", "t"));
    }

    @Test
    void factoryArguments() {
        iae(() -> JobCollections.of(null, "x"), "client");
        iae(() -> JobCollections.of(client, ""), "root");
        iae(() -> JobCollections.of(client, null), "root");
        iae(() -> JobCollections.of(client, "x", null), "clock");
    }

    @Test
    void createJobNeedsATypeAndObjectData() {
        iae(() -> jc.createJob(null, Map.of()), "type");
        iae(() -> jc.createJob("", Map.of()), "type");
        iae(() -> jc.createJob("t", null), "data");
        iae(() -> jc.createJob("t", "text"), "data", "JSON object");
        iae(() -> jc.createJob("t", List.of(1)), "data", "JSON object");
        iae(() -> jc.createJob("t", 5), "data");
        iae(() -> jc.job(obj("{'type':'t'}")), "data");
        iae(() -> jc.job(null), "type");
    }

    @Test
    void creatorSettersValidate() {
        Job job = jc.createJob("t", Map.of());
        iae(() -> job.priority((io.github.meteorjob.Priority) null), "priority");
        iae(() -> job.retry(-1), "retries", ">= 0");
        iae(() -> job.retry(null), "retry");
        iae(() -> job.repeat(-1), "repeats", ">= 0");
        iae(() -> job.repeat(null), "repeat");
        iae(() -> job.delay(Duration.ofMillis(-1)), "delay", "non-negative");
        iae(() -> job.delay(null), "delay");
        iae(() -> job.after(null), "after");
        iae(() -> job.depends(jc.createJob("u", Map.of())), "depends", "saved");
        iae(() -> job.depends((Job) null), "depends");
        iae(() -> job.depends((Job[]) null), "depends");
        iae(() -> job.depends((List<Job>) null), "depends");
        iae(() -> job.save(null), "save options");
        // an accepted dependency resets resolved and appends
        job.depends(saved()).depends(Arrays.asList(saved()));
        assertThat(job.depends()).containsExactly("s1", "s1");
        assertThat(job.clearDepends().depends()).isEmpty();
    }

    @Test
    void logAndProgressValidate() {
        Job job = running();
        iae(() -> job.log(null), "message");
        iae(() -> job.log("m", (LogOptions) null), "log options");
        iae(() -> job.progress(-1, 10), "completed");
        iae(() -> job.progress(1, 0), "total");
        iae(() -> job.progress(11, 10), "exceed");
        iae(() -> job.progress(Double.NaN, 10), "completed");
    }

    @Test
    void doneAndFailOnlyOnARunningJob() {
        Job unsaved = jc.createJob("t", Map.of());
        ise(unsaved::done, "done", "unsaved or non-running");
        ise(() -> unsaved.fail("x"), "fail", "unsaved or non-running");
        Job waiting = saved();
        ise(waiting::done, "done", "runId");
        ise(waiting::fail, "fail", "runId");
        iae(() -> running().done("x", null), "done options");
    }

    @Test
    void progressOfASavedButNotRunningJobSendsNothing() throws Exception {
        assertThat(saved().progress(1, 2).toCompletableFuture().get()).isFalse();
    }

    @Test
    void managerOperationsNeedASavedJob() {
        Job unsaved = jc.createJob("t", Map.of());
        ise(unsaved::ready, "ready", "unsaved");
        ise(unsaved::cancel, "cancel", "unsaved");
        ise(unsaved::restart, "restart", "unsaved");
        ise(unsaved::rerun, "rerun", "unsaved");
        ise(unsaved::remove, "remove", "unsaved");
        ise(unsaved::refresh, "refresh", "unsaved");
        Job s = saved();
        iae(() -> s.ready(null), "ready options");
        iae(() -> s.cancel(null), "cancel options");
        iae(() -> s.restart(null), "restart options");
        iae(() -> s.rerun(null), "rerun options");
        iae(() -> s.refresh(null), "refresh options");
    }

    @Test
    void classOperationsValidate() {
        iae(() -> jc.getWork((String) null), "type");
        iae(() -> jc.getWork(""), "type");
        iae(() -> jc.getWork(List.of(), io.github.meteorjob.GetWorkOptions.NONE), "types");
        iae(() -> jc.getWork(Arrays.asList("a", ""), io.github.meteorjob.GetWorkOptions.NONE), "types");
        iae(() -> jc.getWork(List.of("a"), null), "getWork options");
        iae(() -> jc.getJob(null), "id");
        iae(() -> jc.getJob(""), "id");
        iae(() -> jc.getJob("x", null), "getJob options");
        iae(() -> jc.getJobs(null), "ids");
        iae(() -> jc.pauseJobs(Arrays.asList("a", null)), "ids");
        iae(() -> jc.resumeJobs(null), "ids");
        iae(() -> jc.removeJobs(List.of("")), "ids");
        iae(() -> jc.cancelJobs(List.of("a"), null), "cancel options");
        iae(() -> jc.restartJobs(List.of("a"), null), "restart options");
        iae(() -> jc.readyJobs(List.of("a"), null), "ready options");
        iae(() -> jc.shutdownJobServer(Duration.ofSeconds(-1)), "timeout");
        iae(() -> jc.shutdownJobServer(null), "timeout");
    }

    @Test
    void queuesValidate() {
        QueueOptions o = QueueOptions.defaults();
        iae(() -> jc.processJobs("t", o, null), "worker");
        iae(() -> jc.processJobs(List.of(), o, job -> { }), "types");
        iae(() -> jc.processJobs("", o, job -> { }), "types");
        iae(() -> jc.processJobs("t", null, job -> { }), "queue options");
        iae(() -> jc.processJobsAsync(List.of("t"), o, null), "worker");
        iae(() -> jc.processBatches(List.of("t"), o, null), "worker");
        iae(() -> jc.watch(null, null, null), "listener");
    }
}
