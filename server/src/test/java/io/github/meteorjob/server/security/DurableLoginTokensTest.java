package io.github.meteorjob.server.security;

import io.github.meteorjob.server.EmbeddedJobServer;
import io.github.meteorjob.server.ddp.RawDdpClient;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;

import static io.github.meteorjob.server.security.LoginAndPermissionsTest.passwordLogin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** With a data directory, resume tokens survive a restart of the server, until they expire. */
class DurableLoginTokensTest {

    @TempDir
    Path dir;

    private EmbeddedJobServer start(Duration lifetime) {
        return EmbeddedJobServer.builder().collection("jobPile").dataDir(dir).tokenLifetime(lifetime)
                .user("worker", "pw-worker", "worker").start();
    }

    private static JsonArray resume(String token) {
        return Json.createArrayBuilder().add(Json.createObjectBuilder().add("resume", token)).build();
    }

    private static JsonObject login(EmbeddedJobServer server, JsonArray params) throws Exception {
        try (RawDdpClient c = RawDdpClient.connected(server.url())) {
            String id = c.callAsync("login", params);
            return c.result(id);
        }
    }

    @Test
    void aTokenIssuedBeforeARestartStillLogsInAfterItAndALoggedOutOneDoesNot() throws Exception {
        String kept;
        String revoked;
        try (EmbeddedJobServer server = start(Duration.ofDays(90))) {
            kept = login(server, Json.createArrayBuilder().add(passwordLogin("username", "worker", "pw-worker")).build())
                    .getJsonObject("result").getString("token");
            try (RawDdpClient c = RawDdpClient.connected(server.url())) {
                revoked = c.call("login", passwordLogin("username", "worker", "pw-worker")).getJsonObject("result").getString("token");
                assertThat(c.call("logout").containsKey("error")).isFalse();
            }
        }
        String file = Files.readString(dir.resolve(EmbeddedJobServer.LOGIN_TOKEN_FILE));
        assertThat(file).doesNotContain(kept).doesNotContain(revoked).contains("\"user\":\"worker\"");

        try (EmbeddedJobServer server = start(Duration.ofDays(90))) {
            JsonObject resumed = login(server, resume(kept));
            assertThat(resumed.getJsonObject("result").getString("id")).isEqualTo("worker");
            assertThat(resumed.getJsonObject("result").getString("token")).isEqualTo(kept);
            JsonObject refused = login(server, resume(revoked)).getJsonObject("error");
            assertThat(refused.getInt("error")).isEqualTo(403);
            assertThat(refused.getString("reason")).isEqualTo("You've been logged out by the server. Please log in again.");
        }
    }

    @Test
    void aTokenThatExpiredBeforeTheRestartIsRefusedAndPrunedFromTheFile() throws Exception {
        String token;
        Instant expires;
        try (EmbeddedJobServer server = start(Duration.ofMillis(500))) {
            JsonObject result = login(server, Json.createArrayBuilder().add(passwordLogin("username", "worker", "pw-worker")).build())
                    .getJsonObject("result");
            token = result.getString("token");
            expires = Instant.ofEpochMilli(result.getJsonObject("tokenExpires").getJsonNumber("$date").longValue());
        }
        assertThat(Files.readString(dir.resolve(EmbeddedJobServer.LOGIN_TOKEN_FILE))).contains("\"add\"");
        await().atMost(Duration.ofSeconds(5)).until(() -> Instant.now().isAfter(expires));
        try (EmbeddedJobServer server = start(Duration.ofMillis(500))) {
            JsonObject refused = login(server, resume(token)).getJsonObject("error");
            assertThat(refused.getInt("error")).isEqualTo(403);
            assertThat(refused.getString("reason")).isEqualTo("You've been logged out by the server. Please log in again.");
            assertThat(Files.readString(dir.resolve(EmbeddedJobServer.LOGIN_TOKEN_FILE))).isEmpty();
        }
    }

    @Test
    void aLineCutShortByACrashIsSkipped() throws Exception {
        String token;
        try (EmbeddedJobServer server = start(Duration.ofDays(90))) {
            token = login(server, Json.createArrayBuilder().add(passwordLogin("username", "worker", "pw-worker")).build())
                    .getJsonObject("result").getString("token");
        }
        Files.writeString(dir.resolve(EmbeddedJobServer.LOGIN_TOKEN_FILE), "{\"add\":\"abc", StandardCharsets.UTF_8,
                StandardOpenOption.APPEND);
        try (EmbeddedJobServer server = start(Duration.ofDays(90))) {
            assertThat(login(server, resume(token)).getJsonObject("result").getString("id")).isEqualTo("worker");
        }
        assertThat(Files.readString(dir.resolve(EmbeddedJobServer.LOGIN_TOKEN_FILE))).doesNotContain("abc");
    }
}
