package io.github.meteorjob.server.ddp;

import io.github.meteorjob.DdpException;
import jakarta.json.JsonArray;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static io.github.meteorjob.server.ddp.JsonSupport.JSON;

/**
 * The method calls of one {@link DdpConnection}: run one after another on its method thread, each
 * answered with {@code result} then {@code updated}, at most {@code maxOutstandingMethods} pending.
 */
final class ConnectionMethods {

    private static final System.Logger LOG = System.getLogger(DdpConnection.class.getName());

    private final DdpConnection connection;
    private final DdpServer server;
    private final SerialExecutor inbox;
    private final Outbox outbox;
    private final ConnectionUser user;
    private final AtomicInteger outstanding = new AtomicInteger();
    private final AtomicBoolean limitWarned = new AtomicBoolean();

    ConnectionMethods(DdpConnection connection, DdpServer server, SerialExecutor inbox, Outbox outbox, ConnectionUser user) {
        this.connection = connection;
        this.server = server;
        this.inbox = inbox;
        this.outbox = outbox;
        this.user = user;
    }

    /** Whether a call is queued or running. */
    boolean pending() {
        return outstanding.get() != 0;
    }

    /** Queues a well-formed call, or refuses it with 429 when the connection has too many pending. */
    void call(String id, String name, JsonArray params) {
        int limit = server.options().maxOutstandingMethods();
        if (outstanding.incrementAndGet() > limit) {
            outstanding.decrementAndGet();
            // warn once per connection: a flooding client must not flood the log too
            LOG.log(limitWarned.compareAndSet(false, true) ? System.Logger.Level.WARNING : System.Logger.Level.DEBUG,
                    "connection {0} exceeds {1} outstanding methods; refusing calls with 429", connection.sessionId(), limit);
            sendResult(id, null, new DdpException(429, "Too many outstanding methods (limit " + limit + ")"));
            return;
        }
        inbox.execute(() -> {
            try {
                run(id, name, params);
            } finally {
                outstanding.decrementAndGet();
            }
        });
    }

    private void run(String id, String name, JsonArray params) {
        if (connection.isClosed()) {
            return;
        }
        JsonValue result = null;
        DdpException error = null;
        String caller = user.userId();
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
        outbox.sendRaw("{\"msg\":\"updated\",\"methods\":[" + JSON.createValue(id) + "]}");
        if (server.observed()) {
            // after the answer is queued: metrics and the audit log do not delay it
            server.methodCalled(new DdpObserver.MethodCall(name, server.knownMethod(name), connection.sessionId(), caller,
                    connection.remoteAddress(), params, nanos, error));
        }
    }

    private JsonValue invoke(String name, JsonArray params) {
        String sessionId = connection.sessionId();
        if ("login".equals(name)) {
            return user.login(sessionId, params);
        }
        if ("logout".equals(name)) {
            user.logout(sessionId);
            return null;
        }
        String userId = user.userId();
        DdpServer.Registered<MethodHandler> method = server.findMethod(name);
        if (method == null) {
            throw DdpErrors.methodNotFound(name);
        }
        if (!server.access().permits(userId, method.levels())) {
            throw DdpErrors.methodNotAuthorized(name, method.levels(), server.access().describe(userId));
        }
        return method.handler().handle(new MethodInvocation(sessionId, userId), params);
    }

    private void sendResult(String id, JsonValue result, DdpException error) {
        JsonObjectBuilder b = JSON.createObjectBuilder().add("msg", "result").add("id", id);
        if (error != null) {
            b.add("error", DdpErrors.toJson(error));
        } else {
            // a null result is sent as "result": null, as Meteor does for a method returning null
            b.add("result", result == null ? JsonValue.NULL : result);
        }
        outbox.send(b.build());
    }
}
