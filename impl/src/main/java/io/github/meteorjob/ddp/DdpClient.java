package io.github.meteorjob.ddp;

import io.github.meteorjob.DdpException;
import jakarta.json.JsonArray;
import jakarta.json.JsonValue;

import java.lang.reflect.Type;
import java.time.Duration;
import java.util.concurrent.CompletionStage;

/**
 * A DDP connection to one server: method calls, login, subscriptions with a local
 * document cache, heartbeats and automatic reconnection.
 *
 * <p>Every operation is asynchronous and returns a {@link CompletionStage}; no caller
 * thread is blocked while waiting for the network. {@link #callAndWait} is a blocking
 * convenience on top. Instances are thread safe.
 *
 * <p>Stages complete on the connection's reader thread (timeouts on a shared timer thread):
 * attach blocking work with the {@code ...Async} variants of {@link CompletionStage}, never with
 * {@code thenApply}/{@code thenAccept}, or the connection stalls.
 *
 * <p>Values inside parameters and results are the EJSON wire form as JSON-P values
 * (for example a date is {@code {"$date": millis}}); see {@code io.github.meteorjob.ejson.Ejson}.
 */
public interface DdpClient extends AutoCloseable {

    /** Creates a client; nothing is sent until {@link #connect()}. */
    static DdpClient create(DdpClientOptions options) {
        return new DefaultDdpClient(options);
    }

    /**
     * Opens the connection (and logs in when the options carry credentials).
     * Completes when the session is established; fails with {@link DdpException} when
     * the server refuses the protocol version or the login, or with an I/O error.
     * Reconnection after a later drop is automatic.
     */
    CompletionStage<Void> connect();

    /** Calls a method with default {@link CallOptions}. */
    default CompletionStage<JsonValue> call(String method, JsonArray params) {
        return call(method, params, CallOptions.DEFAULT);
    }

    /**
     * Calls a method. The stage completes with the result ({@code JsonValue.NULL} when the
     * server sent none), or exceptionally with {@link DdpException} (the server's error),
     * {@link DdpTimeoutException} (no result within the call's timeout) or
     * {@link DdpConnectionLostException} (the link dropped before the result and the call
     * is not {@link CallOptions#idempotent() idempotent}, or the client was closed).
     * Idempotent calls in flight when the link drops are sent again after reconnecting.
     */
    CompletionStage<JsonValue> call(String method, JsonArray params, CallOptions options);

    /** Calls a method and maps its EJSON-decoded result to {@code type} with JSON-B. */
    <T> CompletionStage<T> call(String method, JsonArray params, CallOptions options, Type type);

    /** Blocking convenience over {@link #call(String, JsonArray, CallOptions)}; rethrows the stage's failure cause. */
    JsonValue callAndWait(String method, JsonArray params, CallOptions options) throws DdpException, InterruptedException;

    /** Logs in with a password (SHA-256 digest protocol); the resume token is kept for reconnects. */
    CompletionStage<LoginResult> loginWithPassword(UserIdentity user, String password);

    /** Logs in with a resume token. */
    CompletionStage<LoginResult> loginWithToken(String resumeToken);

    /** Logs out and forgets the resume token. */
    CompletionStage<Void> logout();

    /** The current login, or {@code null} when not logged in. */
    LoginResult login();

    /**
     * Subscribes to a publication. The subscription is re-sent after every reconnect
     * until {@link Subscription#stop()}.
     */
    Subscription subscribe(String name, JsonArray params);

    /** The local cache of one collection, fed by the subscriptions' {@code added/changed/removed}. */
    DocumentCache collection(String name);

    /** The connection's current state. */
    ConnectionState state();

    /** Registers a listener for connection state changes; returns a handle that removes it. */
    AutoCloseable addConnectionListener(ConnectionListener listener);

    /** Counters of what this connection has seen (calls, bad frames, reconnects...). */
    DdpStats stats();

    /** Server round trip measured with a ping. */
    CompletionStage<Duration> ping();

    /** Closes the connection for good; outstanding calls fail with {@link DdpConnectionLostException}. */
    @Override
    void close();
}
