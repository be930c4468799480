package io.github.meteorjob.server.ddp;

import io.github.meteorjob.server.security.AccessControl;
import io.github.meteorjob.server.security.UserDirectory;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Frames an attacker or a buggy client sends: each gets an answer, nothing grows without bound. */
class HostileInputTest {

    private DdpServer server;

    private String start(DdpServerOptions options) {
        return start(options, new UserDirectory());
    }

    private String start(DdpServerOptions options, UserDirectory users) {
        server = new DdpServer(options, new AccessControl(users));
        server.method("echo", Set.of("worker"), (inv, params) -> params);
        server.method("nothing", Set.of("worker"), (inv, params) -> null);
        server.method("lone", Set.of("worker"), (inv, params) -> Json.createValue("x\ud800"));
        server.start("127.0.0.1", 0, null);
        return "ws://127.0.0.1:" + server.port() + "/websocket";
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static JsonObject nextError(RawDdpClient c) throws InterruptedException {
        return c.next(m -> "error".equals(m.getString("msg", null)));
    }

    @Test
    void deepNestingTwoValuesAndBinaryFramesEachGetAnAnswer() throws Exception {
        String url = start(DdpServerOptions.defaults());
        try (RawDdpClient c = RawDdpClient.connected(url)) {
            // text the parser refuses is Meteor's "Bad request" without offendingMessage (parseDDP gave null)
            c.sendText("[".repeat(5000) + "]".repeat(5000));
            JsonObject deep = nextError(c);
            assertThat(deep).isEqualTo(Json.createObjectBuilder().add("msg", "error").add("reason", "Bad request").build());

            c.sendText("{\"msg\":\"ping\",\"id\":\"a\"}{\"msg\":\"ping\",\"id\":\"b\"}");
            assertThat(nextError(c)).doesNotContainKey("offendingMessage").containsEntry("reason", Json.createValue("Bad request"));

            c.sendText("");
            assertThat(nextError(c)).doesNotContainKey("offendingMessage").containsEntry("reason", Json.createValue("Bad request"));

            c.sendBinary(new byte[]{1, 2, 3});
            JsonObject binary = nextError(c);
            assertThat(binary.getString("reason")).isEqualTo("Bad request");
            assertThat(binary.getString("offendingMessage")).contains("binary frame of 3 bytes");

            assertThat(c.call("echo", Json.createValue(1)).getJsonArray("result").getInt(0)).isEqualTo(1);
            assertThat(c.seen().stream().filter(m -> "pong".equals(m.getString("msg", null)))).isEmpty();
        }
    }

    @Test
    void theEchoOfABadFrameIsCapped() throws Exception {
        String url = start(DdpServerOptions.defaults());
        try (RawDdpClient c = RawDdpClient.connected(url)) {
            c.sendText("[\"" + "x".repeat(100_000) + "\"]");
            String array = nextError(c).getString("offendingMessage");
            assertThat(array.length()).isLessThan(Frames.MAX_OFFENDING_CHARS + 60);
            assertThat(array).endsWith("... [truncated, 100004 characters in all]");

            c.sendText("{\"msg\":\"bogus\",\"pad\":\"" + "x".repeat(100_000) + "\"}");
            JsonObject bad = nextError(c);
            assertThat(bad.getString("reason")).isEqualTo("Bad request");
            assertThat(bad.get("offendingMessage")).isInstanceOf(JsonString.class);
            assertThat(bad.getString("offendingMessage")).startsWith("{\"msg\":\"bogus\"").contains("[truncated");

            // a short one is still echoed as the object it was
            c.sendText("{\"msg\":\"bogus\"}");
            assertThat(nextError(c).getJsonObject("offendingMessage").getString("msg")).isEqualTo("bogus");
        }
    }

    @Test
    void loneSurrogatesInKeysAndValuesBecomeReplacementCharacters() throws Exception {
        String url = start(DdpServerOptions.defaults());
        try (RawDdpClient c = RawDdpClient.connected(url)) {
            // exactly what JSON.stringify sends for "💩".slice(0, 1): an escaped lone surrogate
            c.sendText("{\"msg\":\"method\",\"id\":\"s1\",\"method\":\"echo\",\"params\":"
                    + "[\"\\ud800\",{\"\\udc00k\":[\"a\\ud800b\",\"ok \\ud83d\\udca9\"]}]}");
            JsonArray result = c.result("s1").getJsonArray("result");
            assertThat(result.getString(0)).isEqualTo("\uFFFD");
            assertThat(result.getJsonObject(1).getJsonArray("\uFFFDk").getString(0)).isEqualTo("a\uFFFDb");
            assertThat(result.getJsonObject(1).getJsonArray("\uFFFDk").getString(1)).isEqualTo("ok \ud83d\udca9");
        }
    }

    @Test
    void aLoneSurrogateMadeByAHandlerIsEscapedNotDropped() throws Exception {
        String url = start(DdpServerOptions.defaults());
        try (RawDdpClient c = RawDdpClient.connected(url)) {
            assertThat(c.call("lone").getString("result")).isEqualTo("x\ud800");
            assertThat(c.call("echo", Json.createValue(2)).getJsonArray("result").getInt(0)).isEqualTo(2);
        }
    }

    @Test
    void aNullResultIsSentAsResultNull() throws Exception {
        String url = start(DdpServerOptions.defaults());
        try (RawDdpClient c = RawDdpClient.connected(url)) {
            JsonObject answer = c.call("nothing");
            assertThat(answer.containsKey("result")).isTrue();
            assertThat(answer.get("result")).isEqualTo(JsonValue.NULL);
        }
    }

    @Test
    void aClientThatNeverReadsIsClosedBeforeItsQueueExceedsTheBound() throws Exception {
        long bound = 64 * 1024;
        String url = start(DdpServerOptions.defaults().withMaxQueuedBytes(bound)
                .withHeartbeat(Duration.ofSeconds(60), Duration.ofMillis(500)));
        // a message with an unknown msg: answered "Bad request" quoting its first KiB
        String badFrame = "{\"msg\":\"bogus\",\"pad\":\"" + "x".repeat(4000) + "\"}";
        int sent;
        try (RawSocket s = RawSocket.upgrade(server.port(), Map.of(), 4096)) {
            assertThat(s.status()).isEqualTo(101);
            s.sendText("{\"msg\":\"connect\",\"version\":\"1\",\"support\":[\"1\"]}");
            await().atMost(Duration.ofSeconds(10)).until(() -> server.connectionCount() == 1);
            // a blocking socket write has no timeout: if the server neither reads nor closes, the writer
            // would block forever, so it runs on its own thread and the wait for it is bounded
            java.util.concurrent.atomic.AtomicInteger count = new java.util.concurrent.atomic.AtomicInteger();
            java.util.concurrent.ExecutorService writer = java.util.concurrent.Executors.newSingleThreadExecutor();
            java.util.concurrent.Future<?> writing = writer.submit(() -> {
                try {
                    // each bad frame is answered with ~1 KiB the client never reads; the kernel buffers fill first
                    while (count.get() < 100_000 && server.connectionCount() > 0) {
                        s.sendText(badFrame);
                        count.incrementAndGet();
                    }
                } catch (IOException closedByServer) {
                    // expected once the server gave up on this client
                }
                return null;
            });
            try {
                writing.get(60, java.util.concurrent.TimeUnit.SECONDS);
            } catch (java.util.concurrent.TimeoutException stuck) {
                String dump = ThreadDumps.of("grizzly", "ddp-", "Tyrus", "tyrus");
                s.close(); // unblocks the writer
                throw new AssertionError("the server neither read nor closed the connection of a client that never "
                        + "reads within 60 s: " + count.get() + " frames sent, " + server.connectionCount()
                        + " connection(s) open, at most " + server.queuedHighWater() + " characters queued; server threads:\n"
                        + dump);
            } finally {
                writer.shutdownNow();
            }
            sent = count.get();
            System.out.println("slow reader: " + sent + " bad frames sent, at most " + server.queuedHighWater()
                    + " characters queued");
            await().atMost(Duration.ofSeconds(20)).until(() -> server.connectionCount() == 0);
            // and the socket itself is gone, although the client still does not read (the close frame
            // cannot reach it): a socket kept open would hold its unsent data and escape the caps
            await("the stalled socket is closed").atMost(Duration.ofSeconds(10))
                    .until(() -> server.openSocketCount() == 0);
        }
        // the kernel buffers had to fill before the server could notice anything
        assertThat(sent).isGreaterThan(100).isLessThan(100_000);
        assertThat(server.queuedHighWater()).isPositive().isLessThanOrEqualTo(bound);
        try (RawDdpClient c = RawDdpClient.connected(url)) {
            assertThat(c.call("echo", Json.createValue(3)).getJsonArray("result").getInt(0)).isEqualTo(3);
        }
    }

    @Test
    void connectionsOverTheTotalCapAreRefusedWhileOthersKeepWorking() throws Exception {
        String url = start(DdpServerOptions.defaults().withMaxConnections(2, 10));
        try (RawDdpClient a = RawDdpClient.connected(url); RawDdpClient b = RawDdpClient.connected(url)) {
            try (RawSocket third = RawSocket.upgrade(server.port(), Map.of())) {
                assertThat(third.status()).isEqualTo(503);
                assertThat(third.statusLine).contains("too many connections (server limit 2)");
            }
            assertThat(a.call("echo", Json.createValue(1)).getJsonArray("result").getInt(0)).isEqualTo(1);
            b.close();
            await().atMost(Duration.ofSeconds(10)).until(() -> server.connectionCount() == 1);
            try (RawDdpClient c = RawDdpClient.connected(url)) {
                assertThat(c.call("echo", Json.createValue(2)).getJsonArray("result").getInt(0)).isEqualTo(2);
            }
        }
    }

    @Test
    void connectionsOverThePerAddressCapAreRefused() throws Exception {
        String url = start(DdpServerOptions.defaults().withMaxConnections(100, 1));
        try (RawDdpClient a = RawDdpClient.connected(url)) {
            try (RawSocket second = RawSocket.upgrade(server.port(), Map.of())) {
                assertThat(second.status()).isEqualTo(503);
                assertThat(second.statusLine).contains("too many connections from this address (limit 1)");
            }
            assertThat(a.call("echo", Json.createValue(1)).getJsonArray("result").getInt(0)).isEqualTo(1);
        }
    }

    @Test
    void aForeignBrowserOriginIsRefusedWithoutUsers() throws Exception {
        start(DdpServerOptions.defaults());
        int port = server.port();
        assertThat(status(port, Map.of("Origin", "http://evil.example"))).isEqualTo(403);
        assertThat(status(port, Map.of("Origin", "null"))).isEqualTo(403);
        assertThat(status(port, Map.of("Origin", "http://localhost:" + port))).isEqualTo(403); // Host says 127.0.0.1
        assertThat(status(port, Map.of())).isEqualTo(101);
        assertThat(status(port, Map.of("Origin", "http://127.0.0.1:" + port))).isEqualTo(101);
    }

    @Test
    void aForeignBrowserOriginIsRefusedWithUsersToo() throws Exception {
        UserDirectory users = new UserDirectory();
        users.add("w", null, "pw", List.of("worker"));
        start(DdpServerOptions.defaults(), users);
        assertThat(status(server.port(), Map.of("Origin", "http://evil.example"))).isEqualTo(403);
        assertThat(status(server.port(), Map.of())).isEqualTo(101);
    }

    @Test
    void anAllowedOriginMayConnect() throws Exception {
        start(DdpServerOptions.defaults().withAllowedOrigin("https://dash.example:8443"));
        assertThat(status(server.port(), Map.of("Origin", "https://DASH.example:8443"))).isEqualTo(101);
        assertThat(status(server.port(), Map.of("Origin", "https://dash.example"))).isEqualTo(403);
    }

    private static int status(int port, Map<String, String> headers) throws IOException {
        try (RawSocket s = RawSocket.upgrade(port, headers)) {
            return s.status();
        }
    }
}
