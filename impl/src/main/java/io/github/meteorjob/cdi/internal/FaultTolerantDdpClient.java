package io.github.meteorjob.cdi.internal;

import io.github.meteorjob.cdi.DdpCallGuard;
import io.github.meteorjob.cdi.DdpCallRetry;
import io.github.meteorjob.internal.Async;
import io.github.meteorjob.ddp.CallOptions;
import io.github.meteorjob.ddp.DdpClient;
import io.github.meteorjob.DdpException;
import jakarta.json.JsonArray;
import jakarta.json.JsonValue;

import java.lang.reflect.Type;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * A {@link DdpClient} whose method calls go through the Fault Tolerance beans: idempotent calls
 * through {@link DdpCallRetry} (retry, then circuit breaker and timeout), all others through
 * {@link DdpCallGuard} only. Everything else is the underlying connection's ({@link ForwardingDdpClient}).
 * It also watches the circuit: a call rejected because the circuit is open marks it open (logged once,
 * reported by the health check) and the next call that gets through marks it closed again.
 *
 * <p>While the link is healthy (the last {@value #HEALTHY_STREAK} guarded calls succeeded and the circuit is
 * closed) a call is sent directly, with the guard's time limit, instead of through the beans: each guarded call
 * costs two hops to the Fault Tolerance executor (one for {@code DdpCallRetry}), which made the CDI worker much
 * slower than the plain client. Nothing the beans decide changes: a successful direct call would only add one more
 * success to a circuit window that holds nothing but successes; the first link failure of a direct call is handed
 * to the beans as the outcome of their first attempt (so the circuit counts it and an idempotent call is retried
 * with the same limits as before), and the calls after it go through the beans again until the streak is back.
 * Configuration that changes the guard's time limit or widens the circuit's window past the streak turns the
 * direct path off.
 */
final class FaultTolerantDdpClient extends ForwardingDdpClient {

    private static final System.Logger LOG = System.getLogger(FaultTolerantDdpClient.class.getName());
    /** Guarded successes in a row after which calls go direct; at least the circuit's window (8 by default). */
    static final int HEALTHY_STREAK = 16;
    /** {@link DdpCallGuard}'s {@code @Timeout}, applied to direct calls that name no time limit of their own. */
    static final Duration GUARD_TIMEOUT = Duration.ofSeconds(30);
    private static final String GUARD = DdpCallGuard.class.getName() + "/call/";

    private final DdpClient delegate;
    private final DdpCallGuard guard;
    private final DdpCallRetry retry;
    private final CircuitState circuit;
    /** The context class loader of the container thread that created this client (the application's). */
    private final ClassLoader applicationLoader;
    /** Whether calls may skip the beans while the link is healthy (see the class comment). */
    private final boolean direct;
    /** Guarded calls that succeeded in a row; reset by a link failure. */
    private final AtomicInteger streak = new AtomicInteger();

    FaultTolerantDdpClient(DdpClient delegate, DdpCallGuard guard, DdpCallRetry retry, CircuitState circuit) {
        this(delegate, guard, retry, circuit, ConfigReader.current());
    }

    FaultTolerantDdpClient(DdpClient delegate, DdpCallGuard guard, DdpCallRetry retry, CircuitState circuit,
                           ConfigReader config) {
        this.delegate = delegate;
        this.guard = guard;
        this.retry = retry;
        this.circuit = circuit;
        ClassLoader tccl = Thread.currentThread().getContextClassLoader();
        this.applicationLoader = tccl != null ? tccl : FaultTolerantDdpClient.class.getClassLoader();
        this.direct = directAllowed(config);
    }

    /**
     * The direct path keeps the beans' decisions only while the guard's time limit is the annotation's and the
     * circuit's window is no wider than {@link #HEALTHY_STREAK}; MicroProfile Fault Tolerance reads overrides at
     * method, class and global level, and Quarkus also under its own {@code quarkus.fault-tolerance.} keys, whose
     * guard and global entries are taken as overrides too.
     */
    static boolean directAllowed(ConfigReader config) {
        String cls = DdpCallGuard.class.getName() + "/";
        for (String level : new String[] {GUARD, cls, ""}) {
            if (config.get(level + "Timeout/value").isPresent() || config.get(level + "Timeout/unit").isPresent()
                    || config.get(level + "Timeout/enabled").isPresent()) {
                return false;
            }
            if (config.getInt(level + "CircuitBreaker/requestVolumeThreshold").orElse(0) > HEALTHY_STREAK) {
                return false;
            }
        }
        for (String name : config.propertyNames()) {
            if (name.startsWith("quarkus.fault-tolerance.") && (name.contains(DdpCallGuard.class.getName())
                    || name.startsWith("quarkus.fault-tolerance.global.") || name.startsWith("quarkus.fault-tolerance.enabled"))) {
                return false;
            }
        }
        return !"false".equalsIgnoreCase(config.get("MP_Fault_Tolerance_NonFallback_Enabled", "true"));
    }

    private static boolean linkFailure(Throwable cause) {
        return cause instanceof io.github.meteorjob.ddp.DdpConnectionLostException
                || cause instanceof io.github.meteorjob.ddp.DdpTimeoutException;
    }

    /** Sends the call itself while the link is healthy; see the class comment. */
    private <T> CompletionStage<T> call(CallOptions o, java.util.function.Function<CallOptions, CompletionStage<T>> send) {
        if (!direct || streak.get() < HEALTHY_STREAK || circuit.isOpen()) {
            return guarded(o.idempotent(), () -> send.apply(o));
        }
        // the guard's limit (a longer one of the call's own would have been cut by it too)
        CallOptions limited = o.timeout() == null || o.timeout().compareTo(GUARD_TIMEOUT) > 0
                ? o.withTimeout(GUARD_TIMEOUT) : o;
        CompletionStage<T> sent;
        try {
            sent = send.apply(limited);
        } catch (RuntimeException e) {
            sent = CompletableFuture.failedFuture(e);
        }
        CompletionStage<T> first = sent;
        return first.handle((value, error) -> {
            if (error == null || !linkFailure(Async.unwrap(error))) {
                return first;
            }
            streak.set(0);
            // the beans get this failure as the outcome of their first attempt: counted by the circuit, and an
            // idempotent call retried as if it had gone through them from the start
            AtomicBoolean replayed = new AtomicBoolean();
            return guarded(o.idempotent(), () -> replayed.compareAndSet(false, true) ? first : send.apply(o));
        }).thenCompose(s -> s);
    }

    @Override
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
                streak.incrementAndGet();
                return CompletableFuture.completedFuture(value);
            }
            Throwable cause = Async.unwrap(error);
            if (linkFailure(cause)) {
                streak.set(0);
            }
            if (CircuitState.isCircuitOpen(cause)) {
                streak.set(0);
                circuit.open(cause);
            } else if (cause instanceof DdpException && !(cause instanceof io.github.meteorjob.ddp.DdpConnectionLostException)
                    && !(cause instanceof io.github.meteorjob.ddp.DdpTimeoutException)) {
                circuit.success(); // the server answered, the link works
            }
            return CompletableFuture.<T>failedFuture(cause);
        }).thenCompose(s -> s);
    }

    @Override
    public CompletionStage<JsonValue> call(String method, JsonArray params, CallOptions options) {
        CallOptions o = options == null ? CallOptions.DEFAULT : options;
        return call(o, x -> delegate.call(method, params, x));
    }

    @Override
    public <T> CompletionStage<T> call(String method, JsonArray params, CallOptions options, Type type) {
        CallOptions o = options == null ? CallOptions.DEFAULT : options;
        return call(o, x -> delegate.call(method, params, x, type));
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

    /** The connection belongs to the CDI integration, which closes it at shutdown; users cannot. */
    @Override
    public void close() {
        LOG.log(System.Logger.Level.DEBUG, "close() on the injected DdpClient ignored; the container closes it at shutdown");
    }
}
