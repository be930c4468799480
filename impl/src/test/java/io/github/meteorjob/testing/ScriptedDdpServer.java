package io.github.meteorjob.testing;

import io.github.meteorjob.DdpException;
import io.github.meteorjob.ejson.Ejson;
import jakarta.json.spi.JsonProvider;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.websocket.CloseReason;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpointConfig;
import org.glassfish.grizzly.http.server.AddOn;
import org.glassfish.grizzly.http.server.HttpServer;
import org.glassfish.grizzly.http.server.NetworkListener;
import org.glassfish.grizzly.ssl.SSLEngineConfigurator;
import org.glassfish.grizzly.strategies.SameThreadIOStrategy;
import org.glassfish.tyrus.core.TyrusWebSocketEngine;
import org.glassfish.tyrus.server.TyrusServerContainer;
import org.glassfish.tyrus.spi.ServerContainer;
import org.glassfish.tyrus.spi.WebSocketEngine;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * A small, scriptable DDP server for tests: a real Tyrus WebSocket server (Grizzly) bound to
 * 127.0.0.1 on a free port, path {@code /websocket}, optionally with TLS.
 *
 * <p>It performs the DDP handshake (sending Meteor's {@code {"server_id":"0"}} first), answers
 * pings, records every frame it receives, and answers methods and subscriptions through handlers
 * the test registers. Unknown methods get Meteor's 404 error, unknown publications a 404 {@code nosub}.
 *
 * <pre>{@code
 * try (ScriptedDdpServer server = ScriptedDdpServer.start()) {
 *     server.onMethod("add", params -> Json.createValue(params.getInt(0) + params.getInt(1)));
 *     server.onMethod("secret", params -> { throw new DdpException(403, "Access denied"); });
 *     server.onCall("slow", call -> later(() -> call.result(JsonValue.TRUE)));   // answer whenever
 *     DdpClient client = DdpClient.create(DdpClientOptions.of(server.url()));
 *     ...
 *     JsonObject frame = server.awaitFrame(f -> "method".equals(f.getString("msg", "")));
 * }
 * }</pre>
 *
 * <p>Handlers run on the server's I/O worker threads, one frame of a connection at a time.
 * Everything is thread safe.
 */
public final class ScriptedDdpServer implements AutoCloseable {

    /** A received frame with the number of the connection it came on (1 = first accepted connection). */
    public record Received(int connection, JsonObject frame) {
    }

    /** A method call that the test answers itself (see {@link #onCall}). */
    public interface MethodCall {
        /** The call id. */
        String id();

        /** The method name. */
        String method();

        /** The params array. */
        JsonArray params();

        /** Number of the connection the call came on. */
        int connection();

        /** Sends {@code {"msg":"result","id":..,"result":value}} (and {@code updated} unless disabled). */
        void result(JsonValue value);

        /** Sends a result with {@code error}: {@code {error, reason, message, errorType:"Meteor.Error", details?}}. */
        void error(JsonValue error, String reason, JsonValue details);

        /** Sends the result of a {@link DdpException} as {@link #error}. */
        default void error(DdpException e) {
            error(e.error(), e.reason(), e.details() == JsonValue.NULL ? null : e.details());
        }

        /** Sends a raw frame on this call's connection. */
        void send(String raw);
    }

    /** A subscription request that the test answers (see {@link #onSub}). */
    public interface SubRequest {
        String id();

        String name();

        JsonArray params();

        int connection();

        /** Sends a raw frame on this subscription's connection. */
        void send(String raw);

        /** Sends {@code added} on this connection. */
        default void added(String collection, String docId, JsonObject fields) {
            send(Ejson.stringify(docFrame("added", collection, docId, fields, null)));
        }

        /** Sends {@code changed} on this connection ({@code cleared} may be empty). */
        default void changed(String collection, String docId, JsonObject fields, List<String> cleared) {
            send(Ejson.stringify(docFrame("changed", collection, docId, fields, cleared)));
        }

        /** Sends {@code removed} on this connection. */
        default void removed(String collection, String docId) {
            send(Ejson.stringify(docFrame("removed", collection, docId, null, null)));
        }

        /** Sends {@code {"msg":"ready","subs":[id]}}. */
        default void ready() {
            send("{\"msg\":\"ready\",\"subs\":[" + Ejson.stringify(JSON.createValue(id())) + "]}");
        }

        /** Sends {@code nosub} with an error ({@code null} error = plain stop). */
        default void nosub(DdpException error) {
            JsonObjectBuilder b = JSON.createObjectBuilder().add("msg", "nosub").add("id", id());
            if (error != null) {
                b.add("error", errorObject(error.error(), error.reason(),
                        error.details() == JsonValue.NULL ? null : error.details()));
            }
            send(Ejson.stringify(b.build()));
        }
    }

    /** A subscription request as it came on a connection. */
    private record Sub(String id, String name, JsonArray params, Conn conn) implements SubRequest {
        @Override
        public int connection() {
            return conn.number;
        }

        @Override
        public void send(String raw) {
            conn.send(raw);
        }
    }

    private static final String PATH = "/websocket";
    /** Created once: the static {@code jakarta.json.Json} methods look the provider up on every call. */
    private static final JsonProvider JSON = Ejson.provider();

    private final HttpServer http;
    private final int port;
    private final boolean tls;
    private final Map<String, Consumer<MethodCall>> methods = new ConcurrentHashMap<>();
    private final Map<String, Consumer<SubRequest>> publications = new ConcurrentHashMap<>();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final List<String> rawFrames = new CopyOnWriteArrayList<>();
    private final Map<Integer, Conn> open = new ConcurrentHashMap<>();
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger sessionCounter = new AtomicInteger();
    private volatile Set<String> versions = Set.of("1");
    private volatile boolean answerPings = true;
    private volatile boolean sendServerId = true;
    private volatile boolean sendUpdated = true;
    private volatile boolean record = true;
    private volatile boolean answerConnect = true;

    private ScriptedDdpServer(SSLContext sslContext, boolean ioThreadHandlers) throws IOException {
        this.tls = sslContext != null;
        Container container = new Container();
        ServerEndpointConfig config = ServerEndpointConfig.Builder.create(ConnEndpoint.class, PATH)
                .configurator(new ServerEndpointConfig.Configurator() {
                    @Override
                    @SuppressWarnings("unchecked")
                    public <T> T getEndpointInstance(Class<T> endpointClass) {
                        return (T) new ConnEndpoint(ScriptedDdpServer.this);
                    }
                }).build();
        try {
            container.register(config);
        } catch (DeploymentException e) {
            throw new IOException(e);
        }
        http = new HttpServer();
        NetworkListener listener = new NetworkListener("ddp", "127.0.0.1", 0);
        if (sslContext != null) {
            listener.setSecure(true);
            listener.setSSLEngineConfig(new SSLEngineConfigurator(sslContext, false, false, false));
        }
        listener.getKeepAlive().setIdleTimeoutInSeconds(-1);
        if (ioThreadHandlers) {
            listener.getTransport().setIOStrategy(SameThreadIOStrategy.getInstance());
        }
        listener.registerAddOn(webSocketAddOn(container));
        http.addListener(listener);
        http.start();
        this.port = listener.getPort();
    }

    /** Starts a plain {@code ws://} server. */
    public static ScriptedDdpServer start() {
        return startTls(null);
    }

    /** Starts a {@code wss://} server with this server-side TLS context ({@code null} = plain ws). */
    public static ScriptedDdpServer startTls(SSLContext serverContext) {
        return start(serverContext, false);
    }

    /**
     * Starts a server; with {@code ioThreadHandlers} frames are handled directly on the I/O thread
     * (no hand-off to a worker thread: faster, for benchmarks; handlers must then never block).
     */
    public static ScriptedDdpServer start(SSLContext serverContext, boolean ioThreadHandlers) {
        try {
            return new ScriptedDdpServer(serverContext, ioThreadHandlers);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the scripted DDP server: " + e, e);
        }
    }

    /** {@code ws://127.0.0.1:PORT/websocket} (or {@code wss://}). */
    public String url() {
        return (tls ? "wss" : "ws") + "://127.0.0.1:" + port + PATH;
    }

    /** The same url with another host name (for TLS host name tests), e.g. {@code localhost}. */
    public String url(String host) {
        return (tls ? "wss" : "ws") + "://" + host + ":" + port + PATH;
    }

    public int port() {
        return port;
    }

    // ---------------------------------------------------------------- scripting

    /**
     * Answers method {@code name} with the handler's return value as {@code result}. When the
     * handler throws a {@link DdpException} the call gets that error; when it returns Java
     * {@code null} the call is not answered at all (use {@code JsonValue.NULL} for a null result).
     */
    public ScriptedDdpServer onMethod(String name, Function<JsonArray, JsonValue> handler) {
        methods.put(name, call -> {
            JsonValue v;
            try {
                v = handler.apply(call.params());
            } catch (DdpException e) {
                call.error(e);
                return;
            }
            if (v != null) {
                call.result(v);
            }
        });
        return this;
    }

    /** Gives calls of method {@code name} to the handler, which answers them when (and if) it wants. */
    public ScriptedDdpServer onCall(String name, Consumer<MethodCall> handler) {
        methods.put(name, handler);
        return this;
    }

    /** Removes a method handler (calls then get Meteor's 404 "Method 'x' not found"). */
    public ScriptedDdpServer removeMethod(String name) {
        methods.remove(name);
        return this;
    }

    /** Handles subscriptions to publication {@code name} (unknown publications get a 404 {@code nosub}). */
    public ScriptedDdpServer onSub(String name, Consumer<SubRequest> handler) {
        publications.put(name, handler);
        return this;
    }

    /** DDP versions the server accepts (default {@code "1"}); other versions get {@code failed}. */
    public ScriptedDdpServer supportedVersions(String... versions) {
        this.versions = Set.of(versions);
        return this;
    }

    /** Whether client pings get a pong (default true). */
    public ScriptedDdpServer answerPings(boolean answer) {
        this.answerPings = answer;
        return this;
    }

    /** Whether the server answers {@code connect} at all (default true); false simulates a hung handshake. */
    public ScriptedDdpServer answerConnect(boolean answer) {
        this.answerConnect = answer;
        return this;
    }

    /** Whether the server sends {@code {"server_id":"0"}} when a connection opens (default true). */
    public ScriptedDdpServer sendServerId(boolean send) {
        this.sendServerId = send;
        return this;
    }

    /** Whether each result is followed by {@code updated} (default true). */
    public ScriptedDdpServer sendUpdated(boolean send) {
        this.sendUpdated = send;
        return this;
    }

    /** Whether received frames are recorded (default true; benchmarks turn it off). */
    public ScriptedDdpServer recordFrames(boolean record) {
        this.record = record;
        return this;
    }

    // ---------------------------------------------------------------- observing

    /** Every frame received so far (all connections), in arrival order. */
    public List<JsonObject> frames() {
        return received.stream().map(Received::frame).collect(Collectors.toUnmodifiableList());
    }

    /** Every frame received so far with {@code "msg": msg}. */
    public List<JsonObject> frames(String msg) {
        return received.stream().map(Received::frame).filter(f -> msg.equals(msgOf(f)))
                .collect(Collectors.toUnmodifiableList());
    }

    /** Every frame received so far with its connection number. */
    public List<Received> received() {
        return Collections.unmodifiableList(new ArrayList<>(received));
    }

    /** Frames that were not a JSON object, as text. */
    public List<String> rawFrames() {
        return List.copyOf(rawFrames);
    }

    /** Forgets the recorded frames. */
    public void clearFrames() {
        received.clear();
        rawFrames.clear();
    }

    /** Waits up to 10 s for a received frame matching the predicate and returns the first such frame. */
    public JsonObject awaitFrame(Predicate<JsonObject> predicate) {
        return awaitFrame(predicate, Duration.ofSeconds(10));
    }

    /** Waits for a received frame matching the predicate; fails with AssertionError on timeout. */
    public JsonObject awaitFrame(Predicate<JsonObject> predicate, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            for (Received r : received) {
                if (predicate.test(r.frame())) {
                    return r.frame();
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no matching frame within " + timeout + "; received: " + frames());
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
    }

    /** Waits for a frame with this {@code msg}. */
    public JsonObject awaitMsg(String msg) {
        return awaitFrame(f -> msg.equals(msgOf(f)));
    }

    /** Waits for the {@code method} frame of method {@code name}. */
    public JsonObject awaitMethod(String name) {
        return awaitFrame(f -> "method".equals(msgOf(f)) && name.equals(f.getString("method", null)));
    }

    /** Connections accepted so far (including closed ones). */
    public int connectionCount() {
        return connections.get();
    }

    /** Connections open now. */
    public int openConnections() {
        return open.size();
    }

    // ---------------------------------------------------------------- acting

    /** Sends a raw text frame on every open connection (may be invalid JSON on purpose). */
    public void send(String raw) {
        for (Conn c : open.values()) {
            c.send(raw);
        }
    }

    /** Sends a frame on every open connection. */
    public void send(JsonObject frame) {
        send(Ejson.stringify(frame));
    }

    /** Sends a raw text frame on one connection. */
    public void send(int connection, String raw) {
        Conn c = open.get(connection);
        if (c == null) {
            throw new IllegalStateException("connection " + connection + " is not open; open: " + open.keySet());
        }
        c.send(raw);
    }

    /** Sends {@code added} to every open connection. */
    public void added(String collection, String id, JsonObject fields) {
        send(docFrame("added", collection, id, fields, null));
    }

    /** Sends {@code changed} to every open connection. */
    public void changed(String collection, String id, JsonObject fields, List<String> cleared) {
        send(docFrame("changed", collection, id, fields, cleared));
    }

    /** Sends {@code removed} to every open connection. */
    public void removed(String collection, String id) {
        send(docFrame("removed", collection, id, null, null));
    }

    /** Sends {@code {"msg":"ping","id":id}} to every open connection ({@code id} may be null). */
    public void ping(String id) {
        JsonObjectBuilder b = JSON.createObjectBuilder().add("msg", "ping");
        if (id != null) {
            b.add("id", id);
        }
        send(b.build());
    }

    /** Closes every open connection (the server keeps listening, so clients can reconnect). */
    public void dropConnections() {
        for (Conn c : List.copyOf(open.values())) {
            c.close();
        }
    }

    /** Stops the server. */
    @Override
    public void close() {
        dropConnections();
        http.shutdownNow();
    }

    // ---------------------------------------------------------------- internals

    private static String msgOf(JsonObject f) {
        JsonValue m = f.get("msg");
        return m instanceof JsonString s ? s.getString() : null;
    }

    private static JsonObject docFrame(String msg, String collection, String id, JsonObject fields,
                                       List<String> cleared) {
        JsonObjectBuilder b = JSON.createObjectBuilder().add("msg", msg).add("collection", collection).add("id", id);
        if (fields != null) {
            b.add("fields", fields);
        }
        if (cleared != null && !cleared.isEmpty()) {
            b.add("cleared", JSON.createArrayBuilder(cleared));
        }
        return b.build();
    }

    private static JsonObject errorObject(JsonValue error, String reason, JsonValue details) {
        String code = error instanceof JsonString s ? s.getString() : String.valueOf(error);
        JsonObjectBuilder b = JSON.createObjectBuilder().add("error", error == null ? JsonValue.NULL : error)
                .add("reason", reason == null ? "" : reason)
                .add("message", (reason == null ? "" : reason) + " [" + code + "]")
                .add("errorType", "Meteor.Error");
        if (details != null) {
            b.add("details", details);
        }
        return b.build();
    }

    private static AddOn webSocketAddOn(ServerContainer container) {
        try {
            // the add-on's constructor is package private in Tyrus; it is the piece that upgrades
            // Grizzly HTTP connections to WebSocket, which we need with our own (127.0.0.1, TLS) listener
            Class<?> c = Class.forName("org.glassfish.tyrus.container.grizzly.server.WebSocketAddOn");
            Constructor<?> k = c.getDeclaredConstructor(ServerContainer.class, String.class);
            k.setAccessible(true);
            return (AddOn) k.newInstance(container, "/");
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Tyrus WebSocketAddOn not usable: " + e, e);
        }
    }

    /** A Tyrus server container that only provides the engine; our Grizzly HttpServer does the listening. */
    private static final class Container extends TyrusServerContainer {
        private final WebSocketEngine engine;

        Container() {
            super(Set.<Class<?>>of());
            engine = TyrusWebSocketEngine.builder(this).incomingBufferSize(64 * 1024 * 1024).build();
        }

        @Override
        public void register(Class<?> endpointClass) throws DeploymentException {
            engine.register(endpointClass, "/");
        }

        @Override
        public void register(ServerEndpointConfig serverEndpointConfig) throws DeploymentException {
            engine.register(serverEndpointConfig, "/");
        }

        @Override
        public WebSocketEngine getWebSocketEngine() {
            return engine;
        }
    }

    /** One accepted connection. */
    private final class Conn {
        final int number;
        final Session session;

        Conn(int number, Session session) {
            this.number = number;
            this.session = session;
        }

        void send(String raw) {
            synchronized (this) {
                try {
                    if (session.isOpen()) {
                        session.getBasicRemote().sendText(raw);
                    }
                } catch (IOException | IllegalStateException e) {
                    // the client went away; nothing to do in a test server
                }
            }
        }

        void close() {
            try {
                session.close(new CloseReason(CloseReason.CloseCodes.GOING_AWAY, "dropped by test"));
            } catch (IOException | IllegalStateException e) {
                // already closed
            }
            open.remove(number);
        }

        void onText(String text) {
            JsonObject frame;
            try {
                JsonValue v = Ejson.parse(text);
                if (!(v instanceof JsonObject o)) {
                    rawFrames.add(text);
                    return;
                }
                frame = o;
            } catch (IllegalArgumentException e) {
                rawFrames.add(text);
                send("{\"msg\":\"error\",\"reason\":\"Bad request\",\"offendingMessage\":"
                        + Ejson.stringify(JSON.createValue(text)) + "}");
                return;
            }
            if (record) {
                received.add(new Received(number, frame));
            }
            String msg = msgOf(frame);
            if (msg == null) {
                return;
            }
            switch (msg) {
                case "connect" -> onConnect(frame);
                case "ping" -> {
                    if (answerPings) {
                        JsonValue id = frame.get("id");
                        send(id instanceof JsonString s
                                ? "{\"msg\":\"pong\",\"id\":" + Ejson.stringify(s) + "}" : "{\"msg\":\"pong\"}");
                    }
                }
                case "method" -> onMethod(frame);
                case "sub" -> onSub(frame);
                case "unsub" -> send("{\"msg\":\"nosub\",\"id\":" + Ejson.stringify(frame.get("id")) + "}");
                default -> {
                    // pong and anything else: recorded only
                }
            }
        }

        private void onConnect(JsonObject frame) {
            if (!answerConnect) {
                return;
            }
            String version = frame.getString("version", "");
            if (versions.contains(version)) {
                send("{\"msg\":\"connected\",\"session\":\"S" + sessionCounter.incrementAndGet() + "\"}");
            } else {
                send("{\"msg\":\"failed\",\"version\":\"" + versions.iterator().next() + "\"}");
            }
        }

        private void onMethod(JsonObject frame) {
            String id = frame.getString("id", null);
            String name = frame.getString("method", "");
            JsonArray params = frame.containsKey("params") ? frame.getJsonArray("params") : JsonValue.EMPTY_JSON_ARRAY;
            MethodCall call = new MethodCall() {
                @Override
                public String id() {
                    return id;
                }

                @Override
                public String method() {
                    return name;
                }

                @Override
                public JsonArray params() {
                    return params;
                }

                @Override
                public int connection() {
                    return number;
                }

                @Override
                public void result(JsonValue value) {
                    Conn.this.send("{\"msg\":\"result\",\"id\":" + Ejson.stringify(JSON.createValue(id))
                            + ",\"result\":" + Ejson.stringify(value == null ? JsonValue.NULL : value) + "}");
                    updated();
                }

                @Override
                public void error(JsonValue error, String reason, JsonValue details) {
                    Conn.this.send("{\"msg\":\"result\",\"id\":" + Ejson.stringify(JSON.createValue(id))
                            + ",\"error\":" + Ejson.stringify(errorObject(error, reason, details)) + "}");
                    updated();
                }

                private void updated() {
                    if (sendUpdated) {
                        Conn.this.send("{\"msg\":\"updated\",\"methods\":[" + Ejson.stringify(JSON.createValue(id)) + "]}");
                    }
                }

                @Override
                public void send(String raw) {
                    Conn.this.send(raw);
                }
            };
            Consumer<MethodCall> handler = methods.get(name);
            if (handler == null) {
                call.error(JSON.createValue(404), "Method '" + name + "' not found", null);
                return;
            }
            try {
                handler.accept(call);
            } catch (DdpException e) {
                call.error(e);
            } catch (RuntimeException e) {
                call.error(JSON.createValue(500), "Internal server error", null);
            }
        }

        private void onSub(JsonObject frame) {
            String id = frame.getString("id", "");
            String name = frame.getString("name", "");
            JsonArray params = frame.containsKey("params") ? frame.getJsonArray("params") : JsonValue.EMPTY_JSON_ARRAY;
            SubRequest req = new Sub(id, name, params, this);
            Consumer<SubRequest> handler = publications.get(name);
            if (handler == null) {
                req.nosub(new DdpException(404, "Subscription '" + name + "' not found"));
                return;
            }
            handler.accept(req);
        }
    }

    /** The Tyrus endpoint; one instance per connection. */
    public static final class ConnEndpoint extends Endpoint {
        private final ScriptedDdpServer server;
        private Conn conn;

        ConnEndpoint(ScriptedDdpServer server) {
            this.server = server;
        }

        @Override
        public void onOpen(Session session, EndpointConfig config) {
            session.setMaxTextMessageBufferSize(64 * 1024 * 1024);
            session.setMaxIdleTimeout(0);
            int n = server.connections.incrementAndGet();
            conn = server.new Conn(n, session);
            server.open.put(n, conn);
            session.addMessageHandler(String.class, (MessageHandler.Whole<String>) conn::onText);
            if (server.sendServerId) {
                conn.send("{\"server_id\":\"0\"}");
            }
        }

        @Override
        public void onClose(Session session, CloseReason closeReason) {
            if (conn != null) {
                server.open.remove(conn.number);
            }
        }

        @Override
        public void onError(Session session, Throwable thr) {
            // a test server: errors show up as closed connections
        }
    }

    /** Waits until {@code n} connections were accepted in total; AssertionError after 10 s. */
    public void awaitConnectionCount(int n) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (connections.get() < n) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(new TimeoutException("only " + connections.get() + " of " + n
                        + " connections accepted"));
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
    }
}
