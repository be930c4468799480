package io.github.meteorjob.ddp;

import io.github.meteorjob.DdpException;
import io.github.meteorjob.ejson.Ejson;
import jakarta.json.spi.JsonProvider;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;
import jakarta.websocket.WebSocketContainer;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.lang.reflect.Type;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The {@link DdpClient} implementation over the Jakarta WebSocket client API
 * ({@code jakarta.websocket}); the WebSocket container comes from
 * {@link DdpClientOptions#container()}.
 *
 * <h2>Threading</h2>
 * Incoming frames are handled by the container's reader thread of the connection, one at a time.
 * Result stages of calls complete <em>on that thread</em> (timeouts on the shared timer thread):
 * dependent actions attached with {@code thenApply}/{@code thenAccept} run there and must be quick;
 * use the {@code ...Async} variants for blocking work. Sending never takes a lock: frames go to a
 * lock-free queue drained by one sender at a time through the container's asynchronous remote.
 * Opening a connection (a blocking call in the WebSocket API) happens on a small shared daemon pool.
 */
public final class DefaultDdpClient implements DdpClient {

    /** Looked up once: the static {@code jakarta.json.Json} methods search the provider on every call. */
    private static final JsonProvider JSON = JsonProvider.provider();

    private static final System.Logger LOG = System.getLogger(DefaultDdpClient.class.getName());
    /** DDP versions this client speaks, preferred first. */
    static final List<String> SUPPORTED_VERSIONS = List.of("1", "pre2", "pre1");

    private static final String TYRUS_CLIENT_MANAGER = "org.glassfish.tyrus.client.ClientManager";

    private final DdpClientOptions options;
    private final int bufferLimit;
    private final AtomicLong callIds = new AtomicLong();
    private final AtomicLong subIds = new AtomicLong();
    private final AtomicLong pingIds = new AtomicLong();
    private final AtomicInteger generations = new AtomicInteger();
    private final ConcurrentHashMap<String, Call> calls = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Call> awaitingUpdated = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, SubscriptionImpl> subs = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Cache> caches = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, PingWait> pings = new ConcurrentHashMap<>();
    private final CopyOnWriteArrayList<ConnectionListener> listeners = new CopyOnWriteArrayList<>();
    private final Set<String> resyncSubs = ConcurrentHashMap.newKeySet();
    private final Counters counters = new Counters();
    private final AtomicBoolean sweeping = new AtomicBoolean();
    private static final long SWEEP_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    private final Object lifecycle = new Object();
    private volatile ConnectionState state = ConnectionState.DISCONNECTED;
    private volatile Link link;
    private volatile LoginResult login;
    private volatile String resumeToken;
    private volatile boolean useConfiguredCredentials = true;
    private volatile String version = SUPPORTED_VERSIONS.get(0);
    private CompletableFuture<Void> connectFuture;
    private int attempts;
    /** System.nanoTime() of the drop that started the current outage; set on its first reconnect attempt. */
    private long outageStart;
    private int versionRetries;
    private ScheduledFuture<?> reconnectTask;
    private WebSocketContainer container;
    private ClientEndpointConfig endpointConfig;

    /** Creates a client; nothing is sent until {@link #connect()}. */
    public DefaultDdpClient(DdpClientOptions options) {
        this.options = Objects.requireNonNull(options, "options");
        this.bufferLimit = (int) Math.min(Integer.MAX_VALUE - 1024L, options.maxFrameSize() * 4L);
    }

    /** The options this client was created with. */
    public DdpClientOptions options() {
        return options;
    }

    // =================================================================== connection lifecycle

    @Override
    public CompletionStage<Void> connect() {
        synchronized (lifecycle) {
            switch (state) {
                case CLOSED:
                    return CompletableFuture.failedFuture(new IllegalStateException("the DDP client is closed"));
                case CONNECTED:
                    return CompletableFuture.completedFuture(null);
                case CONNECTING:
                    return connectFuture.minimalCompletionStage();
                case RECONNECTING:
                    // the first connect() completed long ago: wait for the next successful reconnect
                    if (connectFuture == null || connectFuture.isDone()) {
                        connectFuture = new CompletableFuture<>();
                    }
                    return connectFuture.minimalCompletionStage();
                default:
                    break;
            }
            connectFuture = new CompletableFuture<>();
            attempts = 0;
            versionRetries = 0;
            CompletableFuture<Void> f = connectFuture;
            changeState(ConnectionState.CONNECTING, null);
            startAttempt();
            return f.minimalCompletionStage();
        }
    }

    /** Starts one connection attempt; called with the lifecycle lock held. */
    private void startAttempt() {
        Link l = new Link(generations.incrementAndGet());
        link = l;
        ScheduledFuture<?> timer = DdpRuntime.TIMER.schedule(() -> l.handshake.completeExceptionally(
                        new DdpException(JSON.createValue("connect-timeout"), "No DDP session with " + options.url()
                                + " within " + options.connectTimeout(), null)),
                options.connectTimeout().toNanos(), TimeUnit.NANOSECONDS);
        l.handshake.whenComplete((session, e) -> {
            timer.cancel(false);
            if (e != null) {
                l.kill(e);
                attemptFailed(l, e);
            } else {
                afterHandshake(l);
            }
        });
        DdpRuntime.CONNECTOR.execute(() -> open(l));
    }

    private void open(Link l) {
        try {
            WebSocketContainer c = container();
            Session s = c.connectToServer(l, endpointConfig, options.url());
            if (l.handshake.isDone() && l.handshake.isCompletedExceptionally()) {
                closeQuietly(s, CloseReason.CloseCodes.GOING_AWAY, "attempt abandoned");
            }
        } catch (Exception | LinkageError e) {
            l.handshake.completeExceptionally(new DdpException(JSON.createValue("connect-failed"),
                    "Cannot open a WebSocket to " + options.url() + ": " + describe(e), null, e));
        }
    }

    private WebSocketContainer container() {
        synchronized (lifecycle) {
            if (container != null) {
                return container;
            }
            WebSocketContainer c = options.container().get();
            if (c == null) {
                throw new IllegalStateException("the WebSocket container supplier returned null; add a "
                        + "jakarta.websocket client implementation (e.g. Tyrus, see meteor-job-se)");
            }
            c.setDefaultMaxTextMessageBufferSize(bufferLimit);
            tuneTyrus(c);
            ClientEndpointConfig.Builder b = ClientEndpointConfig.Builder.create();
            if (options.secure()) {
                b.sslContext(options.sslContext() != null ? options.sslContext() : defaultSslContext());
            }
            endpointConfig = b.build();
            container = c;
            return c;
        }
    }

    private static SSLContext defaultSslContext() {
        try {
            return SSLContext.getDefault();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("no default TLS context: " + e, e);
        }
    }

    /**
     * Tyrus keeps some limits and TLS switches in container properties rather than in the standard
     * API: the incoming frame buffer (otherwise ~4 MB), the handshake timeout, and the only way to
     * switch host name verification off.
     */
    @SuppressWarnings("unchecked")
    private void tuneTyrus(WebSocketContainer c) {
        if (!c.getClass().getName().equals(TYRUS_CLIENT_MANAGER)) {
            if (options.secure() && !options.hostnameVerification()) {
                LOG.log(Level.WARNING, "hostnameVerification=false is only supported with Tyrus; container {0} "
                        + "applies its own host name policy", c.getClass().getName());
            }
            return;
        }
        try {
            Map<String, Object> props = (Map<String, Object>) c.getClass().getMethod("getProperties").invoke(c);
            props.put("org.glassfish.tyrus.incomingBufferSize", bufferLimit);
            props.put("org.glassfish.tyrus.client.ClientManager.ContainerTimeout", options.connectTimeout().toMillis());
            if (options.secure() && !options.hostnameVerification()) {
                Class<?> k = Class.forName("org.glassfish.tyrus.client.SslEngineConfigurator", true,
                        c.getClass().getClassLoader());
                SSLContext ctx = options.sslContext() != null ? options.sslContext() : defaultSslContext();
                Object conf = k.getConstructor(SSLContext.class, boolean.class, boolean.class, boolean.class)
                        .newInstance(ctx, true, false, false);
                k.getMethod("setHostVerificationEnabled", boolean.class).invoke(conf, false);
                props.put("org.glassfish.tyrus.client.sslEngineConfigurator", conf);
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.log(Level.WARNING, "cannot tune the Tyrus client container: {0}", e.toString());
        }
    }

    private void afterHandshake(Link l) {
        if (l != link || state == ConnectionState.CLOSED || l.dead.get()) {
            l.kill(new IOException("stale connection attempt"));
            return;
        }
        startHeartbeat(l);
        loginOnConnect(l).whenComplete((r, e) -> {
            if (e != null) {
                Throwable cause = unwrap(e);
                if (cause instanceof DdpConnectionLostException) {
                    return; // the link died during login: linkClosed handles it
                }
                if (state == ConnectionState.CONNECTING) {
                    l.kill(cause);
                    attemptFailed(l, cause);
                    return;
                }
                LOG.log(Level.WARNING, "re-login after reconnect was refused ({0}); continuing logged out",
                        cause.getMessage());
                login = null;
                resumeToken = null;
                fire(ConnectionListener::loggedOut);
            }
            goReady(l);
        });
    }

    private CompletionStage<LoginResult> loginOnConnect(Link l) {
        String token = resumeToken;
        DdpCredentials cr = useConfiguredCredentials ? options.credentials() : null;
        if (token != null) {
            CompletionStage<LoginResult> byToken = internalLogin(l, resumeParams(token));
            if (cr != null && cr.user() != null) {
                return byToken.handle((r, e) -> {
                    if (e == null) {
                        return CompletableFuture.completedFuture(r);
                    }
                    if (unwrap(e) instanceof DdpConnectionLostException) {
                        return CompletableFuture.<LoginResult>failedFuture(unwrap(e));
                    }
                    return internalLogin(l, passwordParams(cr.user(), cr.password()));
                }).thenCompose(s -> s);
            }
            return byToken;
        }
        if (cr != null) {
            return internalLogin(l, cr.user() != null ? passwordParams(cr.user(), cr.password())
                    : resumeParams(cr.resumeToken()));
        }
        return CompletableFuture.completedFuture(null);
    }

    private CompletionStage<LoginResult> internalLogin(Link l, JsonArray params) {
        String id = Long.toString(callIds.incrementAndGet());
        Call c = new Call(id, "login", DdpFrames.method(id, "login", params), false, true, options.callTimeout());
        register(c);
        if (c.markSent(l.gen)) {
            l.send(c.frame);
            counters.callsSent.increment();
        }
        return c.future.thenApply(this::loggedIn);
    }

    private void goReady(Link l) {
        boolean reconnected;
        synchronized (lifecycle) {
            if (l != link || state == ConnectionState.CLOSED || l.dead.get()) {
                return;
            }
            l.appReady = true;
            reconnected = state == ConnectionState.RECONNECTING;
            attempts = 0;
            versionRetries = 0;
        }
        // subscriptions first (sorted for a stable order), then the calls in the order they were made
        List<SubscriptionImpl> pendingSubs = new ArrayList<>(subs.values());
        pendingSubs.sort(Comparator.comparingLong(s -> s.seq));
        if (reconnected) {
            startResync(pendingSubs);
        }
        for (SubscriptionImpl s : pendingSubs) {
            trySendSub(l, s);
        }
        flushCalls(l);
        if (reconnected) {
            counters.reconnects.increment();
        }
        CompletableFuture<Void> f;
        synchronized (lifecycle) {
            if (l != link || state == ConnectionState.CLOSED) {
                return;
            }
            changeState(ConnectionState.CONNECTED, null);
            f = connectFuture;
        }
        if (f != null) {
            f.complete(null);
        }
    }

    private void flushCalls(Link l) {
        List<Call> pending = new ArrayList<>(calls.values());
        pending.sort(Comparator.comparingLong(c -> c.seq));
        for (Call c : pending) {
            if (!c.internal) {
                trySend(l, c);
            }
        }
    }

    /** A connection attempt failed before the session was ready. */
    private void attemptFailed(Link l, Throwable cause) {
        CompletableFuture<Void> failConnect = null;
        synchronized (lifecycle) {
            if (l != link || state == ConnectionState.CLOSED) {
                return;
            }
            if (cause instanceof VersionRetry && versionRetries++ < SUPPORTED_VERSIONS.size()) {
                LOG.log(Level.DEBUG, "server proposed DDP version {0}; reconnecting with it", version);
                startAttempt();
                return;
            }
            if (state == ConnectionState.CONNECTING) {
                link = null;
                changeState(ConnectionState.DISCONNECTED, cause);
                failConnect = connectFuture;
            } else {
                LOG.log(Level.DEBUG, "reconnection attempt {0} to {1} failed: {2}", attempts, options.url(),
                        cause.toString());
                scheduleReconnect(cause);
            }
        }
        if (failConnect != null) {
            failConnect.completeExceptionally(cause instanceof VersionRetry ? ((VersionRetry) cause).failure : cause);
        }
    }

    /** Called with the lifecycle lock held. */
    private void scheduleReconnect(Throwable cause) {
        ReconnectPolicy policy = options.reconnect();
        attempts++;
        if (attempts > policy.maxAttempts()) {
            LOG.log(Level.WARNING, "giving up reconnecting to {0} after {1} attempts", options.url(),
                    policy.maxAttempts());
            closeInternal(new DdpConnectionLostException("(none)", null,
                    "gave up reconnecting after " + policy.maxAttempts() + " attempts", cause));
            return;
        }
        if (attempts == 1) {
            outageStart = System.nanoTime();
        }
        Duration d = policy.delay(attempts, Duration.ofNanos(System.nanoTime() - outageStart),
                ThreadLocalRandom.current().nextDouble());
        link = null;
        changeState(ConnectionState.RECONNECTING, cause);
        reconnectTask = DdpRuntime.TIMER.schedule(() -> {
            synchronized (lifecycle) {
                if (state == ConnectionState.RECONNECTING && link == null) {
                    startAttempt();
                }
            }
        }, d.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** The link is gone (closed by either side, failed, or declared dead by the heartbeat). */
    private void linkClosed(Link l, Throwable cause) {
        if (!l.kill(cause)) {
            return;
        }
        if (!l.handshake.isDone()) {
            l.handshake.completeExceptionally(cause);
            return; // attemptFailed takes over
        }
        // calls in flight on this link: idempotent ones are sent again later, the others fail
        for (Call c : calls.values()) {
            if (c.sentGen == l.gen && (c.internal || !c.idempotent) && calls.remove(c.id, c)) {
                c.future.completeExceptionally(new DdpConnectionLostException(c.method, c.id, describe(cause), cause));
            }
        }
        for (Map.Entry<String, Call> e : awaitingUpdated.entrySet()) {
            if (!calls.containsKey(e.getKey()) && awaitingUpdated.remove(e.getKey(), e.getValue())) {
                e.getValue().updated.complete(null);
            }
        }
        for (Map.Entry<String, PingWait> e : pings.entrySet()) {
            if (pings.remove(e.getKey(), e.getValue())) {
                e.getValue().future.completeExceptionally(
                        new DdpConnectionLostException("ping", e.getKey(), describe(cause), cause));
            }
        }
        synchronized (lifecycle) {
            if (l != link || state == ConnectionState.CLOSED) {
                return;
            }
            if (!l.appReady) {
                // dropped during login: same as a failed attempt
                attemptFailed(l, cause);
                return;
            }
            LOG.log(Level.INFO, "DDP connection to {0} lost ({1}); reconnecting", options.url(), describe(cause));
            if (options.reconnect().maxAttempts() == 0) {
                closeInternal(new DdpConnectionLostException("(none)", null, "reconnection disabled", cause));
                return;
            }
            scheduleReconnect(cause);
        }
    }

    @Override
    public void close() {
        synchronized (lifecycle) {
            if (state == ConnectionState.CLOSED) {
                return;
            }
            closeInternal(null);
        }
    }

    /** Called with the lifecycle lock held. */
    private void closeInternal(Throwable cause) {
        if (reconnectTask != null) {
            reconnectTask.cancel(false);
        }
        Link l = link;
        link = null;
        changeState(ConnectionState.CLOSED, cause);
        String why = cause == null ? "the client was closed" : describe(cause);
        if (l != null) {
            l.kill(new IOException("client closed"));
            if (!l.handshake.isDone()) {
                l.handshake.completeExceptionally(new IOException("client closed"));
            }
        }
        for (Call c : calls.values()) {
            if (calls.remove(c.id, c)) {
                c.future.completeExceptionally(new DdpConnectionLostException(c.method,
                        c.sentGen == 0 ? null : c.id, why, cause));
            }
        }
        for (Call c : awaitingUpdated.values()) {
            c.updated.complete(null);
        }
        awaitingUpdated.clear();
        for (PingWait p : pings.values()) {
            p.future.completeExceptionally(new DdpConnectionLostException("ping", null, why, cause));
        }
        pings.clear();
        for (SubscriptionImpl s : subs.values()) {
            s.ready.completeExceptionally(new DdpConnectionLostException("sub " + s.name, s.id, why, cause));
            s.stopped.complete(null);
        }
        subs.clear();
        if (connectFuture != null) {
            connectFuture.completeExceptionally(new DdpConnectionLostException("connect", null, why, cause));
        }
        WebSocketContainer c = container;
        if (c != null && options.container() == DdpClientOptions.DEFAULT_CONTAINER
                && c.getClass().getName().equals(TYRUS_CLIENT_MANAGER)) {
            // our own Tyrus container: release its thread pools (off this thread, which may be one of them)
            DdpRuntime.CONNECTOR.execute(() -> {
                try {
                    c.getClass().getMethod("shutdown").invoke(c);
                } catch (ReflectiveOperationException | RuntimeException e) {
                    LOG.log(Level.DEBUG, "shutting down the Tyrus container failed: {0}", e.toString());
                }
            });
        }
    }

    /** Called with the lifecycle lock held; listeners run after the change. */
    private void changeState(ConnectionState next, Throwable cause) {
        ConnectionState prev = state;
        if (prev == next) {
            return;
        }
        state = next;
        for (ConnectionListener cl : listeners) {
            try {
                cl.stateChanged(prev, next, cause);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "connection listener failed: {0}", e.toString());
            }
        }
    }

    private void fire(java.util.function.Consumer<ConnectionListener> event) {
        for (ConnectionListener cl : listeners) {
            try {
                event.accept(cl);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "connection listener failed: {0}", e.toString());
            }
        }
    }

    @Override
    public ConnectionState state() {
        return state;
    }

    @Override
    public AutoCloseable addConnectionListener(ConnectionListener listener) {
        Objects.requireNonNull(listener, "listener");
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    // =================================================================== heartbeats

    private void startHeartbeat(Link l) {
        Duration interval = options.heartbeatInterval();
        if (interval.isZero()) {
            return;
        }
        long intervalNanos = interval.toNanos();
        long timeoutNanos = options.heartbeatTimeout().toNanos();
        long period = Math.max(TimeUnit.MILLISECONDS.toNanos(10), Math.min(intervalNanos, timeoutNanos) / 4);
        l.heartbeat = DdpRuntime.TIMER.scheduleAtFixedRate(() -> {
            if (l.dead.get()) {
                ScheduledFuture<?> self = l.heartbeat;
                if (self != null) {
                    self.cancel(false);
                }
                return;
            }
            long now = System.nanoTime();
            long sent = l.pingSentAt;
            if (sent != 0) {
                if (now - sent >= timeoutNanos) {
                    LOG.log(Level.WARNING, "no answer to a heartbeat ping from {0} within {1}; the link is dead",
                            options.url(), options.heartbeatTimeout());
                    linkClosed(l, new DdpException(JSON.createValue("heartbeat-timeout"),
                            "no pong within " + options.heartbeatTimeout(), null));
                }
            } else if (now - l.lastReceived >= intervalNanos) {
                l.pingSentAt = now == 0 ? 1 : now;
                counters.pingsSent.increment();
                l.send(DdpFrames.ping(null));
            }
        }, period, period, TimeUnit.NANOSECONDS);
    }

    @Override
    public CompletionStage<Duration> ping() {
        Link l = link;
        if (l == null || !l.handshake.isDone() || l.dead.get()) {
            return CompletableFuture.failedFuture(new DdpConnectionLostException("ping", null, "not connected", null));
        }
        String id = "p" + pingIds.incrementAndGet();
        PingWait p = new PingWait(System.nanoTime());
        pings.put(id, p);
        ScheduledFuture<?> t = DdpRuntime.TIMER.schedule(() -> {
            if (pings.remove(id, p)) {
                p.future.completeExceptionally(new DdpTimeoutException("ping", id, options.heartbeatTimeout()));
            }
        }, options.heartbeatTimeout().toNanos(), TimeUnit.NANOSECONDS);
        p.future.whenComplete((d, e) -> t.cancel(false));
        counters.pingsSent.increment();
        l.send(DdpFrames.ping(id));
        return p.future.minimalCompletionStage();
    }

    // =================================================================== methods

    @Override
    public CompletionStage<JsonValue> call(String method, JsonArray params, CallOptions callOptions) {
        return start(method, params, callOptions, false).future;
    }

    /**
     * Calls a method and exposes both its result and its {@code updated} notice.
     * Same semantics as {@link #call(String, JsonArray, CallOptions)}.
     */
    public DdpCall invoke(String method, JsonArray params, CallOptions callOptions) {
        Call c = start(method, params, callOptions, true);
        return new DdpCall() {
            @Override
            public String id() {
                return c.id;
            }

            @Override
            public String method() {
                return c.method;
            }

            @Override
            public CompletionStage<JsonValue> result() {
                return c.future;
            }

            @Override
            public CompletionStage<Void> updated() {
                return c.updated;
            }
        };
    }

    private Call start(String method, JsonArray params, CallOptions callOptions, boolean trackUpdated) {
        if (method == null || method.isEmpty()) {
            throw new IllegalArgumentException("method name must not be empty");
        }
        CallOptions o = callOptions == null ? CallOptions.DEFAULT : callOptions;
        JsonArray p = params == null ? JsonValue.EMPTY_JSON_ARRAY : params;
        String id = Long.toString(callIds.incrementAndGet());
        Call c = new Call(id, method, DdpFrames.method(id, method, p), o.idempotent(), false,
                o.timeout() == null ? options.callTimeout() : o.timeout());
        if (trackUpdated) {
            c.updated = new CompletableFuture<>();
            c.future.whenComplete((r, e) -> {
                if (e != null && awaitingUpdated.remove(id, c)) {
                    c.updated.completeExceptionally(e);
                }
            });
            awaitingUpdated.put(id, c);
        }
        if (state == ConnectionState.CLOSED) {
            c.future.completeExceptionally(new DdpConnectionLostException(method, null, "the client is closed", null));
            return c;
        }
        register(c);
        Link l = link;
        if (l != null && l.appReady) {
            trySend(l, c);
        }
        return c;
    }

    private void register(Call c) {
        c.deadline = System.nanoTime() + c.timeout.toNanos();
        calls.put(c.id, c);
        if (!sweeping.get() && sweeping.compareAndSet(false, true)) {
            DdpRuntime.TIMER.schedule(this::sweepTimeouts, SWEEP_NANOS, TimeUnit.NANOSECONDS);
        }
    }

    /**
     * Fails calls past their deadline. One sweep every 10 ms while calls are outstanding replaces a
     * timer task per call (scheduling and cancelling those took a third of the call path);
     * timeouts therefore fire up to 10 ms late.
     */
    private void sweepTimeouts() {
        long now = System.nanoTime();
        for (Call c : calls.values()) {
            if (now - c.deadline >= 0 && calls.remove(c.id, c)) {
                counters.timeouts.increment();
                c.future.completeExceptionally(new DdpTimeoutException(c.method, c.id, c.timeout));
            }
        }
        if (calls.isEmpty()) {
            sweeping.set(false);
            // a call registered between the check and the reset saw the flag set: re-check
            if (calls.isEmpty() || !sweeping.compareAndSet(false, true)) {
                return;
            }
        }
        DdpRuntime.TIMER.schedule(this::sweepTimeouts, SWEEP_NANOS, TimeUnit.NANOSECONDS);
    }

    private void trySend(Link l, Call c) {
        if (c.markSent(l.gen)) {
            counters.callsSent.increment();
            l.send(c.frame);
        }
    }

    @Override
    public <T> CompletionStage<T> call(String method, JsonArray params, CallOptions callOptions, Type type) {
        Objects.requireNonNull(type, "type");
        return call(method, params, callOptions).thenApply(v -> Ejson.fromJson(v, type));
    }

    @Override
    public JsonValue callAndWait(String method, JsonArray params, CallOptions callOptions)
            throws DdpException, InterruptedException {
        try {
            return call(method, params, callOptions).toCompletableFuture().get();
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException r) {
                throw r;
            }
            throw new DdpException(JSON.createValue("client-error"), describe(c), null, c);
        }
    }

    // =================================================================== login

    @Override
    public CompletionStage<LoginResult> loginWithPassword(UserIdentity user, String password) {
        Objects.requireNonNull(user, "user");
        if (password == null) {
            throw new IllegalArgumentException("password must not be null");
        }
        return call("login", passwordParams(user, password), CallOptions.IDEMPOTENT).thenApply(this::loggedIn);
    }

    @Override
    public CompletionStage<LoginResult> loginWithToken(String token) {
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("resume token must not be blank");
        }
        return call("login", resumeParams(token), CallOptions.IDEMPOTENT).thenApply(this::loggedIn);
    }

    @Override
    public CompletionStage<Void> logout() {
        return call("logout", JsonValue.EMPTY_JSON_ARRAY, CallOptions.IDEMPOTENT).thenApply(v -> {
            login = null;
            resumeToken = null;
            useConfiguredCredentials = false;
            fire(ConnectionListener::loggedOut);
            return null;
        });
    }

    @Override
    public LoginResult login() {
        return login;
    }

    private static JsonArray resumeParams(String token) {
        return JSON.createArrayBuilder().add(JSON.createObjectBuilder().add("resume", token)).build();
    }

    private static JsonArray passwordParams(UserIdentity user, String password) {
        return JSON.createArrayBuilder().add(JSON.createObjectBuilder()
                .add("user", user.toJson())
                .add("password", JSON.createObjectBuilder()
                        .add("digest", DdpFrames.sha256Hex(password))
                        .add("algorithm", "sha-256"))).build();
    }

    private LoginResult loggedIn(JsonValue v) {
        if (!(v instanceof JsonObject o) || !(o.get("id") instanceof JsonString)
                || !(o.get("token") instanceof JsonString)) {
            throw new DdpException(JSON.createValue("bad-login-result"),
                    "login result has no id and token: " + (v == null ? "null" : v.getValueType()), null);
        }
        Instant expires = null;
        JsonValue te = o.get("tokenExpires");
        if (te instanceof JsonObject) {
            try {
                expires = Ejson.instant(te);
            } catch (IllegalArgumentException e) {
                LOG.log(Level.DEBUG, "ignoring an invalid tokenExpires: {0}", e.getMessage());
            }
        }
        LoginResult r = new LoginResult(o.getString("id"), o.getString("token"), expires);
        login = r;
        resumeToken = r.token();
        fire(l -> l.loggedIn(r));
        return r;
    }

    // =================================================================== subscriptions

    @Override
    public Subscription subscribe(String name, JsonArray params) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("publication name must not be empty");
        }
        long seq = subIds.incrementAndGet();
        SubscriptionImpl s = new SubscriptionImpl("s" + seq, seq, name,
                params == null ? JsonValue.EMPTY_JSON_ARRAY : params);
        if (state == ConnectionState.CLOSED) {
            s.ready.completeExceptionally(new DdpConnectionLostException("sub " + name, null, "the client is closed", null));
            s.stopped.complete(null);
            return s;
        }
        subs.put(s.id, s);
        Link l = link;
        if (l != null && l.appReady) {
            trySendSub(l, s);
        }
        return s;
    }

    private void trySendSub(Link l, SubscriptionImpl s) {
        if (s.markSent(l.gen)) {
            l.send(DdpFrames.sub(s.id, s.name, s.params));
        }
    }

    @Override
    public DocumentCache collection(String name) {
        Objects.requireNonNull(name, "name");
        return caches.computeIfAbsent(name, Cache::new);
    }

    /** After a reconnect, documents not re-sent by the time every subscription is ready are stale. */
    private void startResync(List<SubscriptionImpl> active) {
        resyncSubs.clear();
        for (Cache c : caches.values()) {
            c.stale.clear();
            c.stale.addAll(c.docs.keySet());
        }
        for (SubscriptionImpl s : active) {
            if (!s.stopping) {
                resyncSubs.add(s.id);
            }
        }
        if (resyncSubs.isEmpty()) {
            finishResync();
        }
    }

    private void finishResync() {
        for (Cache c : caches.values()) {
            for (String id : List.copyOf(c.stale)) {
                c.stale.remove(id);
                c.removed(id);
            }
        }
    }

    // =================================================================== incoming frames

    private void onText(Link l, String text) {
        l.lastReceived = System.nanoTime();
        l.pingSentAt = 0; // any message proves the link alive, as in Meteor's heartbeat
        if (text.length() > options.maxFrameSize()) {
            counters.oversizedFrames.increment();
            LOG.log(Level.WARNING, "dropped a frame of {0} characters from {1} (limit {2})", text.length(),
                    options.url(), options.maxFrameSize());
            return;
        }
        JsonObject f;
        try {
            JsonValue v = Ejson.parse(text);
            if (!(v instanceof JsonObject o)) {
                counters.malformedFrames.increment();
                LOG.log(Level.WARNING, "ignored a frame that is not a JSON object ({0})", v.getValueType());
                return;
            }
            f = o;
        } catch (IllegalArgumentException e) {
            counters.malformedFrames.increment();
            LOG.log(Level.WARNING, "ignored a malformed frame from {0}: {1}", options.url(), e.getMessage());
            return;
        }
        try {
            dispatch(l, f);
        } catch (RuntimeException e) {
            counters.malformedFrames.increment();
            LOG.log(Level.WARNING, "ignored a frame with unexpected content ({0})", e.toString());
            LOG.log(Level.DEBUG, "the frame was: {0}", Ejson.stringify(f));
        }
    }

    private void dispatch(Link l, JsonObject f) {
        JsonValue m = f.get("msg");
        if (!(m instanceof JsonString ms)) {
            if (m == null) {
                return; // e.g. {"server_id":"0"}: DDP says ignore
            }
            counters.malformedFrames.increment();
            LOG.log(Level.WARNING, "ignored a frame whose msg is not a string");
            return;
        }
        switch (ms.getString()) {
            case "result" -> onResult(f);
            case "updated" -> onUpdated(f);
            case "added", "addedBefore" -> {
                Cache c = (Cache) collection(f.getString("collection"));
                c.added(f.getString("id"), fields(f));
            }
            case "changed" -> {
                Cache c = (Cache) collection(f.getString("collection"));
                JsonArray cleared = f.containsKey("cleared") ? f.getJsonArray("cleared") : JsonValue.EMPTY_JSON_ARRAY;
                List<String> names = new ArrayList<>(cleared.size());
                for (JsonValue v : cleared) {
                    names.add(((JsonString) v).getString());
                }
                c.changed(f.getString("id"), fields(f), names);
            }
            case "removed" -> ((Cache) collection(f.getString("collection"))).removed(f.getString("id"));
            case "movedBefore" -> {
                // ordered collections: the cache is unordered, nothing to do
            }
            case "ready" -> onReady(f);
            case "nosub" -> onNosub(f);
            case "ping" -> {
                counters.pingsReceived.increment();
                JsonValue id = f.get("id");
                l.send(DdpFrames.pong(id instanceof JsonString s ? s.getString() : null));
            }
            case "pong" -> {
                JsonValue id = f.get("id");
                if (id instanceof JsonString s) {
                    PingWait p = pings.remove(s.getString());
                    if (p != null) {
                        p.future.complete(Duration.ofNanos(System.nanoTime() - p.start));
                    }
                }
            }
            case "connected" -> l.handshake.complete(f.getString("session", ""));
            case "failed" -> onFailed(l, f);
            case "error" -> LOG.log(Level.WARNING, "server {0} reported a bad message: {1}", options.url(),
                    f.getString("reason", "(no reason)"));
            default -> {
                counters.unknownMessages.increment();
                LOG.log(Level.DEBUG, "ignored unknown DDP message {0}", ms.getString());
            }
        }
    }

    private static JsonObject fields(JsonObject f) {
        JsonValue v = f.get("fields");
        return v instanceof JsonObject o ? o : JsonValue.EMPTY_JSON_OBJECT;
    }

    private void onFailed(Link l, JsonObject f) {
        String proposed = f.getString("version", null);
        String tried = version;
        if (proposed != null && SUPPORTED_VERSIONS.contains(proposed) && !proposed.equals(tried)) {
            version = proposed;
            l.handshake.completeExceptionally(new VersionRetry(versionFailure(tried, proposed)));
        } else {
            l.handshake.completeExceptionally(versionFailure(tried, proposed));
        }
    }

    private DdpException versionFailure(String tried, String proposed) {
        return new DdpException(JSON.createValue("version-mismatch"), "DDP server " + options.url()
                + " refused protocol version " + tried + " (client supports " + SUPPORTED_VERSIONS
                + "); the server proposed " + (proposed == null ? "nothing" : proposed), null);
    }

    private void onResult(JsonObject f) {
        String id = ((JsonString) f.get("id")).getString();
        Call c = calls.remove(id);
        if (c == null) {
            counters.unknownResultIds.increment();
            LOG.log(Level.DEBUG, "result for unknown call id {0}", id);
            return;
        }
        JsonValue err = f.get("error");
        if (err != null && err.getValueType() != JsonValue.ValueType.NULL) {
            counters.errors.increment();
            c.future.completeExceptionally(methodError(err));
        } else {
            counters.results.increment();
            JsonValue r = f.get("result");
            c.future.complete(r == null ? JsonValue.NULL : r);
        }
    }

    private static DdpException methodError(JsonValue err) {
        if (err instanceof JsonObject e) {
            JsonValue reason = e.get("reason");
            String r = reason instanceof JsonString s ? s.getString()
                    : e.get("message") instanceof JsonString s2 ? s2.getString() : null;
            return new DdpException(e.containsKey("error") ? e.get("error") : JsonValue.NULL, r, e.get("details"));
        }
        return new DdpException(err, null, null);
    }

    private void onUpdated(JsonObject f) {
        JsonValue methods = f.get("methods");
        if (!(methods instanceof JsonArray a) || awaitingUpdated.isEmpty()) {
            return;
        }
        for (JsonValue v : a) {
            if (v instanceof JsonString s) {
                Call c = awaitingUpdated.remove(s.getString());
                if (c != null) {
                    c.updated.complete(null);
                }
            }
        }
    }

    private void onReady(JsonObject f) {
        for (JsonValue v : f.getJsonArray("subs")) {
            String id = ((JsonString) v).getString();
            SubscriptionImpl s = subs.get(id);
            if (s != null) {
                s.isReady = true;
                s.ready.complete(null);
            }
            if (resyncSubs.remove(id) && resyncSubs.isEmpty()) {
                finishResync();
            }
        }
    }

    private void onNosub(JsonObject f) {
        String id = f.getString("id");
        SubscriptionImpl s = subs.remove(id);
        if (resyncSubs.remove(id) && resyncSubs.isEmpty()) {
            finishResync();
        }
        if (s == null) {
            return;
        }
        JsonValue err = f.get("error");
        if (err != null && err.getValueType() != JsonValue.ValueType.NULL) {
            s.ready.completeExceptionally(methodError(err));
        } else if (!s.ready.isDone()) {
            s.ready.completeExceptionally(new DdpException(JSON.createValue("nosub"),
                    "subscription to '" + s.name + "' was stopped before it was ready", null));
        }
        s.stopped.complete(null);
    }

    // =================================================================== stats

    @Override
    public DdpStats stats() {
        Counters c = counters;
        return new DdpStats(c.callsSent.sum(), c.results.sum(), c.errors.sum(), c.timeouts.sum(),
                c.malformedFrames.sum(), c.unknownMessages.sum(), c.unknownResultIds.sum(), c.oversizedFrames.sum(),
                c.reconnects.sum(), c.pingsSent.sum(), c.pingsReceived.sum());
    }

    @Override
    public String toString() {
        return "DefaultDdpClient[" + options.url() + ", " + state + "]";
    }

    // =================================================================== helpers

    private static Throwable unwrap(Throwable e) {
        while ((e instanceof java.util.concurrent.CompletionException || e instanceof ExecutionException)
                && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }

    private static String describe(Throwable e) {
        Throwable u = unwrap(e);
        return u.getMessage() == null ? u.getClass().getSimpleName() : u.getMessage();
    }

    private static void closeQuietly(Session s, CloseReason.CloseCodes code, String reason) {
        try {
            if (s.isOpen()) {
                s.close(new CloseReason(code, reason));
            }
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.DEBUG, "closing a WebSocket failed: {0}", e.toString());
        }
    }

    private static final class Counters {
        final LongAdder callsSent = new LongAdder();
        final LongAdder results = new LongAdder();
        final LongAdder errors = new LongAdder();
        final LongAdder timeouts = new LongAdder();
        final LongAdder malformedFrames = new LongAdder();
        final LongAdder unknownMessages = new LongAdder();
        final LongAdder unknownResultIds = new LongAdder();
        final LongAdder oversizedFrames = new LongAdder();
        final LongAdder reconnects = new LongAdder();
        final LongAdder pingsSent = new LongAdder();
        final LongAdder pingsReceived = new LongAdder();
    }

    /** A handshake refused with a version we also speak: reconnect with it. */
    private static final class VersionRetry extends RuntimeException {
        final DdpException failure;

        VersionRetry(DdpException failure) {
            super(failure.getMessage(), null, false, false);
            this.failure = failure;
        }
    }

    private static final class PingWait {
        final long start;
        final CompletableFuture<Duration> future = new CompletableFuture<>();

        PingWait(long start) {
            this.start = start;
        }
    }

    /** One outstanding method call. */
    private static final class Call {
        final String id;
        final long seq;
        final String method;
        final String frame;
        final boolean idempotent;
        final boolean internal;
        final Duration timeout;
        final CompletableFuture<JsonValue> future = new CompletableFuture<>();
        final AtomicInteger sent = new AtomicInteger();
        volatile int sentGen;
        volatile long deadline;
        CompletableFuture<Void> updated;

        Call(String id, String method, String frame, boolean idempotent, boolean internal, Duration timeout) {
            this.id = id;
            this.seq = Long.parseLong(id);
            this.method = method;
            this.frame = frame;
            this.idempotent = idempotent;
            this.internal = internal;
            this.timeout = timeout;
        }

        /** True exactly once per link generation. */
        boolean markSent(int gen) {
            int g;
            do {
                g = sent.get();
                if (g == gen) {
                    return false;
                }
            } while (!sent.compareAndSet(g, gen));
            sentGen = gen;
            return true;
        }
    }

    /** One subscription, re-sent on every new link until stopped. */
    private final class SubscriptionImpl implements Subscription {
        final String id;
        final long seq;
        final String name;
        final JsonArray params;
        final CompletableFuture<Void> ready = new CompletableFuture<>();
        final CompletableFuture<Void> stopped = new CompletableFuture<>();
        final AtomicInteger sent = new AtomicInteger();
        volatile boolean isReady;
        volatile boolean stopping;

        SubscriptionImpl(String id, long seq, String name, JsonArray params) {
            this.id = id;
            this.seq = seq;
            this.name = name;
            this.params = params;
        }

        boolean markSent(int gen) {
            if (stopping) {
                return false;
            }
            int g;
            do {
                g = sent.get();
                if (g == gen) {
                    return false;
                }
            } while (!sent.compareAndSet(g, gen));
            return true;
        }

        @Override
        public String id() {
            return id;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public JsonArray params() {
            return params;
        }

        @Override
        public CompletionStage<Void> ready() {
            return ready.minimalCompletionStage();
        }

        @Override
        public boolean isReady() {
            return isReady;
        }

        @Override
        public CompletionStage<Void> stop() {
            if (!stopping) {
                stopping = true;
                Link l = link;
                if (l != null && l.appReady && sent.get() == l.gen) {
                    l.send(DdpFrames.unsub(id));
                } else {
                    subs.remove(id);
                    stopped.complete(null);
                }
                if (!ready.isDone()) {
                    ready.completeExceptionally(new DdpException(JSON.createValue("nosub"),
                            "subscription to '" + name + "' was stopped before it was ready", null));
                }
            }
            return stopped.minimalCompletionStage();
        }

        @Override
        public String toString() {
            return "Subscription[" + id + " " + name + (isReady ? " ready" : "") + (stopping ? " stopped" : "") + "]";
        }
    }

    /** The local copy of one collection. Written by the reader thread only; read from anywhere. */
    private static final class Cache implements DocumentCache {
        final String name;
        final ConcurrentHashMap<String, JsonObject> docs = new ConcurrentHashMap<>();
        final Set<String> stale = ConcurrentHashMap.newKeySet();
        final CopyOnWriteArrayList<DocumentListener> docListeners = new CopyOnWriteArrayList<>();

        Cache(String name) {
            this.name = name;
        }

        void added(String id, JsonObject fields) {
            Objects.requireNonNull(id, "id");
            stale.remove(id);
            docs.put(id, fields);
            for (DocumentListener dl : docListeners) {
                try {
                    dl.added(name, id, fields);
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "document listener failed: {0}", e.toString());
                }
            }
        }

        void changed(String id, JsonObject fields, List<String> cleared) {
            Objects.requireNonNull(id, "id");
            JsonObject old = docs.get(id);
            JsonObjectBuilder b = old == null ? Ejson.builders().createObjectBuilder()
                    : Ejson.builders().createObjectBuilder(old);
            for (Map.Entry<String, JsonValue> e : fields.entrySet()) {
                b.add(e.getKey(), e.getValue());
            }
            for (String c : cleared) {
                b.remove(c);
            }
            docs.put(id, b.build());
            for (DocumentListener dl : docListeners) {
                try {
                    dl.changed(name, id, fields, cleared);
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "document listener failed: {0}", e.toString());
                }
            }
        }

        void removed(String id) {
            Objects.requireNonNull(id, "id");
            if (docs.remove(id) == null) {
                return;
            }
            for (DocumentListener dl : docListeners) {
                try {
                    dl.removed(name, id);
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "document listener failed: {0}", e.toString());
                }
            }
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public Optional<JsonObject> get(String id) {
            return Optional.ofNullable(docs.get(id));
        }

        @Override
        public Map<String, JsonObject> snapshot() {
            return Map.copyOf(docs);
        }

        @Override
        public int size() {
            return docs.size();
        }

        @Override
        public AutoCloseable addListener(DocumentListener listener) {
            Objects.requireNonNull(listener, "listener");
            docListeners.add(listener);
            return () -> docListeners.remove(listener);
        }
    }

    /** One WebSocket connection (a "generation"); replaced on every reconnect. */
    private final class Link extends Endpoint {
        final int gen;
        final CompletableFuture<String> handshake = new CompletableFuture<>();
        final AtomicBoolean dead = new AtomicBoolean();
        final ConcurrentLinkedQueue<String> out = new ConcurrentLinkedQueue<>();
        final AtomicBoolean sending = new AtomicBoolean();
        volatile Session session;
        volatile RemoteEndpoint.Async remote;
        volatile boolean appReady;
        volatile long lastReceived = System.nanoTime();
        volatile long pingSentAt;
        volatile ScheduledFuture<?> heartbeat;

        Link(int gen) {
            this.gen = gen;
        }

        @Override
        public void onOpen(Session s, EndpointConfig config) {
            session = s;
            s.setMaxTextMessageBufferSize(bufferLimit);
            s.setMaxIdleTimeout(0);
            remote = s.getAsyncRemote();
            s.addMessageHandler(String.class, (MessageHandler.Whole<String>) text -> {
                try {
                    onText(this, text);
                } catch (RuntimeException e) {
                    // never throw into the container's reader
                    LOG.log(Level.WARNING, "unexpected failure handling a frame: {0}", e.toString());
                }
            });
            if (dead.get()) {
                closeQuietly(s, CloseReason.CloseCodes.GOING_AWAY, "attempt abandoned");
                return;
            }
            send(DdpFrames.connect(version, SUPPORTED_VERSIONS));
        }

        @Override
        public void onClose(Session s, CloseReason reason) {
            linkClosed(this, new IOException("WebSocket closed: " + reason.getCloseCode().getCode()
                    + (reason.getReasonPhrase() == null || reason.getReasonPhrase().isEmpty() ? ""
                    : " " + reason.getReasonPhrase())));
        }

        @Override
        public void onError(Session s, Throwable thr) {
            linkClosed(this, thr);
        }

        /** Marks the link dead (once) and closes its socket; false when it already was. */
        boolean kill(Throwable cause) {
            if (!dead.compareAndSet(false, true)) {
                return false;
            }
            appReady = false;
            ScheduledFuture<?> h = heartbeat;
            if (h != null) {
                h.cancel(false);
            }
            Session s = session;
            if (s != null) {
                closeQuietly(s, CloseReason.CloseCodes.GOING_AWAY, "link closed by client");
            }
            out.clear();
            return true;
        }

        /** Queues a frame; one sender at a time drains the queue through the async remote. */
        void send(String frame) {
            if (dead.get()) {
                return;
            }
            out.offer(frame);
            drain();
        }

        private void drain() {
            while (true) {
                if (!sending.compareAndSet(false, true)) {
                    return;
                }
                String f = out.poll();
                if (f == null) {
                    sending.set(false);
                    if (out.isEmpty()) {
                        return;
                    }
                    continue;
                }
                RemoteEndpoint.Async r = remote;
                if (r == null || dead.get()) {
                    sending.set(false);
                    return;
                }
                Sent s = new Sent();
                try {
                    r.sendText(f, s);
                } catch (RuntimeException e) {
                    sending.set(false);
                    linkClosed(this, e);
                    return;
                }
                if (s.handOff.compareAndSet(false, true)) {
                    return; // the completion will continue draining
                }
                // completed synchronously: keep draining on this thread (no recursion)
                sending.set(false);
            }
        }

        /** Completion of one send; whichever of sender and completion comes second continues. */
        private final class Sent implements SendHandler {
            final AtomicBoolean handOff = new AtomicBoolean();

            @Override
            public void onResult(SendResult result) {
                if (!result.isOK()) {
                    LOG.log(Level.DEBUG, "sending a frame failed: {0}", String.valueOf(result.getException()));
                    sending.set(false);
                    linkClosed(Link.this, result.getException() == null
                            ? new IOException("send failed") : result.getException());
                    return;
                }
                if (!handOff.compareAndSet(false, true)) {
                    sending.set(false);
                    drain();
                }
            }
        }
    }
}
