package io.github.meteorjob.server.ddp;

import io.github.meteorjob.DdpException;
import io.github.meteorjob.server.security.LoginGrant;
import io.github.meteorjob.server.security.LoginThrottle;
import static io.github.meteorjob.server.ddp.JsonSupport.JSON;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One DDP client connection: handshake, heartbeat, its methods in order on the worker pool,
 * its subscriptions and merge box, and an ordered outbound queue.
 */
final class DdpConnection {

    private static final System.Logger LOG = System.getLogger(DdpConnection.class.getName());
    static final List<String> SUPPORTED_VERSIONS = List.of("1");

    private final DdpServer server;
    private final Session session;
    private final SerialExecutor inbox;
    private final SerialExecutor outbox;
    private final Queue<String> outgoing = new ConcurrentLinkedQueue<>();
    private final AtomicLong outgoingBytes = new AtomicLong();
    private final AtomicInteger outstandingMethods = new AtomicInteger();
    private final Map<String, DdpSubscription> subscriptions = new ConcurrentHashMap<>();
    private final MergeBox mergeBox = new MergeBox(this::send);
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicBoolean limitWarned = new AtomicBoolean();
    /** Touched only by this connection's method thread. */
    private final LoginThrottle.ConnectionWindow failedLogins = new LoginThrottle.ConnectionWindow();
    private final long openedNanos = System.nanoTime();
    private final String remoteAddress;
    /** The socket under the session, to close it when the close handshake cannot finish; may be null. */
    private final java.io.Closeable transport;
    private final AtomicBoolean socketClosed = new AtomicBoolean();
    /** Speaks SockJS framing ({@link SockJs}) instead of bare DDP frames. */
    private final boolean sockJs;
    private volatile long lastSentNanos = System.nanoTime();

    private volatile String sessionId;
    private volatile String userId;
    private volatile String loginTokenHash;
    private volatile long lastReceivedNanos = System.nanoTime();
    private volatile long pingSentNanos;

    DdpConnection(DdpServer server, Session session, String remoteAddress, java.io.Closeable transport, boolean sockJs) {
        this.sockJs = sockJs;
        this.server = server;
        this.session = session;
        this.remoteAddress = remoteAddress;
        this.transport = transport;
        this.inbox = new SerialExecutor(server.workers());
        this.outbox = new SerialExecutor(server.workers());
    }

    String sessionId() {
        return sessionId;
    }

    String userId() {
        return userId;
    }

    String remoteAddress() {
        return remoteAddress;
    }

    int subscriptionCount() {
        return subscriptions.size();
    }

    /** Meteor sends this on every new socket; clients ignore frames without {@code msg}. */
    void opened() {
        if (sockJs) {
            enqueue(SockJs.OPEN);
        }
        sendRaw("{\"server_id\":\"0\"}");
    }

    // ------------------------------------------------------------------ inbound

    /**
     * Called on the Grizzly thread, one frame at a time per connection. Whatever the frame holds, the
     * client gets an answer: nothing thrown here may leave it waiting.
     */
    void onText(String text) {
        lastReceivedNanos = System.nanoTime();
        pingSentNanos = 0;
        try {
            receive(text);
        } catch (RuntimeException | StackOverflowError e) {
            // hostile input can repeat this endlessly: DEBUG only
            LOG.log(System.Logger.Level.DEBUG, "frame on connection " + sessionId + " failed", e);
            sendError("Bad request", Frames.offending(text));
        }
    }

    /** DDP is text only; Meteor's server drops binary frames, here the client learns why. */
    void onBinary(ByteBuffer bytes) {
        lastReceivedNanos = System.nanoTime();
        pingSentNanos = 0;
        sendError("Bad request", JSON.createValue("binary frame of " + bytes.remaining()
                + " bytes; DDP messages are JSON text frames"));
    }

    /**
     * Meteor's {@code stream_server} data handler and {@code Session.processMessage}, case by case:
     * text that is not a JSON object or array (unparseable, a number, a string, null) is "Bad request"
     * without {@code offendingMessage} ({@code parseDDP} answers null); a message whose EJSON cannot
     * be decoded is "Parse error"; one without a truthy {@code msg} is "Bad request" quoting it; a
     * second {@code connect} is "Already connected"; anything before {@code connect} is "Must connect
     * first"; an unknown {@code msg} is "Bad request".
     */
    private void receive(String text) {
        JsonValue parsed;
        try {
            parsed = Frames.parse(text);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "unparseable frame on connection {0}: {1}", sessionId, e.getMessage());
            sendError("Bad request", null);
            return;
        }
        if (!(parsed instanceof JsonObject) && !(parsed instanceof JsonArray)) {
            sendError("Bad request", null);
            return;
        }
        if (parsed instanceof JsonObject o && Frames.undecodable(o, text)) {
            sendError("Parse error", null);
            return;
        }
        if (!(parsed instanceof JsonObject msg) || !Frames.truthy(msg.get("msg"))) {
            sendError("Bad request", parsed);
            return;
        }
        String type = msg.get("msg") instanceof JsonString kind ? kind.getString() : null;
        if ("connect".equals(type)) {
            if (sessionId != null) {
                sendError("Already connected", msg);
            } else {
                handleConnect(msg);
            }
            return;
        }
        if (sessionId == null) {
            sendError("Must connect first", msg);
            return;
        }
        switch (type == null ? "" : type) {
            case "ping" -> {
                JsonObjectBuilder pong = JSON.createObjectBuilder().add("msg", "pong");
                if (msg.get("id") instanceof JsonString id) {
                    pong.add("id", id);
                }
                send(pong.build());
            }
            case "pong" -> { /* any frame counts as a sign of life */ }
            case "method" -> receiveMethod(msg);
            case "sub" -> receiveSub(msg);
            case "unsub" -> receiveUnsub(msg);
            default -> sendError("Bad request", msg);
        }
    }

    private void handleConnect(JsonObject msg) {
        JsonValue version = msg.get("version");
        JsonValue support = msg.get("support");
        List<String> offered = new ArrayList<>();
        boolean wellFormed = version instanceof JsonString && support instanceof JsonArray;
        if (wellFormed) {
            for (JsonValue v : (JsonArray) support) {
                if (v instanceof JsonString s) {
                    offered.add(s.getString());
                } else {
                    wellFormed = false;
                }
            }
            wellFormed = wellFormed && offered.contains(((JsonString) version).getString());
        }
        if (!wellFormed || !SUPPORTED_VERSIONS.contains(((JsonString) version).getString())) {
            String ours = offered.stream().filter(SUPPORTED_VERSIONS::contains).findFirst()
                    .orElse(SUPPORTED_VERSIONS.get(0));
            send(JSON.createObjectBuilder().add("msg", "failed").add("version", ours).build());
            // as Meteor: the client reconnects with the version we named
            outbox.execute(() -> close(CloseReason.CloseCodes.PROTOCOL_ERROR, "unsupported DDP version"));
            return;
        }
        sessionId = server.newSessionId();
        send(JSON.createObjectBuilder().add("msg", "connected").add("session", sessionId).build());
    }

    private void receiveMethod(JsonObject msg) {
        JsonValue params = msg.getOrDefault("params", JsonValue.EMPTY_JSON_ARRAY);
        if (!(msg.get("id") instanceof JsonString idJson) || !(msg.get("method") instanceof JsonString nameJson)
                || !(params instanceof JsonArray)
                || (msg.containsKey("randomSeed") && !(msg.get("randomSeed") instanceof JsonString))) {
            sendError("Malformed method invocation", msg);
            return;
        }
        String id = idJson.getString();
        String name = nameJson.getString();
        int limit = server.options().maxOutstandingMethods();
        if (outstandingMethods.incrementAndGet() > limit) {
            outstandingMethods.decrementAndGet();
            // warn once per connection: a flooding client must not flood the log too
            LOG.log(limitWarned.compareAndSet(false, true) ? System.Logger.Level.WARNING : System.Logger.Level.DEBUG,
                    "connection {0} exceeds {1} outstanding methods; refusing calls with 429", sessionId, limit);
            sendResult(id, null, new DdpException(429, "Too many outstanding methods (limit " + limit + ")"));
            return;
        }
        inbox.execute(() -> {
            try {
                runMethod(id, name, (JsonArray) params);
            } finally {
                outstandingMethods.decrementAndGet();
            }
        });
    }

    private void runMethod(String id, String name, JsonArray params) {
        if (closed.get()) {
            return;
        }
        JsonValue result = null;
        DdpException error = null;
        String caller = userId;
        long start = System.nanoTime();
        try {
            result = invoke(name, params);
        } catch (DdpException e) {
            error = e;
        } catch (RuntimeException | Error e) {
            LOG.log(System.Logger.Level.ERROR, "method " + name + " failed", e);
            error = DdpErrors.internal();
        }
        long nanos = System.nanoTime() - start;
        sendResult(id, result, error);
        // written directly: one per method, and building, printing and re-scanning a JSON tree for it cost more
        // than the method itself for cheap methods (the id came in cleaned, so it has no lone surrogate)
        sendRaw("{\"msg\":\"updated\",\"methods\":[" + JSON.createValue(id) + "]}");
        if (server.observed()) {
            // after the answer is queued: metrics and the audit log do not delay it
            server.methodCalled(new DdpObserver.MethodCall(name, server.knownMethod(name), sessionId, caller,
                    remoteAddress, params, nanos, error));
        }
    }

    private JsonValue invoke(String name, JsonArray params) {
        if ("login".equals(name)) {
            return login(params);
        }
        if ("logout".equals(name)) {
            server.access().revoke(loginTokenHash);
            setUser(null, null);
            return null;
        }
        DdpServer.Registered<MethodHandler> method = server.findMethod(name);
        if (method == null) {
            throw DdpErrors.methodNotFound(name);
        }
        if (!server.access().permits(userId, method.levels())) {
            throw DdpErrors.methodNotAuthorized(name, method.levels(), server.access().describe(userId));
        }
        return method.handler().handle(new MethodInvocation(sessionId, userId), params);
    }

    private JsonValue login(JsonArray params) {
        // Meteor's per-connection rule; AccessControl adds the limits per user and per address
        failedLogins.check();
        LoginGrant login;
        try {
            login = server.access().login(params, remoteAddress);
        } catch (DdpException e) {
            failedLogins.failed();
            // Meteor logs a failed login attempt out of the connection
            setUser(null, null);
            throw e;
        }
        setUser(login.userId(), login.tokenHash());
        return JSON.createObjectBuilder().add("id", login.userId()).add("token", login.token())
                .add("tokenExpires", JSON.createObjectBuilder().add("$date", login.expires().toEpochMilli()))
                .add("type", login.type()).build();
    }

    /**
     * Changes who is logged in and, as Meteor's {@code _setUserId}, re-runs every subscription of the
     * connection for the new user (or nobody). Each new run publishes before the old one stops, so
     * the merge box sends the client only the difference: documents the new user may not see are
     * {@code removed}, documents it may now see are {@code added}. Runs on the method thread, like
     * {@code sub}, so no subscription starts in between.
     */
    private void setUser(String newUserId, String tokenHash) {
        String previous = userId;
        userId = newUserId;
        loginTokenHash = tokenHash;
        if (java.util.Objects.equals(previous, newUserId)) {
            return;
        }
        MethodInvocation caller = new MethodInvocation(sessionId, newUserId);
        for (DdpSubscription old : List.copyOf(subscriptions.values())) {
            DdpSubscription fresh = old.recreate(caller);
            subscriptions.put(old.id(), fresh);
            start(fresh, server.findPublication(old.name()));
            old.stop();
        }
    }

    private void sendResult(String id, JsonValue result, DdpException error) {
        JsonObjectBuilder b = JSON.createObjectBuilder().add("msg", "result").add("id", id);
        if (error != null) {
            b.add("error", DdpErrors.toJson(error));
        } else {
            // a null result is sent as "result": null, as Meteor does for a method returning null
            b.add("result", result == null ? JsonValue.NULL : result);
        }
        send(b.build());
    }

    private void receiveSub(JsonObject msg) {
        JsonValue params = msg.getOrDefault("params", JsonValue.EMPTY_JSON_ARRAY);
        if (!(msg.get("id") instanceof JsonString idJson) || !(msg.get("name") instanceof JsonString nameJson)
                || !(params instanceof JsonArray)) {
            sendError("Malformed subscription", msg);
            return;
        }
        inbox.execute(() -> runSub(idJson.getString(), nameJson.getString(), (JsonArray) params));
    }

    private void runSub(String id, String name, JsonArray params) {
        if (closed.get()) {
            return;
        }
        DdpServer.Registered<PublicationHandler> publication = server.findPublication(name);
        if (publication == null) {
            sendNosub(id, DdpErrors.subscriptionNotFound(name));
            return;
        }
        if (subscriptions.containsKey(id)) {
            return; // as Meteor: a second sub with the same id is ignored (it matters on reconnect)
        }
        DdpSubscription sub = new DdpSubscription(id, name, params, new MethodInvocation(sessionId, userId),
                publication.levels(), mergeBox, this::send);
        subscriptions.put(id, sub);
        start(sub, publication);
    }

    /**
     * Runs a subscription's publication for its caller. A caller without the level gets what a Meteor
     * publication written {@code if (!allowed) return this.ready();} gives: {@code ready} and no
     * documents. The subscription stays, so a later login (which re-runs it) makes it live.
     */
    private void start(DdpSubscription sub, DdpServer.Registered<PublicationHandler> publication) {
        if (publication == null || !server.access().permits(sub.invocation().userId(), publication.levels())) {
            LOG.log(System.Logger.Level.DEBUG, "subscription {0} on connection {1} publishes nothing until a user with level {2} logs in",
                    sub.name(), sessionId, publication == null ? "?" : publication.levels());
            sub.ready();
            return;
        }
        try {
            publication.handler().publish(sub, sub.params());
        } catch (DdpException e) {
            stopSub(sub.id(), e);
        } catch (RuntimeException | Error e) {
            LOG.log(System.Logger.Level.ERROR, "publication " + sub.name() + " failed", e);
            stopSub(sub.id(), DdpErrors.internal());
        }
    }

    private void receiveUnsub(JsonObject msg) {
        if (!(msg.get("id") instanceof JsonString idJson)) {
            sendError("Malformed subscription", msg);
            return;
        }
        inbox.execute(() -> stopSub(idJson.getString(), null));
    }

    private void stopSub(String id, DdpException error) {
        DdpSubscription sub = subscriptions.remove(id);
        if (sub != null) {
            sub.stop();
        }
        sendNosub(id, error);
    }

    private void sendNosub(String id, DdpException error) {
        JsonObjectBuilder b = JSON.createObjectBuilder().add("msg", "nosub").add("id", id);
        if (error != null) {
            b.add("error", DdpErrors.toJson(error));
        }
        send(b.build());
    }

    private void sendError(String reason, JsonValue offending) {
        JsonObjectBuilder b = JSON.createObjectBuilder().add("msg", "error").add("reason", reason);
        if (offending != null) {
            b.add("offendingMessage", Frames.capped(offending));
        }
        send(b.build());
    }

    // ------------------------------------------------------------------ heartbeat

    /** Called periodically by the server: pings an idle client, closes a dead one. */
    void heartbeat(long now) {
        if (closed.get()) {
            return;
        }
        DdpServerOptions o = server.options();
        long interval = o.heartbeatInterval().toNanos();
        long timeout = o.heartbeatTimeout().toNanos();
        if (sockJs && now - lastSentNanos > SockJs.HEARTBEAT_NANOS) {
            enqueue(SockJs.HEARTBEAT);
        }
        if (sessionId == null) {
            if (now - openedNanos > interval + timeout) {
                close(CloseReason.CloseCodes.VIOLATED_POLICY, "no DDP connect message");
            }
            return;
        }
        long sent = pingSentNanos;
        if (sent != 0) {
            if (now - sent > timeout) {
                LOG.log(System.Logger.Level.DEBUG, "connection {0} missed its heartbeat; closing", sessionId);
                close(CloseReason.CloseCodes.GOING_AWAY, "heartbeat timeout");
            }
        } else if (now - lastReceivedNanos > interval) {
            pingSentNanos = now;
            send(JSON.createObjectBuilder().add("msg", "ping").build());
        }
    }

    // ------------------------------------------------------------------ outbound

    void send(JsonObject msg) {
        // defence in depth: input is cleaned, but a handler might still produce a lone surrogate
        sendRaw(Utf16.escapeLone(msg.toString()));
    }

    private void sendRaw(String text) {
        enqueue(sockJs ? SockJs.message(text) : text);
    }

    /** Queues a frame as it goes on the wire. */
    private void enqueue(String text) {
        if (closed.get()) {
            return;
        }
        lastSentNanos = System.nanoTime();
        long size = text.length();
        long queued = outgoingBytes.addAndGet(size);
        long bound = server.options().maxQueuedBytes();
        if (queued > bound && queued != size) {
            // a client that does not read must not grow the heap; one large message alone may pass
            outgoingBytes.addAndGet(-size);
            LOG.log(System.Logger.Level.DEBUG, "connection {0} does not read its messages; closing", sessionId);
            outgoing.clear();
            close(CloseReason.CloseCodes.VIOLATED_POLICY, "client does not read its messages (limit " + bound + ")");
            return;
        }
        server.queued(queued);
        outgoing.add(text);
        outbox.execute(this::flush);
    }

    private void flush() {
        String text;
        while ((text = outgoing.poll()) != null) {
            outgoingBytes.addAndGet(-text.length());
            if (closed.get() || !session.isOpen()) {
                outgoing.clear();
                return;
            }
            try {
                // bounded wait: a client that stops reading stalls the socket, and then the server stops
                // reading its frames too, so the queue alone would never notice it
                session.getAsyncRemote().sendText(text).get(server.options().heartbeatTimeout().toMillis(),
                        java.util.concurrent.TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                LOG.log(System.Logger.Level.DEBUG, "connection {0} does not read its messages; closing", sessionId);
                outgoing.clear();
                close(CloseReason.CloseCodes.VIOLATED_POLICY, "client does not read its messages");
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                outgoing.clear();
                close(CloseReason.CloseCodes.GOING_AWAY, "server shutting down");
                return;
            } catch (java.util.concurrent.ExecutionException | RuntimeException | Error e) {
                // Tyrus throws java.lang.Error for text it cannot encode: never drop a reply silently
                LOG.log(e instanceof Error ? System.Logger.Level.WARNING : System.Logger.Level.DEBUG,
                        "send failed on connection " + sessionId + "; closing it", e);
                outgoing.clear();
                close(CloseReason.CloseCodes.CLOSED_ABNORMALLY, "send failed");
                return;
            }
        }
    }

    // ------------------------------------------------------------------ lifecycle

    void close(CloseReason.CloseCode code, String reason) {
        try {
            if (sockJs && session.isOpen() && !closed.get()) {
                // SockJS clients learn why from this frame; the WebSocket close follows it
                session.getAsyncRemote().sendText(SockJs.close(3000, reason));
            }
            if (session.isOpen()) {
                session.close(new CloseReason(code, reason));
            }
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "close failed", e);
        }
        if (closed() && transport != null) {
            // Tyrus drops the TCP connection only after its close frame is written; behind the unsent
            // data of a client that stopped reading it never is, and the socket would stay open, unread,
            // holding its data and a client blocked in a write. Give the handshake its time, then cut.
            server.later(this::abortSocket, server.options().heartbeatTimeout());
        }
    }

    private void abortSocket() {
        if (socketClosed.get()) {
            return;
        }
        LOG.log(System.Logger.Level.DEBUG, "connection {0} did not finish its close handshake; closing the socket", sessionId);
        try {
            transport.close();
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "closing the socket failed", e);
        }
    }

    /** The endpoint saw the socket close. */
    void socketClosed() {
        socketClosed.set(true);
    }

    /**
     * The connection is over: stop every subscription so publications release their observers.
     * Returns whether this call ended it (false when it had ended before).
     */
    boolean closed() {
        if (!closed.compareAndSet(false, true)) {
            return false;
        }
        server.connectionClosed(this);
        for (String id : List.copyOf(subscriptions.keySet())) {
            DdpSubscription sub = subscriptions.remove(id);
            if (sub != null) {
                sub.stop();
            }
        }
        return true;
    }

    /** No method pending and nothing left to send (or the socket is gone). */
    boolean isIdle() {
        return closed.get() || !session.isOpen() || (outstandingMethods.get() == 0 && outgoing.isEmpty());
    }

    boolean isClosed() {
        return closed.get();
    }
}
