package io.github.meteorjob.server.security;

import io.github.meteorjob.server.EmbeddedJobServer;
import io.github.meteorjob.server.ddp.RawDdpClient;
import io.github.meteorjob.server.ReferenceJobDoc;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class LoginAndPermissionsTest {

    private static final JsonObject NOT_AUTHORIZED = Json.createObjectBuilder().add("error", 403)
            .add("reason", "Method not authorized").add("message", "Method not authorized [403]")
            .add("errorType", "Meteor.Error").build();

    private static EmbeddedJobServer server;

    @BeforeAll
    static void start() {
        server = EmbeddedJobServer.builder().collection("jobPile")
                .user("admin", "pw-admin", "admin")
                .user("manager", "pw-manager", "manager")
                .user("creator", "pw-creator", "creator")
                .user("worker", "pw-worker", "worker")
                .start();
        server.access().users().add(null, "both@example.com", "pw-both", List.of("creator", "worker"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static JsonObject passwordLogin(String selectorKey, String name, String password) {
        return Json.createObjectBuilder()
                .add("user", Json.createObjectBuilder().add(selectorKey, name))
                .add("password", Json.createObjectBuilder().add("digest", PasswordHashing.sha256Hex(password))
                        .add("algorithm", "sha-256")).build();
    }

    static RawDdpClient loggedIn(String user) throws Exception {
        RawDdpClient c = RawDdpClient.connected(server.url());
        JsonObject result = c.call("login", passwordLogin("username", user, "pw-" + user));
        assertThat(result.containsKey("error")).as("login of %s: %s", user, result).isFalse();
        return c;
    }

    private static final Map<String, JsonValue[]> CALLS = Map.of(
            "getWork", new JsonValue[]{Json.createArrayBuilder().add("t").build(), JsonValue.EMPTY_JSON_OBJECT},
            "jobPause", new JsonValue[]{Json.createArrayBuilder().add("nope").build(), JsonValue.EMPTY_JSON_OBJECT},
            "jobSave", new JsonValue[]{ReferenceJobDoc.of("t").build(), JsonValue.EMPTY_JSON_OBJECT},
            "shutdownJobServer", new JsonValue[]{Json.createObjectBuilder().add("timeout", 60000).build()},
            "jobRemove", new JsonValue[]{Json.createArrayBuilder().add("nope").build(), JsonValue.EMPTY_JSON_OBJECT},
            "getJob", new JsonValue[]{Json.createValue("nope"), JsonValue.EMPTY_JSON_OBJECT});

    /** A 403 as Meteor clients know it, without the details that name the missing level. */
    static JsonObject bare(JsonObject error) {
        return Json.createObjectBuilder(error).remove("details").build();
    }

    private static boolean allowed(RawDdpClient c, String method) throws Exception {
        JsonObject result = c.call("jobPile_" + method, CALLS.get(method));
        if (result.containsKey("error")) {
            assertThat(bare(result.getJsonObject("error"))).as(method).isEqualTo(NOT_AUTHORIZED);
            assertThat(result.getJsonObject("error").getString("details")).as(method).startsWith("jobPile_" + method + " needs level ");
            return false;
        }
        return true;
    }

    @Test
    void anonymousCallsAreRefusedWith403AndDetailsNamingTheLevelNeeded() throws Exception {
        try (RawDdpClient c = RawDdpClient.connected(server.url())) {
            JsonObject error = c.call("jobPile_getWork", CALLS.get("getWork")).getJsonObject("error");
            assertThat(bare(error)).isEqualTo(NOT_AUTHORIZED);
            assertThat(error.getString("details")).isEqualTo("jobPile_getWork needs level worker, admin; not logged in");
        }
        try (RawDdpClient creator = loggedIn("creator")) {
            JsonObject error = creator.call("jobPile_getWork", CALLS.get("getWork")).getJsonObject("error");
            assertThat(bare(error)).isEqualTo(NOT_AUTHORIZED);
            assertThat(error.getString("details")).isEqualTo("jobPile_getWork needs level worker, admin; user 'creator' has creator");
        }
    }

    @Test
    void aSubscriptionMadeBeforeLoginIsReadyEmptyAndBecomesLiveAfterLogin() throws Exception {
        String id = savedJob("before-login");
        try (RawDdpClient c = RawDdpClient.connected(server.url())) {
            c.sendText("{\"msg\":\"sub\",\"id\":\"s\",\"name\":\"jobPile.jobs\",\"params\":[]}");
            List<JsonObject> anonymous = until(c, m -> "ready".equals(m.getString("msg", null)));
            assertThat(anonymous).noneMatch(m -> "added".equals(m.getString("msg", null)));

            String login = c.callAsync("login", Json.createArrayBuilder().add(passwordLogin("username", "worker", "pw-worker")).build());
            List<JsonObject> afterLogin = until(c, m -> "result".equals(m.getString("msg", null)) && login.equals(m.getString("id")));
            assertThat(afterLogin).anyMatch(m -> "added".equals(m.getString("msg", null)) && id.equals(m.getString("id", null))
                    && "before-login".equals(m.getJsonObject("fields").getString("type")));
            assertThat(afterLogin).noneMatch(m -> "nosub".equals(m.getString("msg", null)));
        }
    }

    @Test
    void logoutReRunsSubscriptionsAsAnonymousAndALoginBringsTheDocumentsBack() throws Exception {
        String id = savedJob("logout");
        try (RawDdpClient c = loggedIn("worker")) {
            c.sendText("{\"msg\":\"sub\",\"id\":\"jobs\",\"name\":\"jobPile.jobs\",\"params\":[]}");
            assertThat(until(c, m -> "ready".equals(m.getString("msg", null))))
                    .anyMatch(m -> "added".equals(m.getString("msg", null)) && id.equals(m.getString("id", null)));

            String logout = c.callAsync("logout", JsonValue.EMPTY_JSON_ARRAY);
            List<JsonObject> afterLogout = until(c, m -> "result".equals(m.getString("msg", null)) && logout.equals(m.getString("id")));
            assertThat(afterLogout).anyMatch(m -> "removed".equals(m.getString("msg", null)) && id.equals(m.getString("id", null)));
            assertThat(afterLogout).noneMatch(m -> "nosub".equals(m.getString("msg", null)));

            // a manager's login re-runs the same subscription: the document comes back
            String login = c.callAsync("login", Json.createArrayBuilder().add(passwordLogin("username", "manager", "pw-manager")).build());
            assertThat(until(c, m -> "result".equals(m.getString("msg", null)) && login.equals(m.getString("id"))))
                    .anyMatch(m -> "added".equals(m.getString("msg", null)) && id.equals(m.getString("id", null)));
        }
    }

    @Test
    void aLoginThatKeepsTheDocumentsVisibleSendsNoRemovedOrAddedForThem() throws Exception {
        String id = savedJob("relogin");
        try (RawDdpClient c = loggedIn("worker")) {
            c.sendText("{\"msg\":\"sub\",\"id\":\"jobs\",\"name\":\"jobPile.jobs\",\"params\":[]}");
            until(c, m -> "ready".equals(m.getString("msg", null)));
            // another user who may see the same documents: the merge box sends only the difference (none)
            String login = c.callAsync("login", Json.createArrayBuilder().add(passwordLogin("username", "manager", "pw-manager")).build());
            List<JsonObject> afterLogin = until(c, m -> "result".equals(m.getString("msg", null)) && login.equals(m.getString("id")));
            assertThat(afterLogin).noneMatch(m -> id.equals(m.getString("id", null))
                    && ("removed".equals(m.getString("msg", null)) || "added".equals(m.getString("msg", null))));
        }
    }

    private static String savedJob(String type) throws Exception {
        try (RawDdpClient admin = loggedIn("admin")) {
            return admin.call("jobPile_jobSave", ReferenceJobDoc.of(type).build(), JsonValue.EMPTY_JSON_OBJECT).getString("result");
        }
    }

    /** Every frame up to and including the first that matches, in the order received. */
    private static List<JsonObject> until(RawDdpClient c, java.util.function.Predicate<JsonObject> last) throws Exception {
        List<JsonObject> frames = new java.util.ArrayList<>();
        JsonObject m;
        do {
            m = c.next();
            frames.add(m);
        } while (!last.test(m));
        return frames;
    }

    @Test
    void eachLevelMayCallOnlyItsMethods() throws Exception {
        try (RawDdpClient worker = loggedIn("worker")) {
            assertThat(allowed(worker, "getWork")).isTrue();
            assertThat(allowed(worker, "getJob")).isTrue();
            assertThat(allowed(worker, "jobPause")).isFalse();
            assertThat(allowed(worker, "jobSave")).isFalse();
            assertThat(allowed(worker, "shutdownJobServer")).isFalse();
        }
        try (RawDdpClient manager = loggedIn("manager")) {
            assertThat(allowed(manager, "jobPause")).isTrue();
            assertThat(allowed(manager, "jobRemove")).isTrue();
            assertThat(allowed(manager, "getWork")).isFalse();
            assertThat(allowed(manager, "jobSave")).isFalse();
        }
        try (RawDdpClient creator = loggedIn("creator")) {
            assertThat(allowed(creator, "jobSave")).isTrue();
            assertThat(allowed(creator, "jobPause")).isFalse();
            assertThat(allowed(creator, "getWork")).isFalse();
        }
        try (RawDdpClient admin = loggedIn("admin")) {
            for (String method : List.of("getWork", "jobPause", "jobSave", "jobRemove", "getJob")) {
                assertThat(allowed(admin, method)).as(method).isTrue();
            }
        }
    }

    @Test
    void loginByEmailWithTwoLevelsGrantsBoth() throws Exception {
        try (RawDdpClient c = RawDdpClient.connected(server.url())) {
            JsonObject result = c.call("login", passwordLogin("email", "BOTH@example.com", "pw-both")).getJsonObject("result");
            assertThat(result.getString("id")).isEqualTo("both@example.com");
            assertThat(allowed(c, "jobSave")).isTrue();
            assertThat(allowed(c, "getWork")).isTrue();
            assertThat(allowed(c, "jobPause")).isFalse();
        }
    }

    @Test
    void wrongPasswordOrUnknownUserGets403AndNoAccess() throws Exception {
        try (RawDdpClient c = RawDdpClient.connected(server.url())) {
            JsonObject wrong = c.call("login", passwordLogin("username", "worker", "nope")).getJsonObject("error");
            assertThat(wrong.getInt("error")).isEqualTo(403);
            assertThat(wrong.getString("reason")).isEqualTo(AccessControl.BAD_CREDENTIALS);
            JsonObject unknown = c.call("login", passwordLogin("username", "ghost", "x")).getJsonObject("error");
            // one answer for both, so that names cannot be probed
            assertThat(unknown).isEqualTo(wrong);
            JsonObject malformed = c.call("login", Json.createObjectBuilder().add("foo", 1).build()).getJsonObject("error");
            assertThat(malformed.getInt("error")).isEqualTo(400);
            assertThat(allowed(c, "getWork")).isFalse();
        }
    }

    @Test
    void repeatedFailedLoginsOnOneConnectionAreThrottledLikeMeteor() throws Exception {
        try (RawDdpClient c = RawDdpClient.connected(server.url()); RawDdpClient other = RawDdpClient.connected(server.url())) {
            for (int i = 0; i < 5; i++) {
                // different names, so that only the per-connection rule (not the per-user one) applies
                assertThat(c.call("login", passwordLogin("username", "nobody" + i, "guess" + i))
                        .getJsonObject("error").getInt("error")).isEqualTo(403);
            }
            JsonObject throttled = c.call("login", passwordLogin("username", "worker", "pw-worker")).getJsonObject("error");
            assertThat(throttled.getString("error")).isEqualTo("too-many-requests");
            assertThat(throttled.getString("reason")).startsWith("Error, too many requests. Please slow down.");
            assertThat(throttled.getJsonObject("details").getInt("timeToReset")).isBetween(1, 10_000);
            // another connection is not affected by this connection's rule
            assertThat(other.call("login", passwordLogin("username", "worker", "pw-worker")).containsKey("result")).isTrue();
        }
    }

    @Test
    void passwordLoginGivesAResumeTokenValidOnAnotherConnectionUntilLogout() throws Exception {
        String token;
        try (RawDdpClient c = RawDdpClient.connected(server.url())) {
            JsonObject result = c.call("login", passwordLogin("username", "worker", "pw-worker")).getJsonObject("result");
            assertThat(result.getString("id")).isEqualTo("worker");
            token = result.getString("token");
            assertThat(token).hasSizeGreaterThanOrEqualTo(40);
            long expires = result.getJsonObject("tokenExpires").getJsonNumber("$date").longValue();
            assertThat(Instant.ofEpochMilli(expires)).isBetween(Instant.now().plus(Duration.ofDays(89)),
                    Instant.now().plus(Duration.ofDays(91)));
        }
        try (RawDdpClient c = RawDdpClient.connected(server.url())) {
            JsonObject resumed = c.call("login", Json.createObjectBuilder().add("resume", token).build()).getJsonObject("result");
            assertThat(resumed.getString("id")).isEqualTo("worker");
            assertThat(resumed.getString("token")).isEqualTo(token);
            assertThat(allowed(c, "getWork")).isTrue();

            assertThat(c.call("logout").containsKey("error")).isFalse();
            assertThat(allowed(c, "getWork")).isFalse();
            JsonObject again = c.call("login", Json.createObjectBuilder().add("resume", token).build()).getJsonObject("error");
            assertThat(again.getInt("error")).isEqualTo(403);
            assertThat(again.getString("reason")).isEqualTo("You've been logged out by the server. Please log in again.");
        }
    }

    @Test
    void expiredResumeTokensAreRefused() throws Exception {
        try (EmbeddedJobServer shortLived = EmbeddedJobServer.builder().user("w", "pw", "worker")
                .tokenLifetime(Duration.ofMillis(200)).start();
             RawDdpClient c = RawDdpClient.connected(shortLived.url())) {
            String token = c.call("login", passwordLogin("username", "w", "pw")).getJsonObject("result").getString("token");
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
                JsonObject error = c.call("login", Json.createObjectBuilder().add("resume", token).build()).getJsonObject("error");
                assertThat(error).isNotNull();
                assertThat(error.getString("reason")).isEqualTo("Your session has expired. Please log in again.");
            });
            assertThat(bare(c.call("queue_getWork", Json.createArrayBuilder().add("t").build(), JsonValue.EMPTY_JSON_OBJECT)
                    .getJsonObject("error"))).isEqualTo(NOT_AUTHORIZED);
        }
    }

    @Test
    void openServerOnANonLoopbackAddressRefusesToStartBeforeBinding() {
        EmbeddedJobServer open = EmbeddedJobServer.builder().host("0.0.0.0").build();
        assertThatThrownBy(open::start).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("refusing to listen on 0.0.0.0 without users")
                .hasMessageContaining("loopback");
        assertThat(open.port()).isEqualTo(-1);
        // with users the same address passes the check (checked only, never bound in tests)
        UserDirectory users = new UserDirectory();
        users.add("u", null, "pw", List.of("worker"));
        io.github.meteorjob.server.ddp.DdpServer.checkSecureBinding("0.0.0.0", new AccessControl(users));
        io.github.meteorjob.server.ddp.DdpServer.checkSecureBinding("localhost", new AccessControl(new UserDirectory()));
        io.github.meteorjob.server.ddp.DdpServer.checkSecureBinding("::1", new AccessControl(new UserDirectory()));
    }
}
