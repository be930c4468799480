package io.github.meteorjob.job.internal;

import io.github.meteorjob.BackoffMethod;
import io.github.meteorjob.CancelOptions;
import io.github.meteorjob.DoneOptions;
import io.github.meteorjob.DoneResult;
import io.github.meteorjob.GetJobOptions;
import io.github.meteorjob.GetWorkOptions;
import io.github.meteorjob.Job;
import io.github.meteorjob.JobStatus;
import io.github.meteorjob.LogLevel;
import io.github.meteorjob.LogOptions;
import io.github.meteorjob.Priority;
import io.github.meteorjob.ReadyOptions;
import io.github.meteorjob.RepeatOptions;
import io.github.meteorjob.RerunOptions;
import io.github.meteorjob.RestartOptions;
import io.github.meteorjob.RetryOptions;
import io.github.meteorjob.SaveOptions;
import io.github.meteorjob.Schedule;
import io.github.meteorjob.ddp.DdpConnectionLostException;
import io.github.meteorjob.ejson.Ejson;
import io.github.meteorjob.testing.ScriptedDdpServer;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;

import static io.github.meteorjob.job.internal.JobClientFixture.NOW;
import static io.github.meteorjob.job.internal.JobClientFixture.json;
import static io.github.meteorjob.job.internal.JobClientFixture.obj;
import static io.github.meteorjob.job.internal.JobClientFixture.runningDoc;
import static io.github.meteorjob.job.internal.JobClientFixture.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Every operation puts exactly meteor-job 1.5.2's method name and params on the wire. */
class JobWireTest {

    private static final long T = NOW.toEpochMilli();
    private JobClientFixture f;
    private ScriptedDdpServer server;
    private final AtomicInteger runs = new AtomicInteger();

    @BeforeEach
    void start() {
        f = new JobClientFixture();
        server = f.server;
        server.onMethod("test_jobSave", p -> Json.createValue("id1"));
        // each getWork hands out a fresh run of job w<n>
        server.onMethod("test_getWork", p -> {
            int n = runs.incrementAndGet();
            return Json.createArrayBuilder().add(runningDoc("w" + n, "r" + n, p.getJsonArray(0).getString(0))).build();
        });
        for (String m : List.of("jobLog", "jobProgress", "jobDone", "jobFail", "jobPause", "jobResume", "jobReady",
                "jobCancel", "jobRestart", "jobRemove", "startJobServer", "shutdownJobServer", "startJobs", "stopJobs")) {
            server.onMethod("test_" + m, p -> JsonValue.TRUE);
        }
        server.onMethod("test_jobRerun", p -> Json.createValue("rerun1"));
        server.onMethod("test_getJob", p -> p.get(0) instanceof JsonArray ids
                ? docs(ids) : runningDoc(((jakarta.json.JsonString) p.get(0)).getString(), "rx", "t"));
    }

    private static JsonArray docs(JsonArray ids) {
        JsonArrayBuilder b = Json.createArrayBuilder();
        ids.forEach(id -> b.add(runningDoc(((jakarta.json.JsonString) id).getString(), "rx", "t")));
        return b.build();
    }

    @AfterEach
    void stop() {
        f.close();
    }

    private Job working(String type) {
        return get(f.jc.getWork(type)).orElseThrow();
    }

    private JsonArray last(String method) {
        await().until(() -> !f.calls(method).isEmpty());
        List<JsonObject> calls = f.calls(method);
        return calls.get(calls.size() - 1).getJsonArray("params");
    }

    // ------------------------------------------------------------------ creator

    @Test
    void newJobSavesMeteorJobDefaultDocument() {
        Job job = f.jc.createJob("email", Map.of("to", "a@b"));
        assertThat(get(job.save())).isEqualTo("id1");
        assertThat(job.id()).isEqualTo("id1");
        assertThat(f.params("jobSave")).isEqualTo(json("[{'runId':null,'type':'email','data':{'to':'a@b'},'status':'waiting',"
                + "'updated':{'$date':" + T + "},'created':{'$date':" + T + "},'priority':0,'retries':1,'repeatRetries':1,"
                + "'retryWait':300000,'retried':0,'retryBackoff':'constant','retryUntil':{'$date':8640000000000000},"
                + "'repeats':0,'repeatWait':300000,'repeated':0,'repeatUntil':{'$date':8640000000000000},'after':{'$date':0},"
                + "'progress':{'completed':0,'total':1,'percent':0},'depends':[],'resolved':[],"
                + "'log':[{'time':{'$date':" + T + "},'runId':null,'level':'info','message':'Constructed'}]},{}]"));
    }

    @Test
    void creatorOptionsChangeTheSavedDocument() {
        Job dep = f.jc.createJob("a", Map.of());
        get(dep.save());
        server.clearFrames();
        Instant until = Instant.ofEpochMilli(T + 99_000);
        Job job = f.jc.createJob("b", Json.createObjectBuilder().add("x", 1).build())
                .priority(Priority.HIGH)
                .retry(RetryOptions.retries(3).withWait(Duration.ofSeconds(1)).withBackoff(BackoffMethod.EXPONENTIAL).withUntil(until))
                .repeat(RepeatOptions.forever().withSchedule(Schedule.cron("0 */5 * * * *")))
                .delay(Duration.ofSeconds(30))
                .depends(dep);
        get(job.log("before save", LogOptions.level(LogLevel.WARNING)));
        get(job.progress(1, 4));
        get(job.pause());
        get(job.save(SaveOptions.CANCEL_REPEATS));
        JsonArray p = f.params("jobSave");
        JsonObject doc = p.getJsonObject(0);
        assertThat(p.get(1)).isEqualTo(json("{'cancelRepeats':true}"));
        assertThat(doc.get("priority")).isEqualTo(json("-10"));
        assertThat(doc.get("retries")).isEqualTo(json("4"));
        assertThat(doc.get("repeatRetries")).isEqualTo(json("4"));
        assertThat(doc.get("retryWait")).isEqualTo(json("1000"));
        assertThat(doc.get("retryBackoff")).isEqualTo(json("'exponential'"));
        assertThat(doc.get("retryUntil")).isEqualTo(json("{'$date':" + until.toEpochMilli() + "}"));
        assertThat(doc.get("repeats")).isEqualTo(json("9007199254740992"));
        assertThat(doc.get("repeatWait")).isEqualTo(json("{'schedules':[{'s':[0],'m':[0,5,10,15,20,25,30,35,40,45,50,55]}],'exceptions':[]}"));
        assertThat(doc.get("repeatUntil")).isEqualTo(json("{'$date':8640000000000000}"));
        assertThat(doc.get("after")).isEqualTo(json("{'$date':" + (T + 30_000) + "}"));
        assertThat(doc.get("depends")).isEqualTo(json("['id1']"));
        assertThat(doc.get("resolved")).isEqualTo(json("[]"));
        assertThat(doc.get("progress")).isEqualTo(json("{'completed':1,'total':4,'percent':25}"));
        assertThat(doc.get("status")).isEqualTo(json("'paused'"));
        assertThat(doc.getJsonArray("log")).hasSize(2);
        assertThat(doc.getJsonArray("log").get(1)).isEqualTo(json(
                "{'time':{'$date':" + T + "},'runId':null,'level':'warning','message':'before save'}"));
        // nothing but the save went out: log/progress/pause of an unsaved job are local
        assertThat(server.frames("method")).hasSize(1);
    }

    @Test
    void retryAndRepeatDefaults() {
        Job job = f.jc.createJob("b", Map.of()).retry(RetryOptions.forever()).repeat(5).after(Instant.ofEpochMilli(77));
        get(job.save());
        JsonObject doc = f.params("jobSave").getJsonObject(0);
        assertThat(doc.get("retries")).isEqualTo(json("9007199254740992"));
        assertThat(doc.get("retryWait")).isEqualTo(json("300000"));
        assertThat(doc.get("retryBackoff")).isEqualTo(json("'constant'"));
        assertThat(doc.get("repeats")).isEqualTo(json("5"));
        assertThat(doc.get("repeatWait")).isEqualTo(json("300000"));
        assertThat(doc.get("after")).isEqualTo(json("{'$date':77}"));
        assertThat(job.retry(0).retries()).isEqualTo(1);
        assertThat(job.priority(7).priority()).isEqualTo(7);
        assertThat(job.repeat(RepeatOptions.repeats(2).withWait(Duration.ofMinutes(1))).repeatWait()).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void aWaitWithoutACountRetriesAndRepeatsForeverAsMeteorJobDoes() {
        // meteor-job: job.retry({wait: 60000}).repeat({wait: 3600000}) stores retries and repeats as Job.forever
        Job job = f.jc.createJob("b", Map.of())
                .retry(RetryOptions.every(Duration.ofMinutes(1)))
                .repeat(RepeatOptions.every(Duration.ofHours(1)));
        get(job.save());
        JsonObject doc = f.params("jobSave").getJsonObject(0);
        assertThat(doc.get("retries")).isEqualTo(json("9007199254740992"));
        assertThat(doc.get("retryWait")).isEqualTo(json("60000"));
        assertThat(doc.get("repeats")).isEqualTo(json("9007199254740992"));
        assertThat(doc.get("repeatWait")).isEqualTo(json("3600000"));
        assertThat(job.repeat(RepeatOptions.on(Schedule.cron("0 9 * * 1-5"))).repeats()).isEqualTo(Job.FOREVER);
    }

    @Test
    void saveAnswerNullMeansRefused() {
        server.onMethod("test_jobSave", p -> JsonValue.NULL);
        Job job = f.jc.createJob("b", Map.of());
        assertThat(get(job.save())).isNull();
        assertThat(job.id()).isNull();
    }

    // ------------------------------------------------------------------ worker

    @Test
    void getWorkAlwaysSendsTypesAsArray() {
        Optional<Job> job = get(f.jc.getWork("t"));
        assertThat(f.params("getWork")).isEqualTo(json("[['t'],{}]"));
        assertThat(job).get().extracting(Job::id, Job::runId, Job::status).containsExactly("w1", "r1", JobStatus.RUNNING);
        server.clearFrames();
        List<Job> jobs = get(f.jc.getWork(List.of("a", "b"), GetWorkOptions.maxJobs(3).withWorkTimeout(Duration.ofSeconds(5))));
        assertThat(f.params("getWork")).isEqualTo(json("[['a','b'],{'maxJobs':3,'workTimeout':5000}]"));
        assertThat(jobs).hasSize(1);
    }

    @Test
    void getWorkWithNothingReady() {
        server.onMethod("test_getWork", p -> JsonValue.EMPTY_JSON_ARRAY);
        assertThat(get(f.jc.getWork("t"))).isEmpty();
        assertThat(get(f.jc.getWork(List.of("t"), GetWorkOptions.maxJobs(2)))).isEmpty();
    }

    @Test
    void logSendsLevelAndDataButNotEcho() {
        Job job = working("t");
        assertThat(get(job.log("hello"))).isTrue();
        assertThat(last("jobLog")).isEqualTo(json("['w1','r1','hello',{'level':'info'}]"));
        get(job.log("careful", LogOptions.level(LogLevel.DANGER).withData(Map.of("k", 2)).withEcho(LogLevel.WARNING)));
        assertThat(last("jobLog")).isEqualTo(json("['w1','r1','careful',{'level':'danger','data':{'k':2}}]"));
    }

    @Test
    void progressSendsCompletedTotalAndEmptyOptions() {
        Job job = working("t");
        assertThat(get(job.progress(3, 10, true))).isTrue();
        assertThat(last("jobProgress")).isEqualTo(json("['w1','r1',3,10,{}]"));
        assertThat(job.progress().percent()).isEqualTo(30.0);
        get(job.progress(0.5, 2));
        assertThat(last("jobProgress")).isEqualTo(json("['w1','r1',0.5,2,{}]"));
    }

    @Test
    void progressAnswerNullWhileServerShutsDown() {
        server.onMethod("test_jobProgress", p -> JsonValue.NULL);
        Job job = working("t");
        assertThat(get(job.progress(1, 2))).isNull();
    }

    @Test
    void doneWrapsNonObjectResults() {
        assertThat(get(working("t").done())).isEqualTo(new DoneResult(true, Optional.empty()));
        assertThat(last("jobDone")).isEqualTo(json("['w1','r1',{},{}]"));
        get(working("t").done("ok"));
        assertThat(last("jobDone")).isEqualTo(json("['w2','r2',{'value':'ok'},{}]"));
        get(working("t").done(42));
        assertThat(last("jobDone")).isEqualTo(json("['w3','r3',{'value':42},{}]"));
        get(working("t").done(new Result("x", 2)));
        assertThat(last("jobDone")).isEqualTo(json("['w4','r4',{'name':'x','size':2},{}]"));
        get(working("t").done(null));
        assertThat(last("jobDone")).isEqualTo(json("['w5','r5',{},{}]"));
    }

    public record Result(String name, int size) {
    }

    @Test
    void doneWithRepeatIdAndDelayDeps() {
        server.onMethod("test_jobDone", p -> Json.createValue("next"));
        DoneResult r = get(working("t").done(Map.of("a", 1), new DoneOptions(true, Duration.ofSeconds(2))));
        assertThat(last("jobDone")).isEqualTo(json("['w1','r1',{'a':1},{'repeatId':true,'delayDeps':2000}]"));
        assertThat(r).isEqualTo(new DoneResult(true, Optional.of("next")));
    }

    @Test
    void aRefusedDoneOrFailIsALostLeaseNotAFalse() {
        // job-collection answers false when the job is not running under this runId any more
        server.onMethod("test_jobDone", p -> JsonValue.FALSE);
        server.onMethod("test_jobFail", p -> JsonValue.FALSE);
        Job job = working("t");
        assertThatThrownBy(() -> get(job.done()))
                .isInstanceOf(io.github.meteorjob.LeaseLostException.class)
                .hasMessageContaining("done() for job w1 of type 't' in collection 'test'")
                .hasMessageContaining("no longer running under run r1");
        // the run is over: a retry on the same Job is refused locally, not sent again
        assertThatThrownBy(() -> job.fail("again")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> get(working("t").fail("late")))
                .isInstanceOf(io.github.meteorjob.LeaseLostException.class).hasMessageStartingWith("fail() for job w2");
    }

    @Test
    void failSendsStructuredErrorsAndFatalFalse() {
        get(working("t").fail());
        assertThat(last("jobFail")).isEqualTo(json("['w1','r1',{'value':'No error information provided'},{'fatal':false}]"));
        get(working("t").fail("broken", true));
        assertThat(last("jobFail")).isEqualTo(json("['w2','r2',{'value':'broken'},{'fatal':true}]"));
        get(working("t").fail(new IllegalStateException("bad state", new java.io.IOException("disk"))));
        assertThat(last("jobFail")).isEqualTo(json("['w3','r3',{'message':'bad state','exception':'java.lang.IllegalStateException',"
                + "'cause':{'message':'disk','exception':'java.io.IOException'}},{'fatal':false}]"));
        get(working("t").fail(Map.of("code", 7)));
        assertThat(last("jobFail")).isEqualTo(json("['w4','r4',{'code':7},{'fatal':false}]"));
        get(working("t").fail(null));
        assertThat(last("jobFail")).isEqualTo(json("['w5','r5',{'value':'No error information provided'},{'fatal':false}]"));
    }

    @Test
    void failOfAnExceptionNeverCarriesAStackTrace() {
        get(working("t").fail(new RuntimeException()));
        JsonObject err = last("jobFail").getJsonObject(2);
        assertThat(err).isEqualTo(json("{'message':'RuntimeException','exception':'java.lang.RuntimeException'}"));
    }

    @Test
    void secondCompletionOfTheSameRunIsRefused() {
        Job job = working("t");
        get(job.done());
        assertThatThrownBy(job::done).isInstanceOf(IllegalStateException.class).hasMessageContaining("already");
        assertThatThrownBy(() -> job.fail("x")).isInstanceOf(IllegalStateException.class).hasMessageContaining("already");
        assertThat(f.calls("jobDone")).hasSize(1);
        assertThat(f.calls("jobFail")).isEmpty();
    }

    @Test
    void completionMayBeRetriedWhenTheServerRejectedIt() {
        server.onMethod("test_jobDone", p -> {
            throw new io.github.meteorjob.DdpException(500, "Internal server error");
        });
        Job job = working("t");
        assertThatThrownBy(() -> get(job.done())).isInstanceOf(io.github.meteorjob.DdpException.class);
        server.onMethod("test_jobDone", p -> JsonValue.TRUE);
        assertThat(get(job.done()).completed()).isTrue();
    }

    // ------------------------------------------------------------------ manager (instance)

    @Test
    void managerOperationsOfASavedJob() {
        Job job = f.jc.createJob("t", Map.of());
        get(job.save());
        get(job.pause());
        assertThat(last("jobPause")).isEqualTo(json("['id1',{}]"));
        get(job.resume());
        assertThat(last("jobResume")).isEqualTo(json("['id1',{}]"));
        get(job.ready());
        assertThat(last("jobReady")).isEqualTo(json("['id1',{'force':false}]"));
        get(job.ready(new ReadyOptions(true, Instant.ofEpochMilli(5))));
        assertThat(last("jobReady")).isEqualTo(json("['id1',{'force':true,'time':{'$date':5}}]"));
        get(job.cancel());
        assertThat(last("jobCancel")).isEqualTo(json("['id1',{'antecedents':true}]"));
        get(job.cancel(new CancelOptions(false, true)));
        assertThat(last("jobCancel")).isEqualTo(json("['id1',{'antecedents':false,'dependents':true}]"));
        get(job.restart());
        assertThat(last("jobRestart")).isEqualTo(json("['id1',{'retries':1,'dependents':true}]"));
        get(job.restart(new RestartOptions(3, false, true, Instant.ofEpochMilli(9))));
        assertThat(last("jobRestart")).isEqualTo(json("['id1',{'retries':3,'dependents':false,'antecedents':true,'until':{'$date':9}}]"));
        assertThat(get(job.rerun())).isEqualTo("rerun1");
        assertThat(last("jobRerun")).isEqualTo(json("['id1',{'repeats':0,'wait':300000}]"));
        get(job.rerun(new RerunOptions(2, Duration.ofSeconds(3), null, Instant.ofEpochMilli(11))));
        assertThat(last("jobRerun")).isEqualTo(json("['id1',{'repeats':2,'wait':3000,'until':{'$date':11}}]"));
        get(job.rerun(new RerunOptions(1, null, Schedule.later().hour(3).build(), null)));
        assertThat(last("jobRerun")).isEqualTo(json("['id1',{'repeats':1,'wait':{'schedules':[{'h':[3]}]}}]"));
        get(job.remove());
        assertThat(last("jobRemove")).isEqualTo(json("['id1',{}]"));
    }

    @Test
    void rerunSendsTheJobsOwnScheduleAsWait() {
        Job job = f.jc.job(Ejson.builders().createObjectBuilder(runningDoc("j9", "r", "t"))
                .add("repeatWait", json("{'schedules':[{'m':[1]}]}")).build());
        get(job.rerun());
        assertThat(last("jobRerun")).isEqualTo(json("['j9',{'repeats':0,'wait':{'schedules':[{'m':[1]}]}}]"));
        server.onMethod("test_jobRerun", p -> JsonValue.FALSE);
        assertThat(get(job.rerun())).isNull();
    }

    @Test
    void refreshReplacesTheDocument() {
        Job job = f.jc.createJob("t", Map.of());
        get(job.save());
        assertThat(get(job.refresh())).isTrue();
        assertThat(last("getJob")).isEqualTo(json("['id1',{'getLog':false}]"));
        assertThat(job.status()).isEqualTo(JobStatus.RUNNING);
        get(job.refresh(new GetJobOptions(true, true)));
        assertThat(last("getJob")).isEqualTo(json("['id1',{'getLog':true,'getFailures':true}]"));
        server.onMethod("test_getJob", p -> JsonValue.NULL);
        assertThat(get(job.refresh())).isFalse();
    }

    // ------------------------------------------------------------------ class operations

    @Test
    void getJobByIdWithAndWithoutLog() {
        Optional<Job> j = get(f.jc.getJob("abc"));
        assertThat(f.params("getJob")).isEqualTo(json("['abc',{'getLog':false}]"));
        assertThat(j).get().extracting(Job::id).isEqualTo("abc");
        get(f.jc.getJob("abc", GetJobOptions.WITH_LOG));
        assertThat(last("getJob")).isEqualTo(json("['abc',{'getLog':true}]"));
        server.onMethod("test_getJob", p -> JsonValue.NULL);
        assertThat(get(f.jc.getJob("zzz"))).isEmpty();
        assertThat(f.jc.getJobAndWait("zzz")).isEmpty();
    }

    private static List<String> ids(int n) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ids.add("j" + i);
        }
        return ids;
    }

    private List<JsonArray> idChunks(String method) {
        return f.calls(method).stream().map(c -> c.getJsonArray("params").getJsonArray(0)).toList();
    }

    @Test
    void getJobsChunksBy32AndConcatenates() {
        List<Job> jobs = get(f.jc.getJobs(ids(70)));
        assertThat(jobs).extracting(Job::id).containsExactlyElementsOf(ids(70));
        assertThat(idChunks("getJob")).extracting(JsonArray::size).containsExactlyInAnyOrder(32, 32, 6);
        assertThat(f.calls("getJob")).allSatisfy(c -> assertThat(c.getJsonArray("params").get(1)).isEqualTo(json("{'getLog':false}")));
        assertThat(get(f.jc.getJobs(List.of()))).isEmpty();
        assertThat(f.calls("getJob")).hasSize(3);
    }

    @Test
    void bulkOperationsChunkBy256AndOrTheAnswers() {
        AtomicInteger n = new AtomicInteger();
        // only the second chunk changes anything
        server.onMethod("test_jobPause", p -> n.incrementAndGet() == 2 ? JsonValue.TRUE : JsonValue.FALSE);
        assertThat(get(f.jc.pauseJobs(ids(600)))).isTrue();
        assertThat(idChunks("jobPause")).extracting(JsonArray::size).containsExactlyInAnyOrder(256, 256, 88);
        assertThat(f.calls("jobPause")).allSatisfy(c -> assertThat(c.getJsonArray("params").get(1)).isEqualTo(json("{}")));
        server.onMethod("test_jobResume", p -> JsonValue.FALSE);
        assertThat(get(f.jc.resumeJobs(ids(2)))).isFalse();
        assertThat(last("jobResume")).isEqualTo(json("[['j0','j1'],{}]"));
    }

    @Test
    void bulkOperationOptions() {
        get(f.jc.readyJobs());
        assertThat(last("jobReady")).isEqualTo(json("[[],{'force':false}]"));
        get(f.jc.readyJobs(List.of("a"), ReadyOptions.FORCE));
        assertThat(last("jobReady")).isEqualTo(json("[['a'],{'force':true}]"));
        get(f.jc.cancelJobs(List.of("a")));
        assertThat(last("jobCancel")).isEqualTo(json("[['a'],{'antecedents':true}]"));
        get(f.jc.cancelJobs(List.of("a"), new CancelOptions(true, false)));
        assertThat(last("jobCancel")).isEqualTo(json("[['a'],{'antecedents':true,'dependents':false}]"));
        get(f.jc.restartJobs(List.of("a")));
        assertThat(last("jobRestart")).isEqualTo(json("[['a'],{'retries':1,'dependents':true}]"));
        get(f.jc.removeJobs(List.of("a", "b")));
        assertThat(last("jobRemove")).isEqualTo(json("[['a','b'],{}]"));
    }

    @Test
    void emptyBulkOperationsSendNothing() {
        assertThat(get(f.jc.pauseJobs(List.of()))).isFalse();
        assertThat(get(f.jc.removeJobs(List.of()))).isFalse();
        assertThat(get(f.jc.cancelJobs(List.of()))).isFalse();
        assertThat(server.frames("method")).isEmpty();
    }

    @Test
    void serverStartAndShutdown() {
        assertThat(get(f.jc.startJobServer())).isTrue();
        assertThat(last("startJobServer")).isEqualTo(json("[{}]"));
        get(f.jc.shutdownJobServer());
        assertThat(last("shutdownJobServer")).isEqualTo(json("[{'timeout':60000}]"));
        get(f.jc.shutdownJobServer(Duration.ofSeconds(5)));
        assertThat(last("shutdownJobServer")).isEqualTo(json("[{'timeout':5000}]"));
    }

    @Test
    @SuppressWarnings("deprecation")
    void deprecatedAliases() {
        get(f.jc.startJobs());
        assertThat(last("startJobs")).isEqualTo(json("[{}]"));
        get(f.jc.stopJobs(Duration.ofMinutes(1)));
        assertThat(last("stopJobs")).isEqualTo(json("[{'timeout':60000}]"));
    }

    @Test
    void watchSubscribesToTheJobsPublication() throws Exception {
        List<io.github.meteorjob.JobEvent> events = new java.util.concurrent.CopyOnWriteArrayList<>();
        server.onSub("test.jobs", req -> {
            req.added("test.jobs", "j1", obj("{'type':'t','status':'ready','data':{}}"));
            req.added("test.jobs", "j2", obj("{'type':'other','status':'ready','data':{}}"));
            req.ready();
            req.changed("test.jobs", "j1", obj("{'status':'running'}"), List.of());
            req.removed("test.jobs", "j1");
        });
        AutoCloseable w = f.jc.watch(java.util.Set.of("t"), java.util.Set.of(), events::add);
        JsonObject sub = server.awaitMsg("sub");
        assertThat(sub.getString("name")).isEqualTo("test.jobs");
        assertThat(sub.get("params")).isEqualTo(json("[{'type':['t']}]"));
        await().until(() -> events.size() == 3);
        assertThat(events).extracting(io.github.meteorjob.JobEvent::kind).containsExactly(
                io.github.meteorjob.JobEvent.Kind.ADDED, io.github.meteorjob.JobEvent.Kind.CHANGED, io.github.meteorjob.JobEvent.Kind.REMOVED);
        assertThat(events.get(1).job().status()).isEqualTo(JobStatus.RUNNING);
        assertThat(events.get(1).job().id()).isEqualTo("j1");
        w.close();
        await().until(() -> !server.frames("unsub").isEmpty());
    }

    // ------------------------------------------------------------------ idempotency (docs/protocol.md §5)

    @Test
    void doneInFlightWhenTheLinkDropsIsSentAgainAfterReconnect() {
        Job job = working("t");
        server.onCall("test_jobDone", call -> {
            if (call.connection() > 1) {
                call.result(JsonValue.TRUE);
            }
        });
        CompletionStage<DoneResult> done = job.done();
        server.awaitMethod("test_jobDone");
        server.dropConnections();
        assertThat(get(done).completed()).isTrue();
        assertThat(server.received()).filteredOn(r -> r.frame().getString("msg").equals("method")
                && r.frame().getString("method").equals("test_jobDone")).extracting(ScriptedDdpServer.Received::connection)
                .containsExactly(1, 2);
    }

    @Test
    void logProgressFailAndGetJobAreSentAgainAfterReconnect() {
        Job job = working("t");
        for (String m : List.of("jobLog", "jobProgress", "jobFail", "getJob")) {
            server.onCall("test_" + m, call -> {
                if (call.connection() > 1) {
                    call.result(m.equals("getJob") ? runningDoc("w1", "r1", "t") : JsonValue.TRUE);
                }
            });
        }
        var log = job.log("x");
        var progress = job.progress(1, 2);
        var get = f.jc.getJob("w1");
        var fail = job.fail("y");
        await().until(() -> f.calls("jobFail").size() == 1 && f.calls("getJob").size() == 1);
        server.dropConnections();
        assertThat(get(log)).isTrue();
        assertThat(get(progress)).isTrue();
        assertThat(get(fail)).isTrue();
        assertThat(get(get)).isPresent();
    }

    @Test
    void getWorkInFlightWhenTheLinkDropsIsNotSentAgain() {
        server.onCall("test_getWork", call -> { });
        CompletionStage<Optional<Job>> work = f.jc.getWork("t");
        server.awaitMethod("test_getWork");
        server.dropConnections();
        assertThatThrownBy(() -> get(work)).isInstanceOf(DdpConnectionLostException.class);
        await().until(() -> server.connectionCount() == 2 && server.openConnections() == 1);
        assertThat(f.calls("getWork")).hasSize(1);
    }

    @Test
    void saveOfANewJobInFlightWhenTheLinkDropsIsNotSentAgain() {
        server.onCall("test_jobSave", call -> { });
        CompletionStage<String> save = f.jc.createJob("t", Map.of()).save();
        server.awaitMethod("test_jobSave");
        server.dropConnections();
        assertThatThrownBy(() -> get(save)).isInstanceOf(DdpConnectionLostException.class);
        assertThat(f.calls("jobSave")).hasSize(1);
    }
}
