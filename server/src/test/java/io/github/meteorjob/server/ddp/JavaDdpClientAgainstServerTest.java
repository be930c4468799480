package io.github.meteorjob.server.ddp;

import io.github.meteorjob.server.ReferenceJobDoc;
import io.github.meteorjob.ddp.DdpClient;
import io.github.meteorjob.ddp.DdpClientOptions;
import io.github.meteorjob.DdpException;
import io.github.meteorjob.ddp.LoginResult;
import io.github.meteorjob.ddp.Subscription;
import io.github.meteorjob.ddp.UserIdentity;
import io.github.meteorjob.server.EmbeddedJobServer;
import jakarta.json.Json;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The project's own DDP client against the embedded server: login, calls, the jobs publication. */
class JavaDdpClientAgainstServerTest {

    @Test
    void loginCallAndSubscribeWithTheProjectsClient() throws Exception {
        try (EmbeddedJobServer server = EmbeddedJobServer.builder().user("boss", "pw", "admin").start()) {
            DdpClient client = DdpClient.create(DdpClientOptions.of(server.url()));
            try {
                client.connect().toCompletableFuture().get(10, TimeUnit.SECONDS);
                ExecutionException denied = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                        () -> client.call("queue_getWork", Json.createArrayBuilder().add(Json.createArrayBuilder().add("t"))
                                .add(JsonValue.EMPTY_JSON_OBJECT).build()).toCompletableFuture().get(10, TimeUnit.SECONDS));
                assertThat(denied.getCause()).isInstanceOf(DdpException.class);
                assertThat(((DdpException) denied.getCause()).errorCode()).isEqualTo(403);

                LoginResult login = client.loginWithPassword(UserIdentity.username("boss"), "pw")
                        .toCompletableFuture().get(10, TimeUnit.SECONDS);
                assertThat(login.userId()).isEqualTo("boss");
                assertThat(login.tokenExpires()).isAfter(Instant.now().plus(Duration.ofDays(89)));

                Subscription sub = client.subscribe("queue.jobs", Json.createArrayBuilder().build());
                sub.ready().toCompletableFuture().get(10, TimeUnit.SECONDS);
                JsonValue id = client.call("queue_jobSave", Json.createArrayBuilder().add(ReferenceJobDoc.of("t"))
                        .add(JsonValue.EMPTY_JSON_OBJECT).build()).toCompletableFuture().get(10, TimeUnit.SECONDS);
                String jobId = ((jakarta.json.JsonString) id).getString();
                await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                        assertThat(client.collection("queue.jobs").get(jobId)).isPresent());
                assertThat(client.ping().toCompletableFuture().get(10, TimeUnit.SECONDS)).isNotNull();
                client.logout().toCompletableFuture().get(10, TimeUnit.SECONDS);
                assertThatThrownBy(() -> client.call("queue_getJob", Json.createArrayBuilder().add(jobId)
                        .add(JsonValue.EMPTY_JSON_OBJECT).build()).toCompletableFuture().get(10, TimeUnit.SECONDS))
                        .hasCauseInstanceOf(DdpException.class);
            } finally {
                client.close();
            }
        }
    }
}
