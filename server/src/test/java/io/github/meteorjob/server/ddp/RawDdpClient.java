package io.github.meteorjob.server.ddp;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import org.glassfish.tyrus.client.ClientManager;
import org.glassfish.tyrus.client.ClientProperties;
import org.glassfish.tyrus.client.SslEngineConfigurator;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A plain WebSocket client for tests that sends raw frames and sees every frame the server
 * sends, so tests can check the exact wire format.
 */
public final class RawDdpClient implements AutoCloseable {

    public static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final ClientManager manager;
    private final Session session;
    private final BlockingQueue<JsonObject> received = new LinkedBlockingQueue<>();
    private final List<JsonObject> seen = new ArrayList<>();
    private final CompletableFuture<CloseReason> closed = new CompletableFuture<>();
    private final AtomicInteger ids = new AtomicInteger();

    private RawDdpClient(ClientManager manager, Session session) {
        this.manager = manager;
        this.session = session;
    }

    public static RawDdpClient open(String url) throws Exception {
        return open(url, null);
    }

    public static RawDdpClient open(String url, SSLContext trust) throws Exception {
        ClientManager manager = ClientManager.createClient();
        if (trust != null) {
            SslEngineConfigurator ssl = new SslEngineConfigurator(trust, true, false, false);
            ssl.setHostVerificationEnabled(false);
            manager.getProperties().put(ClientProperties.SSL_ENGINE_CONFIGURATOR, ssl);
        }
        manager.setDefaultMaxTextMessageBufferSize(64 * 1024 * 1024);
        manager.getProperties().put(ClientProperties.HANDSHAKE_TIMEOUT, 5000);
        RawDdpClient[] holder = new RawDdpClient[1];
        CompletableFuture<Void> ready = new CompletableFuture<>();
        Endpoint endpoint = new Endpoint() {
            @Override
            public void onOpen(Session session, EndpointConfig config) {
                session.setMaxTextMessageBufferSize(64 * 1024 * 1024);
                session.addMessageHandler(String.class, (MessageHandler.Whole<String>) text -> {
                    try {
                        ready.get(10, TimeUnit.SECONDS);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                    try (JsonReader r = Json.createReader(new StringReader(text))) {
                        holder[0].received.add(r.readObject());
                    }
                });
            }

            @Override
            public void onClose(Session session, CloseReason closeReason) {
                if (holder[0] != null) {
                    holder[0].closed.complete(closeReason);
                }
            }
        };
        Session session = manager.connectToServer(endpoint, ClientEndpointConfig.Builder.create().build(), URI.create(url));
        holder[0] = new RawDdpClient(manager, session);
        ready.complete(null);
        return holder[0];
    }

    /** Opens and performs the handshake; returns the client. */
    public static RawDdpClient connected(String url) throws Exception {
        RawDdpClient c = open(url);
        c.handshake();
        return c;
    }

    /** Sends connect and returns the session id (skipping {@code server_id}). */
    public String handshake() throws Exception {
        sendText("{\"msg\":\"connect\",\"version\":\"1\",\"support\":[\"1\",\"pre2\",\"pre1\"]}");
        JsonObject connected = next(m -> "connected".equals(m.getString("msg", null)));
        return connected.getString("session");
    }

    public void sendText(String text) throws IOException {
        try {
            session.getBasicRemote().sendText(text);
        } catch (RejectedExecutionException e) {
            closedWhileSending(e);
        }
    }

    public void sendBinary(byte[] bytes) throws IOException {
        try {
            session.getBasicRemote().sendBinary(java.nio.ByteBuffer.wrap(bytes));
        } catch (RejectedExecutionException e) {
            closedWhileSending(e);
        }
    }

    /**
     * Tyrus re-arms the session's idle timer after a frame has gone out; when the server closes the connection in
     * answer to that very frame (a frame over the limit, a refused version), the client's last session is gone by
     * then, its manager has shut its scheduler down, and the re-arm is refused. The frame was sent, which is all a
     * test of the server's answer needs; a refusal on an open session is still an error.
     */
    private void closedWhileSending(RejectedExecutionException e) {
        if (session.isOpen() && !closed.isDone()) {
            throw e;
        }
    }

    public void send(JsonObject msg) throws IOException {
        sendText(msg.toString());
    }

    /** Sends a method call and returns its id. */
    public String callAsync(String method, JsonArray params) throws IOException {
        String id = "m" + ids.incrementAndGet();
        send(Json.createObjectBuilder().add("msg", "method").add("method", method).add("params", params)
                .add("id", id).build());
        return id;
    }

    /** Calls and waits for the {@code result} message. */
    public JsonObject call(String method, JsonValue... params) throws Exception {
        var b = Json.createArrayBuilder();
        for (JsonValue p : params) {
            b.add(p);
        }
        String id = callAsync(method, b.build());
        return result(id);
    }

    public JsonObject result(String id) throws InterruptedException {
        return next(m -> "result".equals(m.getString("msg", null)) && id.equals(m.getString("id", null)));
    }

    /** The next received frame matching {@code filter}; frames skipped stay visible in {@link #seen()}. */
    public JsonObject next(Predicate<JsonObject> filter) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        synchronized (seen) {
            for (int i = 0; i < seen.size(); i++) {
                if (filter.test(seen.get(i))) {
                    return seen.remove(i);
                }
            }
        }
        while (true) {
            long left = deadline - System.nanoTime();
            JsonObject m = received.poll(Math.max(0, left), TimeUnit.NANOSECONDS);
            if (m == null) {
                throw new AssertionError("no matching frame within " + TIMEOUT + "; unmatched: " + seen());
            }
            if (filter.test(m)) {
                return m;
            }
            synchronized (seen) {
                seen.add(m);
            }
        }
    }

    /** The next frame whatever it is (including already skipped ones first). */
    public JsonObject next() throws InterruptedException {
        return next(m -> true);
    }

    /** Frames received so far but not yet consumed by {@link #next}. */
    public List<JsonObject> seen() {
        synchronized (seen) {
            List<JsonObject> all = new ArrayList<>(seen);
            all.addAll(received);
            return all;
        }
    }

    /** Completes when the server closes the socket. */
    public CompletableFuture<CloseReason> closed() {
        return closed;
    }

    public boolean isOpen() {
        return session.isOpen();
    }

    @Override
    public void close() {
        try {
            if (session.isOpen()) {
                session.close();
            }
        } catch (IOException ignored) {
            // already gone
        } finally {
            manager.shutdown();
        }
    }

    public static JsonObject msg(String... keyValues) {
        var b = Json.createObjectBuilder();
        for (int i = 0; i < keyValues.length; i += 2) {
            b.add(keyValues[i], keyValues[i + 1]);
        }
        return b.build();
    }
}
