package io.github.meteorjob.server.ddp;

import io.github.meteorjob.server.security.AccessControl;
import io.github.meteorjob.server.security.UserDirectory;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.websocket.CloseReason;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class LimitsTest {

    private final CountDownLatch release = new CountDownLatch(1);
    private DdpServer server;

    private String start(DdpServerOptions options) {
        server = new DdpServer(options, new AccessControl(new UserDirectory()));
        server.method("echo", Set.of("worker"), (inv, params) -> params);
        server.method("block", Set.of("worker"), (inv, params) -> {
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return JsonValue.TRUE;
        });
        server.start("127.0.0.1", 0, null);
        return "ws://127.0.0.1:" + server.port() + "/websocket";
    }

    @AfterEach
    void stop() {
        release.countDown();
        if (server != null) {
            server.close();
        }
    }

    @Test
    void tooManyOutstandingMethodsAreRefusedWith429WithoutHurtingOtherClients() throws Exception {
        String url = start(DdpServerOptions.defaults().withMaxOutstandingMethods(3));
        try (RawDdpClient greedy = RawDdpClient.connected(url); RawDdpClient polite = RawDdpClient.connected(url)) {
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                ids.add(greedy.callAsync("block", Json.createArrayBuilder().build()));
            }
            String refused = greedy.callAsync("echo", Json.createArrayBuilder().add(1).build());
            JsonObject error = greedy.result(refused).getJsonObject("error");
            assertThat(error).isEqualTo(Json.createObjectBuilder().add("error", 429)
                    .add("reason", "Too many outstanding methods (limit 3)")
                    .add("message", "Too many outstanding methods (limit 3) [429]")
                    .add("errorType", "Meteor.Error").build());
            // the other connection is served at once
            assertThat(polite.call("echo", Json.createValue("hi")).getJsonArray("result").getString(0)).isEqualTo("hi");
            release.countDown();
            for (String id : ids) {
                assertThat(greedy.result(id).get("result")).isEqualTo(JsonValue.TRUE);
            }
            // once the backlog is gone the greedy client may call again
            assertThat(greedy.call("echo", Json.createValue(2)).getJsonArray("result").getInt(0)).isEqualTo(2);
        }
    }

    @Test
    void aFrameOverTheLimitDisconnectsItsClientOnly() throws Exception {
        String url = start(DdpServerOptions.defaults().withMaxFrameSize(4096));
        try (RawDdpClient big = RawDdpClient.connected(url); RawDdpClient small = RawDdpClient.connected(url)) {
            // just under the limit is fine
            String fits = "x".repeat(3500);
            assertThat(big.call("echo", Json.createValue(fits)).getJsonArray("result").getString(0)).isEqualTo(fits);
            big.callAsync("echo", Json.createArrayBuilder().add("x".repeat(10_000)).build());
            CloseReason reason = big.closed().get(10, TimeUnit.SECONDS);
            // Tyrus answers a frame larger than its buffer with 1011, a fragmented message over the limit with 1009
            assertThat(reason.getCloseCode()).isIn(CloseReason.CloseCodes.TOO_BIG, CloseReason.CloseCodes.UNEXPECTED_CONDITION);
            assertThat(big.isOpen()).isFalse();
            assertThat(small.call("echo", Json.createValue("still here")).getJsonArray("result").getString(0))
                    .isEqualTo("still here");
        }
    }
}
