package io.github.meteorjob.server.security;

import io.github.meteorjob.server.EmbeddedJobServer;
import io.github.meteorjob.server.ddp.RawDdpClient;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static io.github.meteorjob.server.security.LoginAndPermissionsTest.passwordLogin;
import static org.assertj.core.api.Assertions.assertThat;

/** Failed-login limits that reconnecting does not reset, and the warning about plain-text passwords. */
class LoginLimitsTest {

    private EmbeddedJobServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private JsonObject loginOnNewConnection(String user, String password) throws Exception {
        try (RawDdpClient c = RawDdpClient.connected(server.url())) {
            return c.call("login", passwordLogin("username", user, password));
        }
    }

    @Test
    void failuresForOneUserAreLimitedAcrossConnections() throws Exception {
        server = EmbeddedJobServer.builder().user("worker", "pw-worker", "worker").start();
        for (int i = 0; i < LoginThrottle.DEFAULT_FREE_FAILURES_PER_USER; i++) {
            assertThat(loginOnNewConnection("worker", "guess" + i).getJsonObject("error").getString("reason"))
                    .isEqualTo(AccessControl.BAD_CREDENTIALS);
        }
        // a new connection does not reset the count, and during the backoff even the right password waits
        JsonObject refused = loginOnNewConnection("worker", "pw-worker").getJsonObject("error");
        assertThat(refused.getString("error")).isEqualTo("too-many-requests");
        assertThat(refused.getJsonObject("details").getJsonNumber("timeToReset").longValue()).isPositive();
    }

    @Test
    void failuresFromOneAddressAreLimitedAcrossUserNames() throws Exception {
        server = EmbeddedJobServer.builder().user("admin", "pw-admin", "admin").start();
        for (int i = 0; i < LoginThrottle.DEFAULT_FREE_FAILURES_PER_ADDRESS; i++) {
            assertThat(loginOnNewConnection("name" + i, "x").getJsonObject("error").getString("reason"))
                    .isEqualTo(AccessControl.BAD_CREDENTIALS);
        }
        JsonObject refused = loginOnNewConnection("admin", "pw-admin").getJsonObject("error");
        assertThat(refused.getString("error")).isEqualTo("too-many-requests");
    }

    @Test
    void theBackoffDoublesAndASuccessClearsTheUsersCount() {
        long[] now = {0};
        LoginThrottle t = new LoginThrottle(2, 100, () -> now[0]);
        t.failed("u", "a");
        t.failed("u", "a");
        assertThat(catchWait(t)).isEqualTo(1000);
        now[0] = 1000;
        t.check("u", "a");
        t.failed("u", "a");
        assertThat(catchWait(t)).isEqualTo(2000);
        now[0] = 3000;
        t.succeeded("u");
        t.check("u", "a");
    }

    private static long catchWait(LoginThrottle t) {
        try {
            t.check("u", "a");
            return 0;
        } catch (io.github.meteorjob.DdpException e) {
            return e.details().asJsonObject().getJsonNumber("timeToReset").longValue();
        }
    }

    @Test
    void plainTextPasswordsInTheUsersFileAreWarnedAboutByNameOnly(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path users = dir.resolve("users.json");
        Files.writeString(users, "{\"users\":[{\"username\":\"alice\",\"password\":\"Sup3rSecret\",\"levels\":[\"worker\"]},"
                + "{\"username\":\"bob\",\"password\":\"" + PasswordHashing.hash("x") + "\",\"levels\":[\"worker\"]}]}");
        List<LogRecord> records = new CopyOnWriteArrayList<>();
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord r) {
                records.add(r);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger logger = Logger.getLogger(EmbeddedJobServer.class.getName());
        logger.addHandler(handler);
        try {
            server = EmbeddedJobServer.builder().usersFile(users).start();
        } finally {
            logger.removeHandler(handler);
        }
        List<String> warnings = records.stream().filter(r -> r.getLevel() == java.util.logging.Level.WARNING)
                .map(r -> new java.util.logging.SimpleFormatter().formatMessage(r)).toList();
        assertThat(warnings).hasSize(1);
        assertThat(warnings.get(0)).contains("alice").contains("hash-password").doesNotContain("bob")
                .doesNotContain("Sup3rSecret");
    }
}
