package io.github.meteorjob.server;

import io.github.meteorjob.server.ddp.DdpServer;
import io.github.meteorjob.server.ddp.DdpServerOptions;
import io.github.meteorjob.server.ddp.MethodRegistry;
import io.github.meteorjob.server.http.HttpRoutes;
import io.github.meteorjob.server.jobs.JobCollectionServer;
import io.github.meteorjob.server.metrics.MetricRegistry;
import io.github.meteorjob.server.jobs.RetentionPolicy;
import io.github.meteorjob.server.security.AccessControl;
import io.github.meteorjob.server.security.UserDirectory;
import io.github.meteorjob.server.store.JobStoreFactory;

import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.UnaryOperator;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A job server in this process: one or more job-collection roots served over DDP at
 * {@link #url()}, with an in-memory or durable store, optional users and TLS.
 *
 * <pre>{@code
 * try (EmbeddedJobServer server = EmbeddedJobServer.builder().collection("jobs").start()) {
 *     String url = server.url();                       // ws://127.0.0.1:<free port>/websocket
 *     JobCollectionServer jobs = server.collection("jobs");
 * }
 * }</pre>
 *
 * Defaults: host 127.0.0.1, a free port, one collection {@value #DEFAULT_COLLECTION} (job-collection's
 * default root), in-memory store, no users (allowed on loopback only), job servers started
 * (as a Meteor app calling {@code startJobServer()} at boot).
 */
public final class EmbeddedJobServer implements AutoCloseable {

    /** job-collection's default root name. */
    public static final String DEFAULT_COLLECTION = "queue";

    private static final System.Logger LOG = System.getLogger(EmbeddedJobServer.class.getName());

    /** The file in the data directory that keeps resume tokens (their hashes) across restarts. */
    public static final String LOGIN_TOKEN_FILE = "login-tokens.jsonl";

    private final ServerConfig config;
    /** Also holds the server's {@link AccessControl}. */
    private final DdpServer ddp;
    private final Map<String, JobCollectionServer> collections;
    private final MetricRegistry metrics = new MetricRegistry();
    private final ServerAssembly parts;
    private volatile boolean started;
    private volatile boolean closed;

    private EmbeddedJobServer(ServerConfig config, AccessControl access) {
        this.config = config;
        this.ddp = new DdpServer(config.ddpOptions, access);
        this.parts = new ServerAssembly(config, access, ddp, metrics);
        this.collections = parts.collections();
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Opens the stores, registers the collections and binds the port; returns when clients can connect.
     *
     * @throws IllegalStateException when started twice, or when the configuration is insecure
     *                               (no users on a non-loopback host; checked before anything is bound)
     * @throws UncheckedIOException  when the store or the port cannot be opened
     */
    public synchronized EmbeddedJobServer start() {
        if (started || closed) {
            throw new IllegalStateException("the server was already started");
        }
        AccessControl access = ddp.access();
        // refuse before touching the disk or the network
        DdpServer.checkSecureBinding(config.host, access);
        started = true;
        try {
            parts.open();
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        List<String> plain = access.users().plainTextPasswordUsers();
        if (!plain.isEmpty()) {
            LOG.log(System.Logger.Level.WARNING, "the users file holds plain-text passwords for {0}; replace them with "
                    + "hashes from ''java -jar meteor-job-server.jar hash-password''", plain);
        }
        LOG.log(System.Logger.Level.INFO, "job server listening on {0} (collections {1}, {2} store, {3})", url(),
                collections.keySet(), parts.durable() ? "durable" : "in-memory",
                access.isOpen() ? "no users: loopback only" : access.users().size() + " users");
        if (config.dashboard) {
            LOG.log(System.Logger.Level.INFO, "dashboard on {0}", dashboardUrl());
        }
        return this;
    }

    /**
     * The server's metrics, served in the Prometheus text format at {@code /metrics}; register more here.
     */
    public MetricRegistry metrics() {
        return metrics;
    }

    /** {@code ws://HOST:PORT/websocket} ({@code wss} with TLS); the port is the bound one. */
    public String url() {
        String host = config.host.contains(":") ? "[" + config.host + "]" : config.host;
        return (parts.tls() ? "wss" : "ws") + "://" + host + ":" + port() + "/websocket";
    }

    public URI uri() {
        return URI.create(url());
    }

    /**
     * {@code http://HOST:PORT/} ({@code https} with TLS), where the web dashboard is served when
     * {@link Builder#dashboard(boolean)} is on.
     */
    public String dashboardUrl() {
        String host = config.host.contains(":") ? "[" + config.host + "]" : config.host;
        return (parts.tls() ? "https" : "http") + "://" + host + ":" + port() + "/";
    }

    public String host() {
        return config.host;
    }

    /**
     * The plain HTTP paths served on the WebSocket endpoint's port ({@code http[s]://HOST:PORT/...}).
     * Handlers may be added before or after {@link #start()}.
     */
    public HttpRoutes http() {
        return ddp.http();
    }

    /** The bound port, or -1 when not listening. */
    public int port() {
        return ddp.port();
    }

    /** The collection roots served, in configuration order. */
    public List<String> collectionNames() {
        return List.copyOf(collections.keySet());
    }

    /** The server side of a collection: the same operations as over DDP, plus events. */
    public JobCollectionServer collection(String root) {
        JobCollectionServer c = collections.get(root);
        if (c == null) {
            throw new IllegalArgumentException("no collection '" + root + "' on this server; it serves " + collections.keySet());
        }
        return c;
    }

    /** The first configured collection (by default {@value #DEFAULT_COLLECTION}). */
    public JobCollectionServer collection() {
        return collection(config.collections().get(0));
    }

    /** Users and resume tokens; add users here at run time. */
    public AccessControl access() {
        return ddp.access();
    }

    /** Where to register extra DDP methods and publications. */
    public MethodRegistry registry() {
        return ddp;
    }

    /** Number of open DDP connections. */
    public int connectionCount() {
        return ddp.connectionCount();
    }

    /**
     * Stops gracefully: stops accepting connections, lets methods in flight answer (up to 5 s), closes
     * every connection with 1001 (Going Away), then stops the collections and closes the stores.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        parts.close();
    }

    /** Configuration of an {@link EmbeddedJobServer}. */
    public static final class Builder {
        private final ServerConfig config = new ServerConfig();

        private Builder() {
        }

        /** The address to bind (default 127.0.0.1). Any non-loopback address requires users. */
        public Builder host(String host) {
            config.host = Objects.requireNonNull(host, "host");
            return this;
        }

        /** The port (default 0: a free port, see {@link EmbeddedJobServer#port()}). */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be 0..65535, got " + port);
            }
            config.port = port;
            return this;
        }

        /** Adds collection roots to serve (default: {@value #DEFAULT_COLLECTION} alone). */
        public Builder collection(String... roots) {
            return collections(Arrays.asList(roots));
        }

        public Builder collections(Collection<String> roots) {
            for (String root : roots) {
                if (root == null || !root.matches("[A-Za-z0-9_.-]+")) {
                    throw new IllegalArgumentException("collection root must be letters, digits, '_', '-' or '.', got '" + root + "'");
                }
                if (!config.collections.contains(root)) {
                    config.collections.add(root);
                }
            }
            return this;
        }

        /** Keeps jobs durably in files under {@code dir} (created when missing); {@code null} = in memory. */
        public Builder dataDir(Path dir) {
            config.dataDir = dir;
            return this;
        }

        /** Loads users from a JSON file (format in {@link UserDirectory}); may be called more than once. */
        public Builder usersFile(Path file) {
            config.usersFiles.add(Objects.requireNonNull(file, "file"));
            return this;
        }

        /**
         * Adds a user who logs in with {@code username} and {@code password} (plain, hashed here, or a
         * stored {@code pbkdf2-sha256:} hash) and has the given levels (admin, manager, creator, worker).
         */
        public Builder user(String username, String password, String... levels) {
            config.users.add(username, null, password, List.of(levels));
            return this;
        }

        /** The safety-net sweep of due and expired jobs (default 15 s). */
        public Builder promoteInterval(Duration interval) {
            config.promoteInterval = Objects.requireNonNull(interval, "interval");
            return this;
        }

        /** How long a resume token works (default 90 days). */
        public Builder tokenLifetime(Duration lifetime) {
            config.tokenLifetime = Objects.requireNonNull(lifetime, "lifetime");
            return this;
        }

        /** Serves {@code wss} with the key in a PKCS12 or JKS keystore (the password opens store and key). */
        public Builder tls(Path keystore, char[] password) {
            config.keystore = Objects.requireNonNull(keystore, "keystore");
            config.keystorePassword = password == null ? new char[0] : password.clone();
            return this;
        }

        /** Largest accepted frame (default 16 MiB); a larger one disconnects its client. */
        public Builder maxFrameSize(int bytes) {
            return ddp(o -> o.withMaxFrameSize(bytes));
        }

        /** Methods one connection may have pending (default 1000); more are refused with error 429. */
        public Builder maxOutstandingMethods(int count) {
            return ddp(o -> o.withMaxOutstandingMethods(count));
        }

        /**
         * Characters of replies one connection may have waiting to be sent (default 16 Mi); a client that
         * does not read them is disconnected with 1008 instead of growing the server's heap.
         */
        public Builder maxQueuedBytes(long bytes) {
            return ddp(o -> o.withMaxQueuedBytes(bytes));
        }

        /** Open connections in total (default 1000) and from one address (default 200); more get HTTP 503. */
        public Builder maxConnections(int total, int perAddress) {
            return ddp(o -> o.withMaxConnections(total, perAddress));
        }

        /**
         * Lets web pages from {@code origin} ({@code http[s]://host[:port]}) connect. By default only
         * clients without an {@code Origin} header (Java, Node) and pages served by this server itself
         * may connect; other browser origins are refused with HTTP 403.
         */
        public Builder allowOrigin(String origin) {
            return ddp(o -> o.withAllowedOrigin(origin));
        }

        /** DDP heartbeat: ping a client silent for {@code interval}, drop it after {@code timeout} more. */
        public Builder heartbeat(Duration interval, Duration timeout) {
            return ddp(o -> o.withHeartbeat(interval, timeout));
        }

        /** Applies one change to the transport options; the setters above differ only in that change. */
        private Builder ddp(UnaryOperator<DdpServerOptions> change) {
            config.ddpOptions = change.apply(config.ddpOptions);
            return this;
        }

        /**
         * Whether the collections hand out work right away (default {@code true}, as a Meteor app that
         * calls {@code startJobServer()} at boot); with {@code false} a client must call {@code startJobServer}.
         */
        public Builder autoStart(boolean autoStart) {
            config.autoStart = autoStart;
            return this;
        }

        /**
         * Whether to serve the web dashboard at {@code http://HOST:PORT/} (default {@code false} for
         * embedded use; the standalone server turns it on). It logs in with the server's users.
         */
        public Builder dashboard(boolean dashboard) {
            config.dashboard = dashboard;
            return this;
        }

        /**
         * Lets anyone scrape {@code /metrics} without credentials even when the server has users (default
         * {@code false}: then only users with the level admin, manager or viewer may, with HTTP Basic).
         */
        public Builder metricsOpen(boolean open) {
            config.metricsOpen = open;
            return this;
        }

        /**
         * Keeps the jobs in stores from {@code factory} (closed with the server) instead of memory or
         * {@link #dataDir}.
         */
        public Builder stores(JobStoreFactory factory) {
            config.stores = Objects.requireNonNull(factory, "factory");
            return this;
        }

        /**
         * Whether the job query extension is served ({@code <root>_findJobs}, {@code <root>_countJobs},
         * {@code <root>.jobCounts}; default {@code true}); {@code false} answers like job-collection.
         */
        public Builder queryExtension(boolean on) {
            config.queryExtension = on;
            return this;
        }

        /** When finished jobs are removed (default: never); see {@link RetentionPolicy}. */
        public Builder retention(RetentionPolicy policy) {
            config.retention = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /** Builds the server without starting it. */
        public EmbeddedJobServer build() {
            return new EmbeddedJobServer(config, config.accessControl());
        }

        /** Builds and starts the server; returns when it is listening. */
        public EmbeddedJobServer start() {
            return build().start();
        }
    }

    @Override
    public String toString() {
        return "EmbeddedJobServer[" + (port() > 0 ? url() : "not listening") + ", collections=" + new LinkedHashSet<>(collections.keySet()) + "]";
    }

    Set<String> roots() {
        return collections.keySet();
    }
}
