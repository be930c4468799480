package io.github.meteorjob.ddp;

import io.github.meteorjob.DdpException;
import io.github.meteorjob.ejson.Ejson;
import io.github.meteorjob.ejson.jsonb.EjsonMapper;
import io.github.meteorjob.internal.Async;
import jakarta.json.JsonArray;
import jakarta.json.JsonValue;

import java.lang.reflect.Type;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;

/**
 * The {@link DdpClient} over the Jakarta WebSocket client API ({@code jakarta.websocket}); the
 * WebSocket container comes from {@link DdpClientOptions#container()}. This class only checks
 * arguments and hands each operation to the part that owns it:
 * <ul>
 *   <li>{@link Session}: connect, reconnect, close, the connection state (with {@link VersionNegotiation},
 *       {@link Login}, {@link Heartbeat});</li>
 *   <li>{@link Link} and {@link WebSocketConnector}: one WebSocket, its TLS and its send queue;</li>
 *   <li>{@link IncomingFrames}: parsing and routing what the server sends;</li>
 *   <li>{@link PendingCalls}: method calls until their result;</li>
 *   <li>{@link Subscriptions} and {@link CollectionCache}: subscriptions, document caches, resync.</li>
 * </ul>
 *
 * <h2>Threading</h2>
 * Incoming frames are handled by the container's reader thread of the connection, one at a time.
 * Result stages of calls complete <em>on that thread</em> (timeouts on the shared timer thread):
 * dependent actions attached with {@code thenApply}/{@code thenAccept} run there and must be quick;
 * use the {@code ...Async} variants for blocking work. Sending never takes a lock: frames go to a
 * lock-free queue drained by one sender at a time through the container's asynchronous remote.
 * Opening a connection (a blocking call in the WebSocket API) happens on a small shared daemon pool.
 */
final class DefaultDdpClient implements DdpClient {

    private final DdpClientOptions options;
    private final Session session;

    /** Creates a client; nothing is sent until {@link #connect()}. */
    DefaultDdpClient(DdpClientOptions options) {
        this.options = Objects.requireNonNull(options, "options");
        this.session = new Session(options);
    }

    @Override
    public CompletionStage<Void> connect() {
        return session.connect();
    }

    @Override
    public CompletionStage<JsonValue> call(String method, JsonArray params, CallOptions callOptions) {
        return session.calls.start(method, params, callOptions, false).result();
    }

    /**
     * Calls a method and exposes both its result and its {@code updated} notice.
     * Same semantics as {@link #call(String, JsonArray, CallOptions)}.
     */
    DdpCall invoke(String method, JsonArray params, CallOptions callOptions) {
        return session.calls.start(method, params, callOptions, true);
    }

    @Override
    public <T> CompletionStage<T> call(String method, JsonArray params, CallOptions callOptions, Type type) {
        Objects.requireNonNull(type, "type");
        return call(method, params, callOptions).thenApply(v -> EjsonMapper.fromJson(v, type));
    }

    @Override
    public JsonValue callAndWait(String method, JsonArray params, CallOptions callOptions)
            throws DdpException, InterruptedException {
        try {
            return call(method, params, callOptions).toCompletableFuture().get();
        } catch (ExecutionException e) {
            Throwable c = Failures.unwrap(e);
            if (c instanceof RuntimeException) {
                // the failure was made on the reader or timer thread: show this caller's stack too
                throw Async.rethrowOnCaller(c);
            }
            throw new DdpException(Ejson.provider().createValue("client-error"), Failures.describe(c), null, c);
        }
    }

    @Override
    public CompletionStage<LoginResult> loginWithPassword(UserIdentity user, String password) {
        return session.login.withPassword(user, password);
    }

    @Override
    public CompletionStage<LoginResult> loginWithToken(String token) {
        return session.login.withToken(token);
    }

    @Override
    public CompletionStage<Void> logout() {
        return session.login.logout();
    }

    @Override
    public LoginResult login() {
        return session.login.current();
    }

    @Override
    public Subscription subscribe(String name, JsonArray params) {
        return session.subscriptions.subscribe(name, params);
    }

    @Override
    public DocumentCache collection(String name) {
        return session.subscriptions.collection(name);
    }

    @Override
    public ConnectionState state() {
        return session.state();
    }

    @Override
    public AutoCloseable addConnectionListener(ConnectionListener listener) {
        return session.events.add(listener);
    }

    @Override
    public DdpStats stats() {
        return session.counters.snapshot();
    }

    @Override
    public CompletionStage<Duration> ping() {
        return session.ping();
    }

    @Override
    public void close() {
        session.close();
    }

    @Override
    public String toString() {
        return "DefaultDdpClient[" + options.url() + ", " + session.state() + "]";
    }
}
