package io.github.meteorjob.server.metrics;

import io.github.meteorjob.server.EmbeddedJobServer;
import io.github.meteorjob.server.ReferenceJobDoc;
import io.github.meteorjob.server.audit.AuditLog;
import io.github.meteorjob.server.ddp.RawDdpClient;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The audit log of manager and admin calls over real DDP connections: who, from where, which jobs, the result. */
class AuditLogTest {

    private final List<LogRecord> records = new CopyOnWriteArrayList<>();
    private final Logger audit = Logger.getLogger(AuditLog.LOGGER);
    private final Handler capture = new Handler() {
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

    @BeforeEach
    void listen() {
        audit.addHandler(capture);
        audit.setLevel(Level.INFO);
    }

    @AfterEach
    void stop() {
        audit.removeHandler(capture);
    }

    @Test
    void oneInfoLinePerManagerOrAdminCallWithoutJobDataOrCredentials() throws Exception {
        try (EmbeddedJobServer server = EmbeddedJobServer.builder().collection("jobPile")
                .user("ops", "pw-ops-secret", "manager", "creator").user("w", "pw-w", "worker").start();
             RawDdpClient ops = RawDdpClient.connected(server.url());
             RawDdpClient worker = RawDdpClient.connected(server.url())) {
            login(ops, "ops", "pw-ops-secret");
            login(worker, "w", "pw-w");
            String id = ops.call("jobPile_jobSave", ReferenceJobDoc.of("mail")
                    .add("data", Json.createObjectBuilder().add("to", "secret@example.com")).build(),
                    JsonValue.EMPTY_JSON_OBJECT).getString("result");
            ops.call("jobPile_jobPause", Json.createArrayBuilder().add(id).add("evil\nmethod=forged").build(), JsonValue.EMPTY_JSON_OBJECT);
            worker.call("jobPile_jobRemove", Json.createArrayBuilder().add(id).build(), JsonValue.EMPTY_JSON_OBJECT);
            worker.call("jobPile_getWork", Json.createArrayBuilder().add("mail").build(), JsonValue.EMPTY_JSON_OBJECT);
            ops.call("jobPile_getJob", Json.createArrayBuilder().add(id).build(), JsonValue.EMPTY_JSON_OBJECT);
            ops.call("jobPile_findJobs", JsonValue.EMPTY_JSON_OBJECT);
            try (RawDdpClient anonymous = RawDdpClient.connected(server.url())) {
                anonymous.call("jobPile_shutdownJobServer", JsonValue.EMPTY_JSON_OBJECT);
            }

            await().atMost(Duration.ofSeconds(10)).until(() -> records.size() >= 3);
            List<String> lines = records.stream().map(LogRecord::getMessage).toList();
            assertThat(records).allSatisfy(r -> assertThat(r.getLevel()).isEqualTo(Level.INFO));
            assertThat(lines).hasSize(3); // jobSave (creator), getWork (worker) and the reads are not audited
            String userId = server.access().users().byUsername("ops").orElseThrow().id();
            assertThat(lines.get(0)).matches("method=jobPile_jobPause user=" + userId + "\\(ops\\) address=127\\.0\\.0\\.1 "
                    + "connection=\\S+ jobs=\\[" + id + ",evil\\?method\\?forged\\] result=ok");
            String workerId = server.access().users().byUsername("w").orElseThrow().id();
            assertThat(lines.get(1)).startsWith("method=jobPile_jobRemove user=" + workerId + "(w) ")
                    .endsWith("jobs=[" + id + "] result=error:403");
            assertThat(lines.get(2)).startsWith("method=jobPile_shutdownJobServer user=anonymous address=127.0.0.1 ")
                    .endsWith("jobs=[] result=error:403");
            assertThat(String.join("\n", lines)).doesNotContain("secret").doesNotContain("pw-").doesNotContain("mail");
        }
    }

    private static void login(RawDdpClient c, String user, String password) throws Exception {
        JsonObject r = c.call("login", Json.createObjectBuilder().add("user", Json.createObjectBuilder().add("username", user))
                .add("password", password).build());
        assertThat(r.containsKey("error")).as(r.toString()).isFalse();
    }
}
