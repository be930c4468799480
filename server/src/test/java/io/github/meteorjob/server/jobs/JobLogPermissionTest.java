package io.github.meteorjob.server.jobs;

import io.github.meteorjob.ejson.Ejson;
import io.github.meteorjob.server.EmbeddedJobServer;
import io.github.meteorjob.server.ddp.RawDdpClient;
import io.github.meteorjob.server.ddp.TestJobs;
import io.github.meteorjob.server.security.PasswordHashing;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Who may append to a job's log (issue 9, last point of defect 9), checked against
 * job-collection's server ({@code _DDPMethod_jobLog} in {@code src/shared.coffee}): the method is
 * open to the worker permission level (and admin), for any existing job in any status, and the
 * run id is not matched: it may be {@code null} or any id, and the entry records it as given. A
 * running job with a {@code workTimeout} has its lease extended by any log line. Unlike
 * {@code jobProgress}, {@code jobDone} and {@code jobFail}, which only act on the run they name.
 * This server follows that rule, so a worker can annotate, but not change, jobs it does not run.
 */
class JobLogPermissionTest {

    private static EmbeddedJobServer server;

    @BeforeAll
    static void start() {
        server = EmbeddedJobServer.builder().collection("jobPile")
                .user("creator", "pw-creator", "creator")
                .user("manager", "pw-manager", "manager")
                .user("worker1", "pw-worker1", "worker")
                .user("worker2", "pw-worker2", "worker")
                .start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static RawDdpClient as(String user) throws Exception {
        RawDdpClient c = RawDdpClient.connected(server.url());
        JsonObject login = c.call("login", Json.createObjectBuilder()
                .add("user", Json.createObjectBuilder().add("username", user))
                .add("password", Json.createObjectBuilder().add("digest", PasswordHashing.sha256Hex("pw-" + user))
                        .add("algorithm", "sha-256")).build());
        assertThat(login.containsKey("error")).as("login of %s: %s", user, login).isFalse();
        return c;
    }

    private static JsonObject log(RawDdpClient c, String jobId, JsonValue runId, String message) throws Exception {
        return c.call("jobPile_jobLog", Json.createValue(jobId), runId, Json.createValue(message), JsonValue.EMPTY_JSON_OBJECT);
    }

    private static JsonObject lastLogEntry(String jobId) {
        JsonArray log = server.collection("jobPile").job(jobId).orElseThrow().getJsonArray("log");
        return log.getJsonObject(log.size() - 1);
    }

    @Test
    void anyWorkerMayLogToAnyJobWithAnyRunIdAndTheEntryRecordsItAsGiven() throws Exception {
        try (RawDdpClient creator = as("creator"); RawDdpClient w1 = as("worker1"); RawDdpClient w2 = as("worker2")) {
            String running = creator.call("jobPile_jobSave", TestJobs.doc("logA").build(), JsonValue.EMPTY_JSON_OBJECT)
                    .getString("result");
            String waiting = creator.call("jobPile_jobSave", TestJobs.doc("logB").build(), JsonValue.EMPTY_JSON_OBJECT)
                    .getString("result");
            JsonObject taken = w1.call("jobPile_getWork", Json.createArrayBuilder().add("logA").build(),
                    Json.createObjectBuilder().add("workTimeout", 60_000).build()).getJsonArray("result").getJsonObject(0);
            String runId = taken.getString("runId");
            Instant leaseBefore = Ejson.instant(taken.get("expiresAfter"));

            // worker2 does not run the job: job-collection lets it log all the same, under a run id of its choosing
            assertThat(log(w2, running, Json.createValue("notTheRunId12345"), "from another worker").get("result"))
                    .isEqualTo(JsonValue.TRUE);
            assertThat(lastLogEntry(running).getString("runId")).isEqualTo("notTheRunId12345");
            assertThat(lastLogEntry(running).getString("message")).isEqualTo("from another worker");
            // ... and that extends the lease of the running job, as in job-collection
            Instant leaseAfter = Ejson.instant(server.collection("jobPile").job(running).orElseThrow().get("expiresAfter"));
            assertThat(leaseAfter).isAfterOrEqualTo(leaseBefore);

            assertThat(log(w2, waiting, JsonValue.NULL, "note on a waiting job").get("result")).isEqualTo(JsonValue.TRUE);
            assertThat(lastLogEntry(waiting).isNull("runId")).isTrue();

            // the calls that change a job do check the run: only the run that holds it may act
            JsonObject progress = w2.call("jobPile_jobProgress", Json.createValue(running), Json.createValue("notTheRunId12345"),
                    Json.createValue(1), Json.createValue(2), JsonValue.EMPTY_JSON_OBJECT);
            assertThat(progress.get("result")).isEqualTo(JsonValue.FALSE);
            JsonObject done = w2.call("jobPile_jobDone", Json.createValue(running), Json.createValue("notTheRunId12345"),
                    JsonValue.EMPTY_JSON_OBJECT, JsonValue.EMPTY_JSON_OBJECT);
            assertThat(done.get("result")).isEqualTo(JsonValue.FALSE);
            assertThat(server.collection("jobPile").job(running).orElseThrow().getString("status")).isEqualTo("running");

            JsonObject realDone = w1.call("jobPile_jobDone", Json.createValue(running), Json.createValue(runId),
                    JsonValue.EMPTY_JSON_OBJECT, JsonValue.EMPTY_JSON_OBJECT);
            assertThat(realDone.get("result")).isEqualTo(JsonValue.TRUE);
            // a finished job still takes log lines (job-collection updates by id alone)
            assertThat(log(w2, running, JsonValue.NULL, "after completion").get("result")).isEqualTo(JsonValue.TRUE);

            assertThat(log(w2, "noSuchJob1234567", JsonValue.NULL, "x").get("result")).isEqualTo(JsonValue.FALSE);
        }
    }

    @Test
    void onlyTheWorkerLevelMayLog() throws Exception {
        String id;
        try (RawDdpClient creator = as("creator")) {
            id = creator.call("jobPile_jobSave", TestJobs.doc("logC").build(), JsonValue.EMPTY_JSON_OBJECT).getString("result");
            assertThat(log(creator, id, JsonValue.NULL, "creator").getJsonObject("error").getInt("error")).isEqualTo(403);
        }
        try (RawDdpClient manager = as("manager")) {
            assertThat(log(manager, id, JsonValue.NULL, "manager").getJsonObject("error").getInt("error")).isEqualTo(403);
        }
        try (RawDdpClient anonymous = RawDdpClient.connected(server.url())) {
            assertThat(log(anonymous, id, JsonValue.NULL, "anonymous").getJsonObject("error").getInt("error")).isEqualTo(403);
        }
        assertThat(server.collection("jobPile").job(id).orElseThrow().getJsonArray("log").stream()
                .map(e -> e.asJsonObject().getString("message")).toList())
                .doesNotContain("creator", "manager", "anonymous");
    }
}
