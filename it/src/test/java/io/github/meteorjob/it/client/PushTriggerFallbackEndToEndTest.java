package io.github.meteorjob.it.client;

import io.github.meteorjob.JobCollection;
import io.github.meteorjob.JobQueue;
import io.github.meteorjob.QueueOptions;
import io.github.meteorjob.ShutdownLevel;
import io.github.meteorjob.ddp.DdpClient;
import io.github.meteorjob.ddp.DdpClientOptions;
import io.github.meteorjob.job.JobCollections;
import io.github.meteorjob.server.ddp.DdpServer;
import io.github.meteorjob.server.ddp.DdpServerOptions;
import io.github.meteorjob.server.ddp.MethodHandler;
import io.github.meteorjob.server.ddp.MethodRegistry;
import io.github.meteorjob.server.ddp.PublicationHandler;
import io.github.meteorjob.server.jobs.JobCollectionServer;
import io.github.meteorjob.server.jobs.JobServerOptions;
import io.github.meteorjob.server.security.AccessControl;
import io.github.meteorjob.server.security.UserDirectory;
import io.github.meteorjob.server.store.JobStores;
import jakarta.json.Json;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A push-trigger queue against a job server without the {@code <root>.jobs} publication (job-collection has none by
 * default): the server's {@code nosub} is reported once, the queue polls instead, and a saved job still runs.
 */
class PushTriggerFallbackEndToEndTest {

    static final String ROOT = "nopub";

    private DdpServer ddp;
    private DdpClient client;
    private JobQueue queue;

    @BeforeEach
    void start() {
        ddp = new DdpServer(DdpServerOptions.defaults(), new AccessControl(new UserDirectory()));
        JobCollectionServer jobs = new JobCollectionServer(ROOT, JobStores.inMemory().open(ROOT),
                JobServerOptions.defaults().withPromoteInterval(Duration.ofMillis(100)));
        // job-collection's methods, but not the publication
        jobs.register(new MethodRegistry() {
            @Override
            public void method(String name, Set<String> levels, MethodHandler handler) {
                ddp.method(name, levels, handler);
            }

            @Override
            public void publication(String name, Set<String> levels, PublicationHandler handler) {
            }
        });
        jobs.call("startJobServer", Json.createArrayBuilder().add(Json.createObjectBuilder()).build());
        ddp.start("127.0.0.1", 0, null);
        client = DdpClient.create(DdpClientOptions.of("ws://127.0.0.1:" + ddp.port() + "/websocket"));
        client.connect().toCompletableFuture().join();
    }

    @AfterEach
    void stop() throws Exception {
        if (queue != null) {
            queue.shutdown(ShutdownLevel.HARD).toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
        client.close();
        ddp.close();
    }

    @Test
    void theMissingPublicationIsReportedOnceAndTheQueuePollsInstead() {
        JobCollection jc = JobCollections.of(client, ROOT);
        List<Throwable> errors = new CopyOnWriteArrayList<>();
        List<String> done = new CopyOnWriteArrayList<>();
        // push only: no poll interval of its own
        QueueOptions options = QueueOptions.defaults().withPollInterval(null).withPushTrigger(true).withErrorHandler(errors::add);
        queue = jc.processJobs("t", options, job -> {
            done.add(job.id());
            job.done();
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> !errors.isEmpty());
        assertThat(errors).singleElement().satisfies(e -> assertThat(e.getMessage())
                .contains("push trigger unavailable", ROOT + ".jobs", "polling instead"));

        // saved after the nosub: only the fallback poll (every 5 s) can find it
        String id = jc.createJob("t", Json.createObjectBuilder().build()).saveAndWait();
        await().atMost(Duration.ofSeconds(20)).until(() -> done.contains(id));
        assertThat(errors).hasSize(1);
    }
}
