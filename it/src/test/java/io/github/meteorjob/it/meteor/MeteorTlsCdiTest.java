package io.github.meteorjob.it.meteor;

import io.github.meteorjob.Job;
import io.github.meteorjob.JobCollection;
import io.github.meteorjob.ProcessJobs;
import io.github.meteorjob.cdi.internal.MeteorJobRuntime;
import io.github.meteorjob.ddp.DdpClient;
import io.github.meteorjob.ddp.DdpClientOptions;
import io.github.meteorjob.ddp.UserIdentity;
import io.github.meteorjob.it.cdi.Containers;
import io.github.meteorjob.job.JobCollections;
import io.github.meteorjob.server.EmbeddedJobServer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.se.SeContainer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The CDI integration against a Meteor-like deployment over wss with a private CA: the {@code meteor-job.tls.*}
 * keys (docs/meteor.md, docs/cdi.md) make a {@code @ProcessJobs} worker trust the CA without touching the JVM's
 * trust store, and a wrong setting stops the deployment with a message naming the key.
 */
class MeteorTlsCdiTest {

    private static final String PASSWORD = "changeit";

    @TempDir
    static Path dir;
    private static Path serverStore;

    static final List<String> DONE = new CopyOnWriteArrayList<>();

    @ApplicationScoped
    static class Mailer {
        void send(@Observes @ProcessJobs(collection = "jobPile", type = "sendEmail") Job job) {
            DONE.add(job.id());
            job.done();
        }
    }

    @BeforeAll
    static void keystores() throws Exception {
        serverStore = MeteorDeploymentTest.signedByPrivateCa(dir);
    }

    private EmbeddedJobServer server() throws Exception {
        Path users = dir.resolve("users.json");
        Files.writeString(users, """
                {"users": [
                  {"username": "worker", "password": "worker-secret", "levels": ["worker"]},
                  {"username": "creator", "password": "creator-secret", "levels": ["creator"]}
                ]}
                """);
        return EmbeddedJobServer.builder().collection("jobPile").usersFile(users)
                .tls(serverStore, PASSWORD.toCharArray()).start();
    }

    private Containers.Config workerConfig(EmbeddedJobServer server) {
        return Containers.config()
                .set("meteor-job.url", server.url())
                .set("meteor-job.login.username", "worker")
                .set("meteor-job.login.password", "worker-secret");
    }

    @Test
    void aProcessJobsWorkerTrustsThePrivateCaFromTheTlsKeys() throws Exception {
        DONE.clear();
        try (EmbeddedJobServer server = server();
             Containers.Config config = workerConfig(server)
                     .set("meteor-job.tls.trust-store", dir.resolve("meteor-ca.p12"))
                     .set("meteor-job.tls.trust-store-password", PASSWORD)
                     .set("meteor-job.tls.hostname-verification", true);
             SeContainer container = config.start(Mailer.class)) {
            assertThat(server.url()).startsWith("wss://");
            String id;
            try (DdpClient creator = DdpClient.create(DdpClientOptions.builder(server.url())
                    .sslContext(MeteorDeploymentTest.trustStore(dir.resolve("meteor-ca.p12"), PASSWORD.toCharArray()))
                    .login(UserIdentity.username("creator"), "creator-secret").build())) {
                creator.connect().toCompletableFuture().join();
                JobCollection jobs = JobCollections.of(creator, "jobPile");
                id = jobs.createJob("sendEmail", Map.of("to", "ada@example.com")).saveAndWait();
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> DONE.contains(id));
            assertThat(container.select(MeteorJobRuntime.class).get().isConnected()).isTrue();
        }
    }

    @Test
    void withoutTheTrustStoreKeyTheWorkerNeverConnects() throws Exception {
        try (EmbeddedJobServer server = server();
             Containers.Config config = workerConfig(server);
             SeContainer container = config.start(Mailer.class)) {
            MeteorJobRuntime runtime = container.select(MeteorJobRuntime.class).get();
            // the JVM's default trust store does not know the private CA: connection attempts keep failing
            await().pollDelay(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5)).until(() -> !runtime.isConnected());
            assertThat(runtime.isConnected()).isFalse();
        }
    }

    @Test
    void aMissingTrustStoreFileStopsTheDeploymentNamingTheKey() throws Exception {
        try (EmbeddedJobServer server = server();
             Containers.Config config = workerConfig(server)
                     .set("meteor-job.tls.trust-store", dir.resolve("missing.p12"))) {
            assertThatThrownBy(() -> config.start(Mailer.class).close())
                    .satisfies(e -> assertThat(Containers.messages(e))
                            .contains("meteor-job.tls.trust-store=").contains("missing.p12: no such file"));
        }
    }

    @Test
    void aWrongTrustStorePasswordStopsTheDeploymentNamingTheKey() throws Exception {
        try (EmbeddedJobServer server = server();
             Containers.Config config = workerConfig(server)
                     .set("meteor-job.tls.trust-store", dir.resolve("meteor-ca.p12"))
                     .set("meteor-job.tls.trust-store-password", "wrong")) {
            assertThatThrownBy(() -> config.start(Mailer.class).close())
                    .satisfies(e -> assertThat(Containers.messages(e)).contains("meteor-job.tls.trust-store-password"));
        }
    }
}
