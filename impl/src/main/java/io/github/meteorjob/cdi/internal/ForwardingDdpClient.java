package io.github.meteorjob.cdi.internal;

import io.github.meteorjob.DdpException;
import io.github.meteorjob.ddp.CallOptions;
import io.github.meteorjob.ddp.ConnectionListener;
import io.github.meteorjob.ddp.ConnectionState;
import io.github.meteorjob.ddp.DdpClient;
import io.github.meteorjob.ddp.DdpStats;
import io.github.meteorjob.ddp.DocumentCache;
import io.github.meteorjob.ddp.LoginResult;
import io.github.meteorjob.ddp.Subscription;
import io.github.meteorjob.ddp.UserIdentity;
import jakarta.json.JsonArray;
import jakarta.json.JsonValue;

import java.lang.reflect.Type;
import java.time.Duration;
import java.util.concurrent.CompletionStage;

/**
 * A {@link DdpClient} that hands every operation to {@link #delegate()}; a subclass overrides only the operations
 * it changes, so that a wrapper reads as what it adds.
 */
abstract class ForwardingDdpClient implements DdpClient {

    /** The client that every operation not overridden goes to. */
    abstract DdpClient delegate();

    @Override
    public CompletionStage<Void> connect() {
        return delegate().connect();
    }

    @Override
    public CompletionStage<JsonValue> call(String method, JsonArray params, CallOptions options) {
        return delegate().call(method, params, options);
    }

    @Override
    public <T> CompletionStage<T> call(String method, JsonArray params, CallOptions options, Type type) {
        return delegate().call(method, params, options, type);
    }

    @Override
    public JsonValue callAndWait(String method, JsonArray params, CallOptions options)
            throws DdpException, InterruptedException {
        return delegate().callAndWait(method, params, options);
    }

    @Override
    public CompletionStage<LoginResult> loginWithPassword(UserIdentity user, String password) {
        return delegate().loginWithPassword(user, password);
    }

    @Override
    public CompletionStage<LoginResult> loginWithToken(String resumeToken) {
        return delegate().loginWithToken(resumeToken);
    }

    @Override
    public CompletionStage<Void> logout() {
        return delegate().logout();
    }

    @Override
    public LoginResult login() {
        return delegate().login();
    }

    @Override
    public Subscription subscribe(String name, JsonArray params) {
        return delegate().subscribe(name, params);
    }

    @Override
    public DocumentCache collection(String name) {
        return delegate().collection(name);
    }

    @Override
    public ConnectionState state() {
        return delegate().state();
    }

    @Override
    public AutoCloseable addConnectionListener(ConnectionListener listener) {
        return delegate().addConnectionListener(listener);
    }

    @Override
    public DdpStats stats() {
        return delegate().stats();
    }

    @Override
    public CompletionStage<Duration> ping() {
        return delegate().ping();
    }

    @Override
    public void close() {
        delegate().close();
    }
}
