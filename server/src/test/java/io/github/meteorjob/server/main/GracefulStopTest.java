package io.github.meteorjob.server.main;

import io.github.meteorjob.server.ddp.RawDdpClient;
import io.github.meteorjob.server.ReferenceJobDoc;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.websocket.CloseReason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** SIGTERM: methods in flight are answered, then clients see close 1001 (Going Away), not 1006. */
class GracefulStopTest {

    @TempDir
    Path dir;

    @Test
    void sigtermAnswersMethodsInFlightThenClosesWith1001() throws Exception {
        try (ChildServer child = ChildServer.start(dir, "--port", "0")) {
            RawDdpClient c = RawDdpClient.connected(child.url);
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                ids.add(c.callAsync("queue_jobSave", Json.createArrayBuilder().add(ReferenceJobDoc.of("t").build())
                        .add(Json.createObjectBuilder()).build()));
            }
            c.result(ids.get(0)); // the server is working through them
            child.process.destroy(); // SIGTERM
            for (String id : ids.subList(1, ids.size())) {
                JsonObject answer = c.result(id);
                assertThat(answer.containsKey("result")).as("answer to %s: %s", id, answer).isTrue();
            }
            CloseReason reason = c.closed().get(20, TimeUnit.SECONDS);
            assertThat(reason.getCloseCode()).isEqualTo(CloseReason.CloseCodes.GOING_AWAY);
            assertThat(reason.getReasonPhrase()).isEqualTo("server shutting down");
            assertThat(child.process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
    }
}
