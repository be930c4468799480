package io.github.meteorjob.server.ddp;

import io.github.meteorjob.server.security.AccessControl;
import io.github.meteorjob.server.security.UserDirectory;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import org.glassfish.tyrus.client.ClientManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** DDP through SockJS's WebSocket transport, as Meteor's own client connects, with a raw SockJS client. */
class SockJsTest {

    private DdpServer server;

    @BeforeEach
    void start() {
        server = new DdpServer(DdpServerOptions.defaults(), new AccessControl(new UserDirectory()));
        server.method("echo", Set.of("worker"), (inv, params) -> params);
        server.start("127.0.0.1", 0, null);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /** A bare SockJS WebSocket client: every frame the server sends, as text. */
    private static final class RawSockJs implements AutoCloseable {
        final BlockingQueue<String> frames = new LinkedBlockingQueue<>();
        final CompletableFuture<CloseReason> closed = new CompletableFuture<>();
        final ClientManager manager = ClientManager.createClient();
        final Session session;

        RawSockJs(int port) throws Exception {
            session = manager.connectToServer(new Endpoint() {
                @Override
                public void onOpen(Session s, EndpointConfig config) {
                    s.addMessageHandler(String.class, (MessageHandler.Whole<String>) frames::add);
                }

                @Override
                public void onClose(Session s, CloseReason reason) {
                    closed.complete(reason);
                }
            }, ClientEndpointConfig.Builder.create().build(),
                    URI.create("ws://127.0.0.1:" + port + "/sockjs/123/abcdefgh/websocket"));
        }

        String next() throws InterruptedException {
            String f = frames.poll(10, TimeUnit.SECONDS);
            assertThat(f).as("a frame within 10 s").isNotNull();
            return f;
        }

        /** The next DDP message: the strings of the next {@code a[...]} frame, one at a time. */
        JsonObject nextMessage() throws InterruptedException {
            String f;
            do {
                f = next();
            } while (f.equals("h"));
            assertThat(f).startsWith("a[");
            JsonArray batch = Json.createReader(new StringReader(f.substring(1))).readArray();
            assertThat(batch).hasSize(1);
            return Json.createReader(new StringReader(batch.getString(0))).readObject();
        }

        void send(String... ddp) throws Exception {
            var a = Json.createArrayBuilder();
            for (String m : ddp) {
                a.add(m);
            }
            session.getBasicRemote().sendText(a.build().toString());
        }

        @Override
        public void close() throws Exception {
            if (session.isOpen()) {
                session.close();
            }
            manager.shutdown();
        }
    }

    @Test
    void infoAnswersWhatSockJsClientsAskFirst() throws Exception {
        HttpResponse<String> info = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + server.port() + "/sockjs/info")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(info.statusCode()).isEqualTo(200);
        assertThat(info.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        JsonObject body = Json.createReader(new StringReader(info.body())).readObject();
        assertThat(body.getBoolean("websocket")).isTrue();
        assertThat(body.getJsonArray("origins").getString(0)).isEqualTo("*:*");
        assertThat(body.getBoolean("cookie_needed")).isFalse();
        assertThat(body.getJsonNumber("entropy").isIntegral()).isTrue();
        assertThat(info.headers().firstValue("Server")).isEmpty();
    }

    @Test
    void ddpRunsInSockJsFramesOverTheWebSocketTransport() throws Exception {
        try (RawSockJs c = new RawSockJs(server.port())) {
            assertThat(c.next()).isEqualTo("o");
            assertThat(c.nextMessage()).isEqualTo(Json.createObjectBuilder().add("server_id", "0").build());
            // two messages in one client frame, as SockJS clients batch them
            c.send("{\"msg\":\"connect\",\"version\":\"1\",\"support\":[\"1\"]}",
                    "{\"msg\":\"method\",\"id\":\"1\",\"method\":\"echo\",\"params\":[\"héllo \\\"q\\\"\"]}");
            assertThat(c.nextMessage().getString("msg")).isEqualTo("connected");
            JsonObject result = c.nextMessage();
            assertThat(result.getString("msg")).isEqualTo("result");
            assertThat(result.getJsonArray("result").getString(0)).isEqualTo("héllo \"q\"");
            assertThat(c.nextMessage().getString("msg")).isEqualTo("updated");
            // a bad DDP message inside good framing gets DDP's answer; the connection stays
            c.send("{\"msg\":\"bogus\"}");
            assertThat(c.nextMessage().getString("reason")).isEqualTo("Bad request");
            assertThat(server.connectionCount()).isEqualTo(1);
        }
    }

    @Test
    void brokenFramingClosesTheSessionWithASockJsCloseFrame() throws Exception {
        try (RawSockJs c = new RawSockJs(server.port())) {
            assertThat(c.next()).isEqualTo("o");
            c.nextMessage();
            c.session.getBasicRemote().sendText("{\"msg\":\"connect\"}");
            String close;
            do {
                close = c.next();
            } while (!close.startsWith("c"));
            assertThat(close).isEqualTo("c[3000,\"Broken framing.\"]");
            assertThat(c.closed.get(10, TimeUnit.SECONDS)).isNotNull();
        }
    }

    /** The npm {@code sockjs-client} (what Meteor's browser client is built on), if node is installed. */
    @Test
    void theNpmSockJsClientCallsAMethodOverTheWebSocketTransport() throws Exception {
        assumeTrue(works("node", "--version"), "node is not installed: skipping the sockjs-client interop test");
        Path dir = Path.of(SockJsTest.class.getProtectionDomain().getCodeSource().getLocation().toURI()).getParent()
                .resolve("npm-sockjs");
        if (!Files.exists(dir.resolve("node_modules/sockjs-client/package.json"))) {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("package.json"), "{\"name\":\"sockjs-interop\",\"private\":true}\n");
            Process npm = new ProcessBuilder("npm", "install", "--no-audit", "--no-fund", "--no-save", "sockjs-client@1.6.1")
                    .directory(dir.toFile()).redirectErrorStream(true).start();
            String log = new String(npm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(npm.waitFor(5, TimeUnit.MINUTES)).isTrue();
            assertThat(npm.exitValue()).as("npm install sockjs-client@1.6.1:%n%s", log).isZero();
        }
        ProcessBuilder pb = new ProcessBuilder("node", Path.of("src/test/node/sockjs-ddp.js").toAbsolutePath().toString(),
                "127.0.0.1", String.valueOf(server.port())).redirectErrorStream(true);
        pb.environment().put("NODE_PATH", dir.resolve("node_modules").toString());
        Process node = pb.start();
        String output = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(node.waitFor(1, TimeUnit.MINUTES)).isTrue();
        assertThat(node.exitValue()).as("node output:%n%s", output).isZero();
        assertThat(output).contains("TRANSPORT websocket").contains("RESULT [\"from sockjs-client\"]");
    }

    private static boolean works(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (java.io.IOException | InterruptedException e) {
            return false;
        }
    }
}
