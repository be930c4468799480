package io.github.meteorjob.server.ddp;

import io.github.meteorjob.server.http.HttpRoutes;
import io.github.meteorjob.server.security.AccessControl;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpointConfig;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The server side of DDP over WebSocket at {@code /websocket}: Meteor's handshake, heartbeat,
 * methods (in order per connection, connections in parallel), subscriptions with a merge box,
 * login and permission checks, and the frame and outstanding-method limits.
 *
 * <p>Register methods and publications before or after {@link #start}; then clients connect to
 * {@code ws://host:port/websocket}, or through SockJS's WebSocket transport to
 * {@code ws://host:port/sockjs/<server>/<session>/websocket} (after {@code GET /sockjs/info}).
 */
public final class DdpServer implements MethodRegistry, AutoCloseable {

    private static final System.Logger LOG = System.getLogger(DdpServer.class.getName());
    private static final String ID_CHARS = "23456789ABCDEFGHJKLMNPQRSTWXYZabcdefghijkmnopqrstuvwxyz";
    private static final SecureRandom RANDOM = new SecureRandom();

    record Registered<H>(Set<String> levels, H handler) {
    }

    private final DdpServerOptions options;
    private final AccessControl access;
    private final Map<String, Registered<MethodHandler>> methods = new ConcurrentHashMap<>();
    private final Map<String, Registered<PublicationHandler>> publications = new ConcurrentHashMap<>();
    private final Set<DdpConnection> connections = ConcurrentHashMap.newKeySet();
    private final ConnectionLimiter limiter;
    private final java.util.concurrent.atomic.AtomicLong queuedHighWater = new java.util.concurrent.atomic.AtomicLong();
    private final ExecutorService workers;
    private final ScheduledExecutorService heartbeat;
    private final HttpRoutes http = new HttpRoutes();
    private final java.util.List<DdpObserver> observers = new java.util.concurrent.CopyOnWriteArrayList<>();
    {
        // Meteor's client and SockJS-speaking npm clients ask this first; only the WebSocket transport is served
        http.add(SockJs.INFO_PATH, new SockJs.Info());
    }
    private GrizzlyWebSocketContainer container;
    private volatile boolean closed;

    public DdpServer(DdpServerOptions options, AccessControl access) {
        this.options = Objects.requireNonNull(options, "options");
        this.access = Objects.requireNonNull(access, "access");
        this.limiter = new ConnectionLimiter(options.maxConnections(), options.maxConnectionsPerAddress());
        this.workers = Executors.newCachedThreadPool(daemon("ddp-worker-"));
        this.heartbeat = Executors.newSingleThreadScheduledExecutor(daemon("ddp-heartbeat-"));
        methods.put("login", new Registered<>(Set.of(), null));
        methods.put("logout", new Registered<>(Set.of(), null));
    }

    @Override
    public void method(String name, Set<String> levels, MethodHandler handler) {
        register(methods, "method", name, levels, handler);
    }

    @Override
    public void publication(String name, Set<String> levels, PublicationHandler handler) {
        register(publications, "publication", name, levels, handler);
    }

    /** Adds a method or publication; a name is registered once, so two parts cannot both answer it. */
    private static <H> void register(Map<String, Registered<H>> registry, String kind, String name, Set<String> levels,
                                     H handler) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(handler, "handler");
        if (registry.putIfAbsent(name, new Registered<>(Set.copyOf(levels), handler)) != null) {
            throw new IllegalStateException(kind + " '" + name + "' is already registered");
        }
    }

    /**
     * Binds {@code host:port} ({@code port} 0 picks a free port) and starts serving; {@code tls}
     * {@code null} serves plain {@code ws}. Refuses, before binding, an open server (no users) on a
     * non-loopback address.
     *
     * @throws IllegalStateException when the configuration is insecure or the server was started before
     * @throws UncheckedIOException  when the address cannot be bound
     */
    public synchronized void start(String host, int port, SSLContext tls) {
        if (container != null || closed) {
            throw new IllegalStateException("DDP server already started or closed");
        }
        checkSecureBinding(host, access);
        // a frame's header comes on top of its payload
        GrizzlyWebSocketContainer c = new GrizzlyWebSocketContainer(host, tls, options.maxFrameSize() + 16,
                engine -> new HandshakeGate(engine, this, host), http);
        try {
            c.addEndpoint(ServerEndpointConfig.Builder.create(DdpEndpoint.class, "/websocket")
                    .configurator(new ServerEndpointConfig.Configurator() {
                        @Override
                        public <T> T getEndpointInstance(Class<T> endpointClass) {
                            return endpointClass.cast(new DdpEndpoint(DdpServer.this));
                        }
                    }).build());
            c.addEndpoint(ServerEndpointConfig.Builder.create(SockJsEndpoint.class, SockJs.WEBSOCKET_PATH)
                    .configurator(new ServerEndpointConfig.Configurator() {
                        @Override
                        public <T> T getEndpointInstance(Class<T> endpointClass) {
                            return endpointClass.cast(new SockJsEndpoint(DdpServer.this));
                        }
                    }).build());
            c.setDefaultMaxTextMessageBufferSize(options.maxFrameSize());
            c.start("/", port);
        } catch (IOException | DeploymentException e) {
            try {
                c.stop();
            } catch (RuntimeException ignored) {
                // the listener may never have started
            }
            throw new UncheckedIOException(new IOException("cannot listen on " + host + ":" + port + ": " + e.getMessage(), e));
        }
        container = c;
        long tick = Math.max(10, Math.min(options.heartbeatInterval().toMillis(), options.heartbeatTimeout().toMillis()) / 4);
        heartbeat.scheduleAtFixedRate(this::heartbeatAll, tick, tick, TimeUnit.MILLISECONDS);
    }

    /**
     * Refuses an open server (no users configured) on an address other than loopback, because
     * everyone who can reach it could then create, run and delete jobs.
     *
     * @throws IllegalStateException naming the address and the fix
     */
    public static void checkSecureBinding(String host, AccessControl access) {
        if (!access.isOpen()) {
            return;
        }
        boolean loopback;
        try {
            InetAddress[] all = InetAddress.getAllByName(host);
            loopback = all.length > 0;
            for (InetAddress a : all) {
                loopback &= a.isLoopbackAddress();
            }
        } catch (UnknownHostException e) {
            throw new IllegalStateException("cannot resolve host '" + host + "'", e);
        }
        if (!loopback) {
            throw new IllegalStateException("refusing to listen on " + host + " without users: with no users "
                    + "configured every client may call every method, which is only allowed on a loopback address "
                    + "(127.0.0.1, ::1, localhost). Configure users (--users FILE) or bind to 127.0.0.1.");
        }
    }

    /** The bound port, or -1 before {@link #start}. */
    public int port() {
        GrizzlyWebSocketContainer c = container;
        return c == null ? -1 : c.getPort();
    }

    /** The plain HTTP paths served on the same port as {@code /websocket}. */
    public HttpRoutes http() {
        return http;
    }

    public DdpServerOptions options() {
        return options;
    }

    public AccessControl access() {
        return access;
    }

    /** Number of open client connections. */
    public int connectionCount() {
        return connections.size();
    }

    /** Number of subscriptions running on all open connections. */
    public int subscriptionCount() {
        int n = 0;
        for (DdpConnection c : connections) {
            n += c.subscriptionCount();
        }
        return n;
    }

    /** Adds an observer of the method calls clients make (metrics, audit log). */
    public void addObserver(DdpObserver observer) {
        observers.add(Objects.requireNonNull(observer, "observer"));
    }

    /** True once {@link #close()} has begun. */
    public boolean isClosed() {
        return closed;
    }

    /**
     * Stops gracefully: stops accepting connections, lets methods already received finish (up to 5 s)
     * so their answers reach the clients, closes every connection with 1001 (Going Away), then stops
     * the worker threads.
     */
    @Override
    public void close() {
        GrizzlyWebSocketContainer c;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            c = container;
        }
        heartbeat.shutdownNow();
        if (c != null) {
            try {
                c.stopAccepting();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "closing the listening socket failed", e);
            }
        }
        drain(CLOSE_GRACE_NANOS);
        for (DdpConnection connection : connections) {
            connection.close(jakarta.websocket.CloseReason.CloseCodes.GOING_AWAY, "server shutting down");
        }
        awaitSocketsClosed(TimeUnit.SECONDS.toNanos(2));
        if (c != null) {
            try {
                c.stop();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "stopping the WebSocket container failed", e);
            }
        }
        for (DdpConnection connection : connections) {
            connection.closed();
        }
        workers.shutdown();
        try {
            if (!workers.awaitTermination(5, TimeUnit.SECONDS)) {
                workers.shutdownNow();
            }
        } catch (InterruptedException e) {
            workers.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    /** Bounded wait for the close frames to go out and the clients to answer them. */
    private void awaitSocketsClosed(long graceNanos) {
        long deadline = System.nanoTime() + graceNanos;
        while (openSockets.get() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private final AtomicInteger openSockets = new AtomicInteger();

    /** How long {@link #close()} lets running methods finish and their answers go out. */
    private static final long CLOSE_GRACE_NANOS = TimeUnit.SECONDS.toNanos(5);

    /** Waits (bounded) until no connection has a method pending or a message unsent. */
    private void drain(long graceNanos) {
        long deadline = System.nanoTime() + graceNanos;
        while (System.nanoTime() < deadline && connections.stream().anyMatch(cn -> !cn.isIdle())) {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    // ------------------------------------------------------------------ for connections

    ExecutorService workers() {
        return workers;
    }

    /** Why an upgrade from {@code address} would be refused now, or {@code null}. */
    String connectionRefusal(String address) {
        return limiter.refusal(address);
    }

    /** Records how many characters a connection had waiting to be sent. */
    void queued(long chars) {
        queuedHighWater.accumulateAndGet(chars, Math::max);
    }

    /** The most characters any connection has had waiting to be sent (for tests of the bound). */
    long queuedHighWater() {
        return queuedHighWater.get();
    }

    /** Sockets whose endpoint opened and has not yet seen the close (for tests of socket leaks). */
    int openSocketCount() {
        return openSockets.get();
    }

    /**
     * Runs {@code task} after {@code delay} on the heartbeat thread; not at all once the server stops
     * (stopping closes every socket anyway, after the close frames had their time).
     */
    void later(Runnable task, java.time.Duration delay) {
        try {
            heartbeat.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException stopping) {
            LOG.log(System.Logger.Level.DEBUG, "server stopping; not scheduling {0}", task);
        }
    }

    void socketOpened() {
        openSockets.incrementAndGet();
    }

    void socketClosed() {
        openSockets.decrementAndGet();
    }

    boolean observed() {
        return !observers.isEmpty();
    }

    /** Whether a method of that name exists (login and logout included). */
    boolean knownMethod(String name) {
        return methods.containsKey(name);
    }

    void methodCalled(DdpObserver.MethodCall call) {
        for (DdpObserver o : observers) {
            try {
                o.methodCalled(call);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "DDP observer failed", e);
            }
        }
    }

    Registered<MethodHandler> findMethod(String name) {
        Registered<MethodHandler> m = methods.get(name);
        return m == null || m.handler() == null ? null : m;
    }

    Registered<PublicationHandler> findPublication(String name) {
        return publications.get(name);
    }

    /**
     * A new socket: its connection, or {@code null} after closing it when a cap is reached or the server stops;
     * {@code sockJs}: the connection speaks SockJS framing ({@link SockJsEndpoint}).
     */
    DdpConnection connectionOpened(Session session, String remoteAddress, java.io.Closeable transport, boolean sockJs) {
        String refusal = closed ? "server shutting down" : limiter.acquire(remoteAddress);
        if (refusal != null) {
            LOG.log(System.Logger.Level.DEBUG, "connection from {0} refused: {1}", remoteAddress, refusal);
            try {
                session.close(new jakarta.websocket.CloseReason(jakarta.websocket.CloseReason.CloseCodes.TRY_AGAIN_LATER, refusal));
            } catch (IOException | RuntimeException e) {
                LOG.log(System.Logger.Level.DEBUG, "close failed", e);
            }
            return null;
        }
        DdpConnection connection = new DdpConnection(this, session, remoteAddress, transport, sockJs);
        connections.add(connection);
        return connection;
    }

    void connectionClosed(DdpConnection connection) {
        if (connections.remove(connection)) {
            limiter.release(connection.remoteAddress());
        }
    }

    String newSessionId() {
        char[] id = new char[17];
        for (int i = 0; i < id.length; i++) {
            id[i] = ID_CHARS.charAt(RANDOM.nextInt(ID_CHARS.length()));
        }
        return new String(id);
    }

    private void heartbeatAll() {
        long now = System.nanoTime();
        for (DdpConnection connection : connections) {
            try {
                connection.heartbeat(now);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "heartbeat failed", e);
            }
        }
    }

    private static ThreadFactory daemon(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
