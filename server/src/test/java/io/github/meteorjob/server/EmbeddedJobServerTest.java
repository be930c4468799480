package io.github.meteorjob.server;

import io.github.meteorjob.server.ddp.RawDdpClient;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLContext;
import java.net.ConnectException;
import java.net.Socket;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class EmbeddedJobServerTest {

    private static JsonArray params(JsonValue... values) {
        var b = Json.createArrayBuilder();
        for (JsonValue v : values) {
            b.add(v);
        }
        return b.build();
    }

    @Test
    void defaultsServeTheQueueCollectionOnLoopbackAndHandOutWork() throws Exception {
        try (EmbeddedJobServer server = EmbeddedJobServer.builder().start();
             RawDdpClient c = RawDdpClient.connected(server.url())) {
            assertThat(server.url()).matches("ws://127\\.0\\.0\\.1:\\d+/websocket");
            assertThat(server.port()).isPositive();
            assertThat(server.collectionNames()).containsExactly("queue");
            assertThat(server.collection().root()).isEqualTo("queue");
            assertThatThrownBy(() -> server.collection("nope")).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("nope").hasMessageContaining("queue");

            String id = c.call("queue_jobSave", ReferenceJobDoc.of("email").build(), JsonValue.EMPTY_JSON_OBJECT).getString("result");
            JsonArray work = c.call("queue_getWork", Json.createArrayBuilder().add("email").build(),
                    Json.createObjectBuilder().add("maxJobs", 5).build()).getJsonArray("result");
            assertThat(work).hasSize(1);
            assertThat(work.getJsonObject(0).getString("_id")).isEqualTo(id);
            assertThat(work.getJsonObject(0).getString("status")).isEqualTo("running");
        }
    }

    @Test
    void severalRootsEachGetTheirMethodsAndJavaApiSharesTheStore() throws Exception {
        try (EmbeddedJobServer server = EmbeddedJobServer.builder().collection("alpha", "beta").start();
             RawDdpClient c = RawDdpClient.connected(server.url())) {
            assertThat(server.collectionNames()).containsExactly("alpha", "beta");
            JsonValue id = server.collection("beta").call("jobSave", params(ReferenceJobDoc.of("t").build(), JsonValue.EMPTY_JSON_OBJECT));
            JsonObject viaDdp = c.call("beta_getJob", id, JsonValue.EMPTY_JSON_OBJECT).getJsonObject("result");
            assertThat(viaDdp.getString("type")).isEqualTo("t");
            // an unknown id: "result": null is sent, not left out
            assertThat(c.call("alpha_getJob", id, JsonValue.EMPTY_JSON_OBJECT).get("result")).isEqualTo(JsonValue.NULL);
            assertThat(c.call("queue_getWork", Json.createArrayBuilder().add("t").build(), JsonValue.EMPTY_JSON_OBJECT)
                    .getJsonObject("error").getString("reason")).isEqualTo("Method 'queue_getWork' not found");
        }
    }

    @Test
    void withoutAutoStartNoWorkUntilStartJobServer() throws Exception {
        try (EmbeddedJobServer server = EmbeddedJobServer.builder().autoStart(false).start();
             RawDdpClient c = RawDdpClient.connected(server.url())) {
            c.call("queue_jobSave", ReferenceJobDoc.of("t").build(), JsonValue.EMPTY_JSON_OBJECT);
            JsonValue types = Json.createArrayBuilder().add("t").build();
            assertThat(c.call("queue_getWork", types, JsonValue.EMPTY_JSON_OBJECT).getJsonArray("result")).isEmpty();
            assertThat(c.call("queue_startJobServer", JsonValue.EMPTY_JSON_OBJECT).get("result")).isEqualTo(JsonValue.TRUE);
            assertThat(c.call("queue_getWork", types, JsonValue.EMPTY_JSON_OBJECT).getJsonArray("result")).hasSize(1);
        }
    }

    @Test
    void closeDisconnectsClientsAndReleasesThePort() throws Exception {
        EmbeddedJobServer server = EmbeddedJobServer.builder().start();
        int port = server.port();
        RawDdpClient c = RawDdpClient.connected(server.url());
        await().until(() -> server.connectionCount() == 1);
        server.close();
        assertThat(c.closed().get(10, TimeUnit.SECONDS)).isNotNull();
        c.close();
        assertThatThrownBy(() -> new Socket("127.0.0.1", port).close()).isInstanceOf(ConnectException.class);
        server.close(); // idempotent
        assertThatThrownBy(server::start).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void tlsServesWssWithTheConfiguredKeystore(@TempDir Path dir) throws Exception {
        String password = "changeit-test";
        Path keystore = io.github.meteorjob.server.ddp.TestKeystores.selfSigned(dir, password);
        SSLContext client = io.github.meteorjob.server.ddp.TestKeystores.trusting(keystore, password);

        try (EmbeddedJobServer server = EmbeddedJobServer.builder().tls(keystore, password.toCharArray()).start()) {
            assertThat(server.url()).startsWith("wss://127.0.0.1:");
            try (RawDdpClient c = RawDdpClient.open(server.url(), client)) {
                assertThat(c.handshake()).isNotBlank();
                assertThat(c.call("queue_getWork", Json.createArrayBuilder().add("t").build(), JsonValue.EMPTY_JSON_OBJECT)
                        .getJsonArray("result")).isEmpty();
            }
        }
        assertThatThrownBy(() -> EmbeddedJobServer.builder().tls(keystore, "wrong".toCharArray()).start())
                .hasMessageContaining("keystore");
    }

    @Test
    void badConfigurationIsRefusedNamingTheProblem() {
        assertThatThrownBy(() -> EmbeddedJobServer.builder().port(70000)).hasMessageContaining("port");
        assertThatThrownBy(() -> EmbeddedJobServer.builder().collection("a b")).hasMessageContaining("a b");
        assertThatThrownBy(() -> EmbeddedJobServer.builder().usersFile(Path.of("/nonexistent/users.json")).build())
                .hasMessageContaining("/nonexistent/users.json");
        assertThatThrownBy(() -> EmbeddedJobServer.builder().user("u", "pw", "god")).hasMessageContaining("god");
        assertThat(List.of(EmbeddedJobServer.DEFAULT_COLLECTION)).containsExactly("queue");
    }
}
