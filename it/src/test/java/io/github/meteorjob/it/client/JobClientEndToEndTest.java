package io.github.meteorjob.it.client;

import io.github.meteorjob.BackoffMethod;
import io.github.meteorjob.GetJobOptions;
import io.github.meteorjob.Job;
import io.github.meteorjob.JobCollection;
import io.github.meteorjob.JobException;
import io.github.meteorjob.JobQueue;
import io.github.meteorjob.JobStatus;
import io.github.meteorjob.LogLevel;
import io.github.meteorjob.QueueOptions;
import io.github.meteorjob.RepeatOptions;
import io.github.meteorjob.RetryOptions;
import io.github.meteorjob.Schedule;
import io.github.meteorjob.ShutdownLevel;
import io.github.meteorjob.ddp.DdpClient;
import io.github.meteorjob.ddp.DdpClientOptions;
import io.github.meteorjob.job.JobCollections;
import io.github.meteorjob.server.EmbeddedJobServer;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The job client against the embedded job server: real DDP, real job-collection semantics. */
class JobClientEndToEndTest {

    public record Greeting(String name) {
    }

    public record Greeted(String text, int length) {
    }

    private EmbeddedJobServer server;
    private DdpClient client;
    private JobCollection jobs;
    private final List<JobQueue> queues = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() {
        server = EmbeddedJobServer.builder().collection("e2e").promoteInterval(Duration.ofMillis(200)).start();
        client = DdpClient.create(DdpClientOptions.of(server.url()));
        get(client.connect());
        jobs = JobCollections.of(client, "e2e");
    }

    @AfterEach
    void stop() throws Exception {
        for (JobQueue q : queues) {
            q.shutdown(ShutdownLevel.HARD).toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
        client.close();
        server.close();
    }

    private static <T> T get(java.util.concurrent.CompletionStage<T> stage) {
        try {
            return stage.toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private JobQueue queue(String type, io.github.meteorjob.Worker worker) {
        JobQueue q = jobs.processJobs(type, QueueOptions.defaults().withPollInterval(Duration.ofMillis(100)), worker);
        queues.add(q);
        return q;
    }

    private Job fresh(Job job) {
        return get(jobs.getJob(job.id(), GetJobOptions.FULL)).orElseThrow();
    }

    private JobStatus status(Job job) {
        return get(jobs.getJob(job.id())).map(Job::status).orElse(null);
    }

    @Test
    void createProcessCompleted() {
        Job job = jobs.createJob("greet", new Greeting("Ada"));
        String id = get(job.save());
        assertThat(id).isNotBlank();
        queue("greet", j -> {
            Greeting g = j.data(Greeting.class);
            j.log("greeting " + g.name(), LogLevel.SUCCESS);
            j.progress(1, 2);
            j.done(new Greeted("Hello " + g.name(), g.name().length()));
        });
        await().until(() -> status(job) == JobStatus.COMPLETED);
        Job done = fresh(job);
        assertThat(done.result(Greeted.class)).isEqualTo(new Greeted("Hello Ada", 3));
        assertThat(done.progress().percent()).isEqualTo(100.0);
        assertThat(done.log()).extracting(e -> e.message()).contains("Constructed", "greeting Ada");
        assertThat(done.retried()).isEqualTo(1);
    }

    @Test
    void directGetWorkDoneAndRefresh() {
        Job job = jobs.createJob("direct", Map.of("n", 5));
        get(job.save());
        Job work = get(jobs.getWork(List.of("direct"), io.github.meteorjob.GetWorkOptions.maxJobs(5))).get(0);
        assertThat(work.status()).isEqualTo(JobStatus.RUNNING);
        assertThat(work.runId()).isNotNull();
        assertThat(get(work.progress(2, 5))).isTrue();
        assertThat(get(work.done(42)).completed()).isTrue();
        assertThat(get(job.refresh())).isTrue();
        assertThat(job.status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(job.result()).isEqualTo(jakarta.json.Json.createObjectBuilder().add("value", 42).build());
        assertThat(get(jobs.getWork("direct"))).isEmpty();
    }

    @Test
    void retriesWithExponentialBackoffThenSuccess() {
        Job job = jobs.createJob("flaky", Map.of())
                .retry(RetryOptions.retries(2).withWait(Duration.ofMillis(150)).withBackoff(BackoffMethod.EXPONENTIAL));
        get(job.save());
        List<Instant> runs = new CopyOnWriteArrayList<>();
        queue("flaky", j -> {
            runs.add(Instant.now());
            if (runs.size() < 3) {
                throw new IllegalStateException("attempt " + runs.size());
            }
            j.done();
        });
        await().until(() -> status(job) == JobStatus.COMPLETED);
        Job done = fresh(job);
        assertThat(runs).hasSize(3);
        assertThat(done.failures()).hasSize(2);
        assertThat(done.failures().get(0).error().getString("exception")).isEqualTo("java.lang.IllegalStateException");
        assertThat(done.failures().get(1).message()).isEqualTo("attempt 2");
        // exponential: the second wait is twice the first
        assertThat(Duration.between(runs.get(1), runs.get(2))).isGreaterThanOrEqualTo(Duration.ofMillis(300));
    }

    @Test
    void noRetriesLeftMeansFailed() {
        Job job = jobs.createJob("doomed", Map.of()).retry(RetryOptions.retries(1).withWait(Duration.ZERO));
        get(job.save());
        AtomicInteger runs = new AtomicInteger();
        queue("doomed", j -> {
            runs.incrementAndGet();
            j.fail("nope");
        });
        await().until(() -> status(job) == JobStatus.FAILED);
        assertThat(runs).hasValue(2);
        assertThat(fresh(job).failures()).extracting(f -> f.message()).containsExactly("nope", "nope");
    }

    @Test
    void dependentRunsAfterItsAntecedentCompleted() {
        Job first = jobs.createJob("step", Map.of("i", 1));
        get(first.save());
        Job second = jobs.createJob("step", Map.of("i", 2)).depends(first);
        get(second.save());
        assertThat(status(second)).isEqualTo(JobStatus.WAITING);
        List<Integer> order = new CopyOnWriteArrayList<>();
        queue("step", j -> {
            order.add(j.data().getInt("i"));
            j.done();
        });
        await().until(() -> status(second) == JobStatus.COMPLETED);
        assertThat(order).containsExactly(1, 2);
        assertThat(fresh(second).resolved()).containsExactly(first.id());
    }

    @Test
    void dependentOfAFailedJobIsCancelled() {
        Job first = jobs.createJob("fragile", Map.of());
        get(first.save());
        Job second = jobs.createJob("after-fragile", Map.of()).depends(first);
        get(second.save());
        queue("fragile", j -> j.fail("broken", true));
        await().until(() -> status(second) == JobStatus.CANCELLED);
        assertThat(status(first)).isEqualTo(JobStatus.FAILED);
    }

    @Test
    void repeatRunsTheJobAgain() {
        Job job = jobs.createJob("tick", Map.of()).repeat(RepeatOptions.repeats(2).withWait(Duration.ofMillis(50)));
        get(job.save());
        List<Long> repeated = new CopyOnWriteArrayList<>();
        queue("tick", j -> {
            repeated.add(j.repeated());
            j.done();
        });
        await().until(() -> repeated.size() == 3);
        assertThat(repeated).containsExactly(0L, 1L, 2L);
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(3)).until(() -> repeated.size() == 3);
    }

    @Test
    void cronScheduleRepeatsOnTheServersCalendar() {
        Schedule everySecond = Schedule.cron("*/1 * * * * *");
        Job job = jobs.createJob("cron", Map.of()).repeat(RepeatOptions.forever().withSchedule(everySecond));
        get(job.save(io.github.meteorjob.SaveOptions.CANCEL_REPEATS));
        assertThat(fresh(job).repeatSchedule()).isEqualTo(everySecond);
        List<Instant> afters = new CopyOnWriteArrayList<>();
        queue("cron", j -> {
            afters.add(j.after());
            j.done();
        });
        await().atMost(Duration.ofSeconds(8)).until(() -> afters.size() >= 3);
        // each run was due on the schedule's next second, not the default 5-minute wait; as in later.js
        // (job-collection), a seconds schedule keeps the milliseconds of the time it is computed from
        assertThat(afters).isSorted().doesNotHaveDuplicates();
        assertThat(Duration.between(afters.get(0), afters.get(2))).isLessThan(Duration.ofMinutes(1));
    }

    @Test
    void managerOperations() {
        Job job = jobs.createJob("managed", Map.of()).delay(Duration.ofHours(1));
        get(job.save());
        assertThat(get(job.pause())).isTrue();
        assertThat(status(job)).isEqualTo(JobStatus.PAUSED);
        assertThat(get(jobs.resumeJobs(List.of(job.id())))).isTrue();
        assertThat(status(job)).isEqualTo(JobStatus.WAITING);
        assertThat(get(job.ready())).isFalse(); // not due yet
        assertThat(get(job.ready(new io.github.meteorjob.ReadyOptions(false, Instant.now().plus(Duration.ofHours(2)))))).isTrue();
        assertThat(status(job)).isEqualTo(JobStatus.READY);
        assertThat(get(jobs.cancelJobs(List.of(job.id())))).isTrue();
        assertThat(status(job)).isEqualTo(JobStatus.CANCELLED);
        assertThat(get(job.restart())).isTrue();
        assertThat(status(job)).isIn(JobStatus.WAITING, JobStatus.READY);
        assertThat(get(job.cancel())).isTrue();
        assertThat(get(jobs.removeJobs(List.of(job.id())))).isTrue();
        assertThat(get(jobs.getJob(job.id()))).isEmpty();
    }

    @Test
    void rerunCopiesACompletedJob() {
        Job job = jobs.createJob("again", Map.of("k", "v"));
        get(job.save());
        Job work = get(jobs.getWork("again")).orElseThrow();
        get(work.done());
        String copy = get(job.rerun());
        assertThat(copy).isNotNull().isNotEqualTo(job.id());
        Job rerun = get(jobs.getJob(copy)).orElseThrow();
        assertThat(rerun.data()).isEqualTo(job.data());
        assertThat(rerun.status()).isIn(JobStatus.WAITING, JobStatus.READY);
    }

    @Test
    void pushTriggerRunsNewJobsWithoutPolling() {
        List<String> seen = new CopyOnWriteArrayList<>();
        JobQueue q = jobs.processJobs("pushed", QueueOptions.defaults().withPollInterval(null).withPushTrigger(true), j -> {
            seen.add(j.id());
            j.done();
        });
        queues.add(q);
        Job job = jobs.createJob("pushed", Map.of());
        get(job.save());
        await().atMost(Duration.ofSeconds(5)).until(() -> seen.contains(job.id()));
    }

    @Test
    void aWorkerThatForgetsDoneGetsTheJobFailedNotStuck() {
        Job job = jobs.createJob("forgetful", Map.of());
        get(job.save());
        List<Throwable> errors = new CopyOnWriteArrayList<>();
        JobQueue q = jobs.processJobs("forgetful", QueueOptions.defaults().withPollInterval(Duration.ofMillis(100))
                .withErrorHandler(errors::add), j -> { });
        queues.add(q);
        await().until(() -> status(job) == JobStatus.FAILED);
        JsonObject error = fresh(job).failures().get(0).error();
        assertThat(error.getString("message")).contains("without calling done() or fail()");
        assertThat(errors).anyMatch(e -> e instanceof JobException);
    }
}
