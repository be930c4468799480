package io.github.meteorjob.cdi.internal;

import io.github.meteorjob.cdi.DdpCallGuard;
import io.github.meteorjob.cdi.DdpCallRetry;
import io.github.meteorjob.internal.Async;
import io.github.meteorjob.ddp.CallOptions;
import io.github.meteorjob.ddp.ConnectionListener;
import io.github.meteorjob.ddp.ConnectionState;
import io.github.meteorjob.ddp.DdpClient;
import io.github.meteorjob.DdpException;
import io.github.meteorjob.ddp.DdpStats;
import io.github.meteorjob.ddp.DocumentCache;
import io.github.meteorjob.ddp.LoginResult;
import io.github.meteorjob.ddp.Subscription;
import io.github.meteorjob.ddp.UserIdentity;
import jakarta.json.JsonArray;
import jakarta.json.JsonValue;

import java.lang.reflect.Type;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;

/**
 * A {@link DdpClient} whose method calls go through the Fault Tolerance beans: idempotent calls
 * through {@link DdpCallRetry} (retry, then circuit breaker and timeout), all others through
 * {@link DdpCallGuard} only. Everything else is the underlying connection's. It also watches the
 * circuit: a call rejected because the circuit is open marks it open (logged once, reported by
 * the health check) and the next call that gets through marks it closed again.
 */
final class FaultTolerantDdpClient implements DdpClient {

    private static final System.Logger LOG = System.getLogger(FaultTolerantDdpClient.class.getName());

    private final DdpClient delegate;
    private final DdpCallGuard guard;
    private final DdpCallRetry retry;
    private final CircuitState circuit;
    /** The context class loader of the container thread that created this client (the application's). */
    private final ClassLoader applicationLoader;

    FaultTolerantDdpClient(DdpClient delegate, DdpCallGuard guard, DdpCallRetry retry, CircuitState circuit) {
        this.delegate = delegate;
        this.guard = guard;
        this.retry = retry;
        this.circuit = circuit;
        ClassLoader tccl = Thread.currentThread().getContextClassLoader();
        this.applicationLoader = tccl != null ? tccl : FaultTolerantDdpClient.class.getClassLoader();
    }

    DdpClient delegate() {
        return delegate;
    }

    private <T> CompletionStage<T> guarded(boolean idempotent, Supplier<CompletionStage<T>> call) {
        CompletionStage<T> stage;
        try {
            Thread thread = Thread.currentThread();
            ClassLoader before = thread.getContextClassLoader();
            // Fault Tolerance implementations resolve their executor and context propagation through the thread's
            // context class loader. Calls also start on threads the application does not own (the WebSocket
            // client's callbacks, the queue timer), whose loader may be null or another one: in Quarkus such an
            // @Asynchronous invocation was accepted and never ran, so its stage never completed. Every guarded
            // call therefore runs with the application's loader.
            boolean swap = before != applicationLoader;
            if (swap) {
                thread.setContextClassLoader(applicationLoader);
            }
            try {
                stage = idempotent ? retry.call(call) : guard.call(call);
            } finally {
                if (swap) {
                    thread.setContextClassLoader(before);
                }
            }
        } catch (RuntimeException e) {
            // synchronous rejection (some implementations throw CircuitBreakerOpenException directly)
            stage = CompletableFuture.failedFuture(e);
        }
        return stage.handle((value, error) -> {
            if (error == null) {
                circuit.success();
                return CompletableFuture.completedFuture(value);
            }
            Throwable cause = Async.unwrap(error);
            if (CircuitState.isCircuitOpen(cause)) {
                circuit.open(cause);
            } else if (cause instanceof DdpException && !(cause instanceof io.github.meteorjob.ddp.DdpConnectionLostException)
                    && !(cause instanceof io.github.meteorjob.ddp.DdpTimeoutException)) {
                circuit.success(); // the server answered, the link works
            }
            return CompletableFuture.<T>failedFuture(cause);
        }).thenCompose(s -> s);
    }

    @Override
    public CompletionStage<Void> connect() {
        return delegate.connect();
    }

    @Override
    public CompletionStage<JsonValue> call(String method, JsonArray params, CallOptions options) {
        CallOptions o = options == null ? CallOptions.DEFAULT : options;
        return guarded(o.idempotent(), () -> delegate.call(method, params, o));
    }

    @Override
    public <T> CompletionStage<T> call(String method, JsonArray params, CallOptions options, Type type) {
        CallOptions o = options == null ? CallOptions.DEFAULT : options;
        return guarded(o.idempotent(), () -> delegate.call(method, params, o, type));
    }

    @Override
    public JsonValue callAndWait(String method, JsonArray params, CallOptions options) throws DdpException, InterruptedException {
        try {
            return call(method, params, options).toCompletableFuture().get();
        } catch (ExecutionException e) {
            Throwable cause = Async.unwrap(e);
            if (cause instanceof Error err) {
                throw err;
            }
            // the failure was made on the reader or timer thread: show this caller's stack too
            throw Async.rethrowOnCaller(cause);
        }
    }

    @Override
    public CompletionStage<LoginResult> loginWithPassword(UserIdentity user, String password) {
        return delegate.loginWithPassword(user, password);
    }

    @Override
    public CompletionStage<LoginResult> loginWithToken(String resumeToken) {
        return delegate.loginWithToken(resumeToken);
    }

    @Override
    public CompletionStage<Void> logout() {
        return delegate.logout();
    }

    @Override
    public LoginResult login() {
        return delegate.login();
    }

    @Override
    public Subscription subscribe(String name, JsonArray params) {
        return delegate.subscribe(name, params);
    }

    @Override
    public DocumentCache collection(String name) {
        return delegate.collection(name);
    }

    @Override
    public ConnectionState state() {
        return delegate.state();
    }

    @Override
    public AutoCloseable addConnectionListener(ConnectionListener listener) {
        return delegate.addConnectionListener(listener);
    }

    @Override
    public DdpStats stats() {
        return delegate.stats();
    }

    @Override
    public CompletionStage<Duration> ping() {
        return delegate.ping();
    }

    /** The connection belongs to the CDI integration, which closes it at shutdown; users cannot. */
    @Override
    public void close() {
        LOG.log(System.Logger.Level.DEBUG, "close() on the injected DdpClient ignored; the container closes it at shutdown");
    }
}
