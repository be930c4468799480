package io.github.meteorjob.ddp;

import io.github.meteorjob.DdpException;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static io.github.meteorjob.ddp.DdpTestSupport.await;
import static io.github.meteorjob.ddp.DdpTestSupport.failure;
import static io.github.meteorjob.ddp.DdpTestSupport.fast;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DdpLoginTest extends ScriptedServerFixture {

    @BeforeEach
    void scriptServer() {
        server.onMethod("login", p -> {
            JsonObject a = p.getJsonObject(0);
            if (a.containsKey("resume") && !a.getString("resume").equals("good")) {
                throw new DdpException(403, "You've been logged out by the server. Please log in again.");
            }
            return Json.createObjectBuilder().add("id", "u1").add("token", "good")
                    .add("tokenExpires", Json.createObjectBuilder().add("$date", 1700000000000L)).build();
        });
        server.onMethod("logout", p -> JsonValue.NULL);
    }

    @Test
    void passwordLoginSendsTheSha256DigestNeverThePassword() throws Exception {
        connectFast();
        LoginResult r = await(client.loginWithPassword(UserIdentity.email("ann@example.com"), "pässwörd"));
        assertThat(r).isEqualTo(new LoginResult("u1", "good", Instant.ofEpochMilli(1700000000000L)));
        assertThat(r.toString()).doesNotContain("good");
        JsonObject arg = server.frames("method").get(0).getJsonArray("params").getJsonObject(0);
        String expected = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest("pässwörd".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        assertThat(arg).isEqualTo(Json.createObjectBuilder()
                .add("user", Json.createObjectBuilder().add("email", "ann@example.com"))
                .add("password", Json.createObjectBuilder().add("digest", expected).add("algorithm", "sha-256"))
                .build());
        assertThat(expected).hasSize(64);
        assertThat(server.frames().toString()).doesNotContain("pässwörd");
        assertThat(client.login()).isEqualTo(r);
    }

    @Test
    void usernameLogin() {
        connectFast();
        await(client.loginWithPassword(UserIdentity.username("ann"), "x"));
        JsonObject arg = server.frames("method").get(0).getJsonArray("params").getJsonObject(0);
        assertThat(arg.getJsonObject("user")).isEqualTo(Json.createObjectBuilder().add("username", "ann").build());
    }

    @Test
    void tokenLoginAndRefusal() {
        connectFast();
        assertThat(await(client.loginWithToken("good")).userId()).isEqualTo("u1");
        assertThat(server.frames("method").get(0).getJsonArray("params").getJsonObject(0))
                .isEqualTo(Json.createObjectBuilder().add("resume", "good").build());
        DdpException e = (DdpException) failure(client.loginWithToken("bad"));
        assertThat(e.errorCode()).isEqualTo(403);
    }

    @Test
    void logoutForgetsTheToken() {
        connectFast();
        await(client.loginWithToken("good"));
        await(client.logout());
        assertThat(client.login()).isNull();
        JsonObject logout = server.frames("method").get(1);
        assertThat(logout.getString("method")).isEqualTo("logout");
        assertThat(logout.getJsonArray("params")).isEmpty();
        // after a reconnect no re-login happens any more
        server.clearFrames();
        server.dropConnections();
        server.awaitConnectionCount(2);
        server.awaitMsg("connect");
        org.awaitility.Awaitility.await().until(() -> client.state() == ConnectionState.CONNECTED);
        assertThat(server.frames("method")).isEmpty();
    }

    @Test
    void credentialsInOptionsLogInOnConnect() {
        client = DdpClient.create(fast(server).login(UserIdentity.email("a@b.c"), "pw").build());
        await(client.connect());
        assertThat(client.login().userId()).isEqualTo("u1");
    }

    @Test
    void refusedLoginOnConnectFailsConnect() {
        client = DdpClient.create(fast(server).resumeToken("bad").build());
        DdpException e = (DdpException) failure(client.connect());
        assertThat(e.errorCode()).isEqualTo(403);
        assertThat(client.state()).isEqualTo(ConnectionState.DISCONNECTED);
    }

    @Test
    void identityValidation() {
        assertThatThrownBy(() -> UserIdentity.email("nope")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("nope");
        assertThatThrownBy(() -> UserIdentity.username(" ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new UserIdentity("a@b", "x")).isInstanceOf(IllegalArgumentException.class);
        assertThat(DdpCredentials.password(UserIdentity.username("u"), "secret").toString()).doesNotContain("secret");
        assertThat(DdpCredentials.resumeToken("tok").toString()).doesNotContain("tok");
    }

    @Test
    void credentialsAreOneKindOfLogin() {
        UserIdentity user = UserIdentity.username("u");
        assertThat(new DdpCredentials(user, "pw", null)).isEqualTo(DdpCredentials.password(user, "pw"));
        assertThat(new DdpCredentials(null, null, "tok")).isEqualTo(DdpCredentials.resumeToken("tok"));
        for (Runnable bad : new Runnable[] {
                () -> new DdpCredentials(user, "pw", "tok"),
                () -> new DdpCredentials(null, "pw", "tok"),
                () -> new DdpCredentials(user, null, null),
                () -> new DdpCredentials(null, null, " "),
                () -> new DdpCredentials(null, null, null)}) {
            assertThatThrownBy(bad::run).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("user and password, or a non-blank resume token");
        }
    }
}
