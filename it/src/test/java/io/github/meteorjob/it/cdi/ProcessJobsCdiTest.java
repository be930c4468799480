package io.github.meteorjob.it.cdi;

import io.github.meteorjob.Collection;
import io.github.meteorjob.Job;
import io.github.meteorjob.JobBatch;
import io.github.meteorjob.JobCollection;
import io.github.meteorjob.JobException;
import io.github.meteorjob.JobExecutor;
import io.github.meteorjob.ProcessJobs;
import io.github.meteorjob.WorkerEvent;
import io.github.meteorjob.cdi.internal.MeteorJobRuntime;
import io.github.meteorjob.server.EmbeddedJobServer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.ObservesAsync;
import jakarta.enterprise.inject.Produces;
import jakarta.enterprise.inject.se.SeContainer;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code @ProcessJobs} observers in Weld SE against the embedded job server: discovery, completion
 * semantics, async observers, batches, configuration overrides, executor choice, worker events.
 */
class ProcessJobsCdiTest {

    static final String ROOT = "jobPile";

    private EmbeddedJobServer server;
    private ServerJobs jobs;

    /** What the workers saw, reset per test. */
    static final List<String> seen = new CopyOnWriteArrayList<>();
    static final Map<String, String> threads = new ConcurrentHashMap<>();
    static final List<Integer> batchSizes = new CopyOnWriteArrayList<>();
    static final List<WorkerEvent> workerEvents = new CopyOnWriteArrayList<>();

    @BeforeEach
    void startServer() {
        seen.clear();
        threads.clear();
        batchSizes.clear();
        workerEvents.clear();
        server = EmbeddedJobServer.builder().collection(ROOT).start();
        jobs = new ServerJobs(server, ROOT);
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    private Containers.Config config() {
        return Containers.config().set("meteor-job.url", server.url());
    }

    private static JobCollection collection(SeContainer c) {
        return c.select(JobCollection.class, Collection.Literal.of(ROOT)).get();
    }

    private static String save(JobCollection jc, String type, JsonObject data) {
        return jc.createJob(type, data).retry(0).saveAndWait();
    }

    private static JsonObject data(String key, Object value) {
        return Json.createObjectBuilder().add(key, String.valueOf(value)).build();
    }

    // ---------------------------------------------------------------- workers

    @ApplicationScoped
    static class Mailer {
        void send(@Observes @ProcessJobs(collection = ROOT, type = "sendEmail", pollInterval = 100, concurrency = 2) Job job) {
            String to = job.data().getString("to");
            seen.add(to);
            threads.put(to, Thread.currentThread().getName());
            if (to.startsWith("fail")) {
                throw new IllegalStateException("mailbox " + to + " is full");
            }
            if (to.startsWith("self")) {
                job.done(Json.createObjectBuilder().add("sentBy", "worker").build());
            }
        }

        void events(@ObservesAsync WorkerEvent event) {
            workerEvents.add(event);
        }
    }

    @ApplicationScoped
    static class AsyncResizer {
        void resize(@ObservesAsync @ProcessJobs(collection = ROOT, type = "resize", pollInterval = 100) Job job) {
            String name = job.data().getString("name");
            seen.add(name);
            threads.put(name, Thread.currentThread().getName());
            if (name.startsWith("bad")) {
                throw new IllegalArgumentException("cannot resize " + name);
            }
        }
    }

    @ApplicationScoped
    static class BatchIndexer {
        void index(@Observes @ProcessJobs(collection = ROOT, type = "index", payload = 3, pollInterval = 100) JobBatch batch) {
            batchSizes.add(batch.size());
            for (Job j : batch) {
                seen.add(j.data().getString("doc"));
            }
        }
    }

    @ApplicationScoped
    static class AsyncBatchIndexer {
        void index(@ObservesAsync @ProcessJobs(collection = ROOT, type = "asyncIndex", payload = 2, pollInterval = 100) JobBatch batch) {
            batchSizes.add(batch.size());
            for (Job j : batch) {
                if (j.data().getString("doc").equals("self-fail")) {
                    j.fail("rejected by the observer");
                }
                seen.add(j.data().getString("doc"));
            }
        }
    }

    @ApplicationScoped
    static class DisabledWorker {
        void never(@Observes @ProcessJobs(collection = ROOT, type = "off", pollInterval = 100) Job job) {
            seen.add("off");
        }
    }

    @ApplicationScoped
    static class OwnExecutor {
        static final ExecutorService POOL = Executors.newFixedThreadPool(2, r -> new Thread(r, "users-own-executor"));

        @Produces
        @JobExecutor
        java.util.concurrent.Executor executor() {
            return POOL;
        }
    }

    /** Stands in for a container's Jakarta Concurrency executor (Liberty, Payara) as a CDI bean. */
    @ApplicationScoped
    static class ContainerManagedExecutor {
        static final ExecutorService POOL = Executors.newFixedThreadPool(2, r -> new Thread(r, "container-managed-executor"));

        @Produces
        @jakarta.inject.Singleton
        jakarta.enterprise.concurrent.ManagedExecutorService managed() {
            return (jakarta.enterprise.concurrent.ManagedExecutorService) java.lang.reflect.Proxy.newProxyInstance(
                    getClass().getClassLoader(), new Class<?>[]{jakarta.enterprise.concurrent.ManagedExecutorService.class},
                    (proxy, method, args) -> {
                        try {
                            return method.invoke(POOL, args); // ExecutorService methods; enough for the library
                        } catch (java.lang.reflect.InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
        }
    }

    // ---------------------------------------------------------------- tests

    @Test
    void returningCompletesThrowingFailsWithStructuredErrorAndSelfCompletionIsKept() {
        try (Containers.Config config = config(); SeContainer c = config.start(Mailer.class)) {
            JobCollection jc = collection(c);
            String ok = save(jc, "sendEmail", data("to", "ann@example.org"));
            String bad = save(jc, "sendEmail", data("to", "fail@example.org"));
            String self = save(jc, "sendEmail", data("to", "self@example.org"));

            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                assertThat(jobs.status(ok)).isEqualTo("completed");
                assertThat(jobs.status(bad)).isEqualTo("failed");
                assertThat(jobs.status(self)).isEqualTo("completed");
            });
            JsonObject failure = jobs.lastFailure(bad);
            assertThat(failure.getString("exception")).isEqualTo(IllegalStateException.class.getName());
            assertThat(failure.getString("message")).isEqualTo("mailbox fail@example.org is full");
            assertThat(failure.toString()).doesNotContain("at io.github"); // no stack trace
            assertThat(jobs.doc(self).orElseThrow().getJsonObject("result").getString("sentBy")).isEqualTo("worker");
            assertThat(seen).containsExactlyInAnyOrder("ann@example.org", "fail@example.org", "self@example.org");
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(workerEvents)
                    .extracting(WorkerEvent::kind)
                    .contains(WorkerEvent.Kind.STARTED, WorkerEvent.Kind.COMPLETED, WorkerEvent.Kind.FAILED));
            assertThat(workerEvents).filteredOn(e -> e.kind() == WorkerEvent.Kind.FAILED).singleElement()
                    .satisfies(e -> {
                        assertThat(e.jobId()).isEqualTo(bad);
                        assertThat(e.error()).contains("IllegalStateException", "mailbox fail@example.org is full");
                    });
        }
    }

    @Test
    void asyncObserversCompleteAndFailJobs() {
        try (Containers.Config config = config(); SeContainer c = config.start(AsyncResizer.class)) {
            JobCollection jc = collection(c);
            String ok = save(jc, "resize", data("name", "cat.png"));
            String bad = save(jc, "resize", data("name", "bad.gif"));
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                assertThat(jobs.status(ok)).isEqualTo("completed");
                assertThat(jobs.status(bad)).isEqualTo("failed");
            });
            assertThat(jobs.lastFailure(bad).getString("exception")).isEqualTo(IllegalArgumentException.class.getName());
            assertThat(jobs.lastFailure(bad).getString("message")).isEqualTo("cannot resize bad.gif");
        }
    }

    @Test
    void payloadAboveOneDeliversBatches() {
        List<String> ids = new ArrayList<>();
        try (Containers.Config config = config().set("meteor-job.queue.\"jobPile\".\"index\".enabled", "false");
             SeContainer c = config.start(BatchIndexer.class)) {
            // saved while the queue is disabled, processed by a second container with the queue enabled
            JobCollection jc = collection(c);
            for (int i = 0; i < 6; i++) {
                ids.add(save(jc, "index", data("doc", "d" + i)));
            }
        }
        try (Containers.Config config = config(); SeContainer c = config.start(BatchIndexer.class)) {
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                    assertThat(ids).allSatisfy(id -> assertThat(jobs.status(id)).isEqualTo("completed")));
            assertThat(seen).containsExactlyInAnyOrder("d0", "d1", "d2", "d3", "d4", "d5");
            assertThat(batchSizes).allSatisfy(n -> assertThat(n).isBetween(1, 3));
            assertThat(batchSizes).contains(3);
        }
    }

    @Test
    void asyncBatchObserverOnASingleThreadPoolCompletesItsJobs() {
        // pool of 1 thread (concurrency 1): the batch worker waits for the async notification on another executor
        try (Containers.Config config = config().set("meteor-job.executor", "pool");
             SeContainer c = config.start(AsyncBatchIndexer.class)) {
            JobCollection jc = collection(c);
            String a = save(jc, "asyncIndex", data("doc", "a"));
            String b = save(jc, "asyncIndex", data("doc", "b"));
            String bad = save(jc, "asyncIndex", data("doc", "self-fail"));
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                assertThat(jobs.status(a)).isEqualTo("completed");
                assertThat(jobs.status(b)).isEqualTo("completed");
                assertThat(jobs.status(bad)).isEqualTo("failed");
            });
            assertThat(jobs.lastFailure(bad).getString("value")).isEqualTo("rejected by the observer");
        }
    }

    @Test
    void configurationOverridesWinOverAnnotationValues() {
        try (Containers.Config config = config()
                .queue(ROOT, "sendEmail", "concurrency", 5)
                .queue(ROOT, "sendEmail", "prefetch", 2)
                .queue(ROOT, "sendEmail", "work-timeout", 60000);
             SeContainer c = config.start(Mailer.class)) {
            MeteorJobRuntime runtime = c.select(MeteorJobRuntime.class).get();
            await().atMost(Duration.ofSeconds(10)).until(() -> runtime.queues().containsKey("jobPile/sendEmail"));
            var options = runtime.queues().get("jobPile/sendEmail").options();
            assertThat(options.concurrency()).isEqualTo(5);
            assertThat(options.prefetch()).isEqualTo(2);
            assertThat(options.workTimeout()).isEqualTo(Duration.ofMinutes(1));
            assertThat(options.pollInterval()).isEqualTo(Duration.ofMillis(100)); // from the annotation
        }
    }

    @Test
    void disabledQueueFetchesNothing() {
        try (Containers.Config config = config().queue(ROOT, "off", "enabled", false);
             SeContainer c = config.start(DisabledWorker.class)) {
            MeteorJobRuntime runtime = c.select(MeteorJobRuntime.class).get();
            String id = save(collection(c), "off", data("x", 1));
            await().atMost(Duration.ofSeconds(10)).until(runtime::isConnected);
            // a poll interval of 100 ms would have fetched it many times over by now if the queue ran
            await().during(Duration.ofMillis(600)).atMost(Duration.ofSeconds(2))
                    .untilAsserted(() -> assertThat(jobs.status(id)).isEqualTo("ready"));
            assertThat(runtime.queues()).doesNotContainKey("jobPile/off");
            assertThat(seen).isEmpty();
        }
    }

    @Test
    void ownPoolWhenForced() {
        try (Containers.Config config = config().set("meteor-job.executor", "pool"); SeContainer c = config.start(Mailer.class)) {
            MeteorJobRuntime runtime = c.select(MeteorJobRuntime.class).get();
            assertThat(runtime.executor().kind()).isEqualTo("pool");
            String id = save(collection(c), "sendEmail", data("to", "pool@example.org"));
            await().atMost(Duration.ofSeconds(20)).until(() -> jobs.status(id).equals("completed"));
            assertThat(threads.get("pool@example.org")).startsWith("meteor-job-worker-");
        }
    }

    @Test
    void contextPropagationManagedExecutorIsChosenWhenPresent() {
        // smallrye-context-propagation is on this module's test class path
        try (Containers.Config config = config(); SeContainer c = config.start(Mailer.class)) {
            MeteorJobRuntime runtime = c.select(MeteorJobRuntime.class).get();
            assertThat(runtime.executor().kind()).isEqualTo("context-propagation");
            assertThat(runtime.executor().executor()).isInstanceOf(org.eclipse.microprofile.context.ManagedExecutor.class);
            String id = save(collection(c), "sendEmail", data("to", "cp@example.org"));
            await().atMost(Duration.ofSeconds(20)).until(() -> jobs.status(id).equals("completed"));
        }
    }

    @Test
    void containersManagedExecutorServiceIsPreferredOverContextPropagation() {
        try (Containers.Config config = config(); SeContainer c = config.start(Mailer.class, ContainerManagedExecutor.class)) {
            MeteorJobRuntime runtime = c.select(MeteorJobRuntime.class).get();
            assertThat(runtime.executor().kind()).isEqualTo("managed");
            assertThat(runtime.executor().owned()).isFalse();
            String id = save(collection(c), "sendEmail", data("to", "managed@example.org"));
            await().atMost(Duration.ofSeconds(20)).until(() -> jobs.status(id).equals("completed"));
            assertThat(threads.get("managed@example.org")).isEqualTo("container-managed-executor");
        }
    }

    @Test
    void jobExecutorProducerOverridesTheChoice() {
        try (Containers.Config config = config(); SeContainer c = config.start(Mailer.class, OwnExecutor.class)) {
            MeteorJobRuntime runtime = c.select(MeteorJobRuntime.class).get();
            assertThat(runtime.executor().kind()).isEqualTo("producer");
            String id = save(collection(c), "sendEmail", data("to", "own@example.org"));
            await().atMost(Duration.ofSeconds(20)).until(() -> jobs.status(id).equals("completed"));
            assertThat(threads.get("own@example.org")).isEqualTo("users-own-executor");
        }
    }

    @Test
    void injectedDdpClientIsTheApplicationsConnection() {
        try (Containers.Config config = config(); SeContainer c = config.start(Mailer.class)) {
            MeteorJobRuntime runtime = c.select(MeteorJobRuntime.class).get();
            await().atMost(Duration.ofSeconds(10)).until(runtime::isConnected);
            var client = c.select(io.github.meteorjob.ddp.DdpClient.class).get();
            assertThat(client.state()).isEqualTo(io.github.meteorjob.ddp.ConnectionState.CONNECTED);
            assertThat(JobException.await(collection(c).startJobServer())).isTrue();
        }
    }
}
