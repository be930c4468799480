package io.github.meteorjob.server;

import io.github.meteorjob.server.audit.AuditLog;
import io.github.meteorjob.server.dashboard.DashboardHandler;
import io.github.meteorjob.server.dashboard.ServerInfoMethods;
import io.github.meteorjob.server.ddp.DdpServer;
import io.github.meteorjob.server.health.HealthChecks;
import io.github.meteorjob.server.health.HealthEndpoint;
import io.github.meteorjob.server.jobs.JobCollectionServer;
import io.github.meteorjob.server.jobs.JobServerOptions;
import io.github.meteorjob.server.metrics.MetricRegistry;
import io.github.meteorjob.server.metrics.MetricsEndpoint;
import io.github.meteorjob.server.metrics.ServerMetrics;
import io.github.meteorjob.server.security.AccessControl;
import io.github.meteorjob.server.store.JobStoreFactory;
import io.github.meteorjob.server.store.JobStores;
import jakarta.json.Json;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parts of an {@link EmbeddedJobServer} and their order: TLS, stores, login tokens, collections,
 * the dashboard and observability, then the port; closed the other way round.
 */
final class ServerAssembly {

    private static final System.Logger LOG = System.getLogger(EmbeddedJobServer.class.getName());

    private final ServerConfig config;
    private final AccessControl access;
    private final DdpServer ddp;
    private final MetricRegistry metrics;
    private final Map<String, JobCollectionServer> collections = new LinkedHashMap<>();
    private JobStoreFactory stores;
    private SSLContext tls;

    ServerAssembly(ServerConfig config, AccessControl access, DdpServer ddp, MetricRegistry metrics) {
        this.config = config;
        this.access = access;
        this.ddp = ddp;
        this.metrics = metrics;
    }

    /** The collections by root, in configuration order; filled by {@link #open()}. */
    Map<String, JobCollectionServer> collections() {
        return collections;
    }

    boolean tls() {
        return tls != null;
    }

    boolean durable() {
        return stores.durable();
    }

    /** Opens every part and binds the port; the caller closes what was opened when this throws. */
    void open() {
        if (config.keystore != null) {
            tls = sslContext(config.keystore, config.keystorePassword);
        }
        stores = config.stores != null ? config.stores
                : config.dataDir == null ? JobStores.inMemory() : JobStores.durable(config.dataDir);
        if (config.dataDir != null) {
            // after the store, whose lock keeps a second server off the same directory
            access.persistTokens(config.dataDir.resolve(EmbeddedJobServer.LOGIN_TOKEN_FILE));
        }
        JobServerOptions options = JobServerOptions.defaults().withPromoteInterval(config.promoteInterval)
                .withQueryExtension(config.queryExtension).withRetention(config.retention);
        for (String root : config.collections()) {
            JobCollectionServer collection = new JobCollectionServer(root, stores.open(root), options);
            collections.put(root, collection);
            collection.register(ddp);
            if (config.autoStart) {
                collection.call("startJobServer", Json.createArrayBuilder().add(Json.createObjectBuilder()).build());
            }
        }
        ServerInfoMethods.register(ddp, () -> List.copyOf(collections.keySet()), access);
        if (config.dashboard) {
            ddp.http().add("/", new DashboardHandler());
        }
        observability();
        ddp.start(config.host, config.port, tls);
    }

    /** Metrics, audit log, {@code /metrics} and {@code /health/*} (docs/observability.md). */
    private void observability() {
        List<JobCollectionServer> all = List.copyOf(collections.values());
        new ServerMetrics(metrics, ddp, all);
        ddp.addObserver(new AuditLog(access, collections.keySet()));
        ddp.http().add("/metrics", new MetricsEndpoint(metrics, access, config.metricsOpen));
        // details only while the server has no users (and so listens on loopback only)
        HealthEndpoint.register(ddp.http(), new HealthChecks(ddp, all), access::isOpen);
    }

    /** Closes whatever {@link #open()} opened; a part that fails to close does not keep the others open. */
    void close() {
        closing("the DDP server", ddp::close);
        for (JobCollectionServer c : collections.values()) {
            closing("collection " + c.root(), c::close);
        }
        access.close();
        if (stores != null) {
            closing("the job store", stores::close);
        }
    }

    private static void closing(String part, Runnable close) {
        try {
            close.run();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "closing " + part + " failed", e);
        }
    }

    private static SSLContext sslContext(Path keystore, char[] password) {
        try {
            KeyStore ks = KeyStore.getInstance(keystore.toFile(), password);
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, password);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf.getKeyManagers(), null, null);
            return context;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read TLS keystore " + keystore + ": " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot use TLS keystore " + keystore + ": " + e.getMessage(), e);
        }
    }
}
