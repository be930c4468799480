package io.github.meteorjob.server.ddp;

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
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One DDP client connection: handshake, frame dispatch, heartbeat and close. Its methods, run in
 * order on the worker pool ({@link ConnectionMethods}), its subscriptions ({@link ConnectionSubscriptions}),
 * who is logged in ({@link ConnectionUser}) and its outbound queue ({@link Outbox}) are kept apart.
 */
final class DdpConnection {

    private static final System.Logger LOG = System.getLogger(DdpConnection.class.getName());
    static final List<String> SUPPORTED_VERSIONS = List.of("1");

    private final DdpServer server;
    private final Session session;
    private final SerialExecutor inbox;
    private final Outbox outbox;
    private final ConnectionSubscriptions subscriptions;
    private final ConnectionUser user;
    private final ConnectionMethods methods;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final long openedNanos = System.nanoTime();
    private final String remoteAddress;
    /** The socket under the session, to close it when the close handshake cannot finish; may be null. */
    private final java.io.Closeable transport;
    private final AtomicBoolean socketClosed = new AtomicBoolean();
    /** Speaks SockJS framing ({@link SockJs}) instead of bare DDP frames. */
    private final boolean sockJs;

    private volatile String sessionId;
    private volatile long lastReceivedNanos = System.nanoTime();
    private volatile long pingSentNanos;

    DdpConnection(DdpServer server, Session session, String remoteAddress, java.io.Closeable transport, boolean sockJs) {
        this.sockJs = sockJs;
        this.server = server;
        this.session = session;
        this.remoteAddress = remoteAddress;
        this.transport = transport;
        this.inbox = new SerialExecutor(server.workers());
        this.outbox = new Outbox(this, server, session, sockJs);
        this.subscriptions = new ConnectionSubscriptions(server, outbox);
        this.user = new ConnectionUser(server, remoteAddress, subscriptions);
        this.methods = new ConnectionMethods(this, server, inbox, outbox, user);
    }

    String sessionId() {
        return sessionId;
    }

    String userId() {
        return user.userId();
    }

    String remoteAddress() {
        return remoteAddress;
    }

    int subscriptionCount() {
        return subscriptions.count();
    }

    /** Meteor sends this on every new socket; clients ignore frames without {@code msg}. */
    void opened() {
        if (sockJs) {
            outbox.enqueue(SockJs.OPEN);
        }
        outbox.sendRaw("{\"server_id\":\"0\"}");
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
            outbox.afterQueued(() -> close(CloseReason.CloseCodes.PROTOCOL_ERROR, "unsupported DDP version"));
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
        methods.call(idJson.getString(), nameJson.getString(), (JsonArray) params);
    }

    private void receiveSub(JsonObject msg) {
        JsonValue params = msg.getOrDefault("params", JsonValue.EMPTY_JSON_ARRAY);
        if (!(msg.get("id") instanceof JsonString idJson) || !(msg.get("name") instanceof JsonString nameJson)
                || !(params instanceof JsonArray)) {
            sendError("Malformed subscription", msg);
            return;
        }
        inbox.execute(() -> {
            if (!closed.get()) {
                subscriptions.subscribe(idJson.getString(), nameJson.getString(), (JsonArray) params,
                        new MethodInvocation(sessionId, user.userId()));
            }
        });
    }

    private void receiveUnsub(JsonObject msg) {
        if (!(msg.get("id") instanceof JsonString idJson)) {
            sendError("Malformed subscription", msg);
            return;
        }
        inbox.execute(() -> subscriptions.unsubscribe(idJson.getString(), null));
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
        if (sockJs && now - outbox.lastSentNanos() > SockJs.HEARTBEAT_NANOS) {
            outbox.enqueue(SockJs.HEARTBEAT);
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
        outbox.send(msg);
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
        subscriptions.stopAll();
        return true;
    }

    /** No method pending and nothing left to send (or the socket is gone). */
    boolean isIdle() {
        return closed.get() || !session.isOpen() || (!methods.pending() && outbox.isEmpty());
    }

    boolean isClosed() {
        return closed.get();
    }
}
