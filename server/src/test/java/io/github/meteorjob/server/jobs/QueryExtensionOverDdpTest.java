package io.github.meteorjob.server.jobs;

import io.github.meteorjob.server.EmbeddedJobServer;
import io.github.meteorjob.server.ReferenceJobDoc;
import io.github.meteorjob.server.ddp.RawDdpClient;
import io.github.meteorjob.server.security.PasswordHashing;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The job query extension over a real WebSocket: the {@code viewer} level may look (findJobs, countJobs,
 * getJob, the publications) but change nothing; a server with the extension off answers Meteor's 404.
 */
class QueryExtensionOverDdpTest {

    private static EmbeddedJobServer server;

    @BeforeAll
    static void start() {
        server = EmbeddedJobServer.builder().collection("queue")
                .user("viewer", "pw-viewer", "viewer")
                .user("manager", "pw-manager", "manager")
                .user("worker", "pw-worker", "worker")
                .start();
        server.collection().call("jobSave", Json.createArrayBuilder().add(ReferenceJobDoc.of("email")).add(Json.createObjectBuilder()).build());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static RawDdpClient loggedIn(EmbeddedJobServer s, String user) throws Exception {
        RawDdpClient c = RawDdpClient.connected(s.url());
        JsonObject login = Json.createObjectBuilder()
                .add("user", Json.createObjectBuilder().add("username", user))
                .add("password", Json.createObjectBuilder().add("digest", PasswordHashing.sha256Hex("pw-" + user))
                        .add("algorithm", "sha-256")).build();
        assertThat(c.call("login", login).containsKey("error")).isFalse();
        return c;
    }

    private static int errorOf(JsonObject result) {
        return result.containsKey("error") ? result.getJsonObject("error").getInt("error") : 0;
    }

    private static JsonObject subscribe(RawDdpClient c, String id, String name) throws Exception {
        c.sendText("{\"msg\":\"sub\",\"id\":\"" + id + "\",\"name\":\"" + name + "\",\"params\":[]}");
        return c.next(m -> id.equals(m.getString("id", null)) && "nosub".equals(m.getString("msg", null))
                || m.containsKey("subs") && m.getJsonArray("subs").getString(0).equals(id));
    }

    @Test
    void aViewerMayLookButNotChange() throws Exception {
        try (RawDdpClient viewer = loggedIn(server, "viewer")) {
            JsonObject found = viewer.call("queue_findJobs", JsonValue.EMPTY_JSON_OBJECT, JsonValue.EMPTY_JSON_OBJECT);
            assertThat(errorOf(found)).isZero();
            JsonObject result = found.getJsonObject("result");
            assertThat(result.getInt("total")).isEqualTo(1);
            String id = result.getJsonArray("jobs").getJsonObject(0).getString("_id");
            assertThat(errorOf(viewer.call("queue_countJobs", JsonValue.EMPTY_JSON_OBJECT))).isZero();
            assertThat(errorOf(viewer.call("queue_getJob", Json.createValue(id), JsonValue.EMPTY_JSON_OBJECT))).isZero();
            assertThat(errorOf(viewer.call("queue_jobPause", Json.createArrayBuilder().add(id).build(), JsonValue.EMPTY_JSON_OBJECT)))
                    .isEqualTo(403);
            assertThat(errorOf(viewer.call("queue_jobSave", ReferenceJobDoc.of("x").build(), JsonValue.EMPTY_JSON_OBJECT))).isEqualTo(403);
            assertThat(errorOf(viewer.call("queue_getWork", Json.createArrayBuilder().add("email").build(), JsonValue.EMPTY_JSON_OBJECT)))
                    .isEqualTo(403);
            assertThat(errorOf(viewer.call("queue_shutdownJobServer", Json.createObjectBuilder().add("timeout", 1).build()))).isEqualTo(403);
            assertThat(subscribe(viewer, "s1", "queue.jobs").getString("msg")).isEqualTo("ready");
            assertThat(subscribe(viewer, "s2", "queue.jobCounts").getString("msg")).isEqualTo("ready");
            JsonObject totals = viewer.next(m -> "added".equals(m.getString("msg", null)) && "all".equals(m.getString("id", null)));
            assertThat(totals.getString("collection")).isEqualTo("queue.jobTotals");
            assertThat(totals.getJsonObject("fields").getInt("ready")).isEqualTo(1);
        }
    }

    @Test
    void managersMayQueryWorkersMayNot() throws Exception {
        try (RawDdpClient manager = loggedIn(server, "manager")) {
            assertThat(errorOf(manager.call("queue_findJobs"))).isZero();
        }
        try (RawDdpClient worker = loggedIn(server, "worker")) {
            assertThat(errorOf(worker.call("queue_findJobs"))).isEqualTo(403);
            // a caller without the level gets ready and nothing, as from a Meteor publication that returns
            // this.ready() for it (docs/server.md); the call after it proves nothing was published in between
            assertThat(subscribe(worker, "s3", "queue.jobCounts").getString("msg")).isEqualTo("ready");
            assertThat(errorOf(worker.call("queue_countJobs"))).isEqualTo(403);
            assertThat(worker.seen()).noneMatch(m -> "queue.jobCounts".equals(m.getString("collection", null))
                    || "queue.jobTotals".equals(m.getString("collection", null)));
        }
    }

    @Test
    void withTheExtensionOffTheServerAnswersLikeJobCollection() throws Exception {
        try (EmbeddedJobServer plain = EmbeddedJobServer.builder().queryExtension(false).start();
             RawDdpClient c = RawDdpClient.connected(plain.url())) {
            JsonObject error = c.call("queue_findJobs", JsonValue.EMPTY_JSON_OBJECT).getJsonObject("error");
            assertThat(error.getInt("error")).isEqualTo(404);
            assertThat(error.getString("reason")).isEqualTo("Method 'queue_findJobs' not found");
            assertThat(subscribe(c, "s4", "queue.jobCounts").getString("msg")).isEqualTo("nosub");
        }
    }
}
