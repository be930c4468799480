package io.github.meteorjob.ddp;

import jakarta.json.JsonArray;
import jakarta.json.JsonValue;

import java.lang.reflect.Type;
import java.time.Duration;
import java.util.concurrent.CompletionStage;

/** The {@link DdpClient} implementation over the Jakarta WebSocket client API. (Provisional body.) */
public final class DefaultDdpClient implements DdpClient {

    private final DdpClientOptions options;

    public DefaultDdpClient(DdpClientOptions options) {
        this.options = java.util.Objects.requireNonNull(options, "options");
    }

    /** The options this client was created with. */
    public DdpClientOptions options() {
        return options;
    }

    private static <T> T todo() {
        throw new UnsupportedOperationException("DefaultDdpClient is being implemented");
    }

    @Override public CompletionStage<Void> connect() { return todo(); }
    @Override public CompletionStage<JsonValue> call(String method, JsonArray params, CallOptions options) { return todo(); }
    @Override public <T> CompletionStage<T> call(String method, JsonArray params, CallOptions options, Type type) { return todo(); }
    @Override public JsonValue callAndWait(String method, JsonArray params, CallOptions options) { return todo(); }
    @Override public CompletionStage<LoginResult> loginWithPassword(UserIdentity user, String password) { return todo(); }
    @Override public CompletionStage<LoginResult> loginWithToken(String resumeToken) { return todo(); }
    @Override public CompletionStage<Void> logout() { return todo(); }
    @Override public LoginResult login() { return todo(); }
    @Override public Subscription subscribe(String name, JsonArray params) { return todo(); }
    @Override public DocumentCache collection(String name) { return todo(); }
    @Override public ConnectionState state() { return todo(); }
    @Override public AutoCloseable addConnectionListener(ConnectionListener listener) { return todo(); }
    @Override public DdpStats stats() { return todo(); }
    @Override public CompletionStage<Duration> ping() { return todo(); }
    @Override public void close() { }
}
