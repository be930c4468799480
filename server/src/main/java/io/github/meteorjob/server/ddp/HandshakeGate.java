package io.github.meteorjob.server.ddp;

import jakarta.websocket.DeploymentException;
import jakarta.websocket.server.ServerEndpointConfig;
import org.glassfish.tyrus.core.RequestContext;
import org.glassfish.tyrus.spi.Connection;
import org.glassfish.tyrus.spi.UpgradeRequest;
import org.glassfish.tyrus.spi.UpgradeResponse;
import org.glassfish.tyrus.spi.WebSocketEngine;
import org.glassfish.tyrus.spi.Writer;

import java.net.URI;
import java.util.List;
import java.util.Locale;

/**
 * Decides on each WebSocket upgrade before Tyrus sees it: refuses browser origins that are not
 * allowed (HTTP 403), and upgrades while the server stops or its connection caps are reached (503).
 */
final class HandshakeGate implements WebSocketEngine {

    private static final System.Logger LOG = System.getLogger(HandshakeGate.class.getName());

    private static final UpgradeInfo REFUSED = new UpgradeInfo() {
        @Override
        public UpgradeStatus getStatus() {
            return UpgradeStatus.HANDSHAKE_FAILED;
        }

        @Override
        public Connection createConnection(Writer writer, Connection.CloseListener closeListener) {
            return null;
        }
    };

    private final WebSocketEngine delegate;
    private final DdpServer server;
    private final String bindHost;

    HandshakeGate(WebSocketEngine delegate, DdpServer server, String bindHost) {
        this.delegate = delegate;
        this.server = server;
        this.bindHost = bindHost;
    }

    @Override
    public UpgradeInfo upgrade(UpgradeRequest request, UpgradeResponse response) {
        if (!"websocket".equalsIgnoreCase(request.getHeader("Upgrade"))) {
            return delegate.upgrade(request, response);
        }
        String origin = request.getHeader("Origin");
        if (server.isClosed()) {
            return refuse(response, 503, "server shutting down");
        }
        if (origin != null && !originAllowed(origin, request.getHeader("Host"), request.isSecure(),
                server.options().allowedOrigins(), bindHost)) {
            return refuse(response, 403, "origin not allowed: " + sanitize(origin)
                    + " (allow it with --allow-origin)");
        }
        String address = request instanceof RequestContext rc ? rc.getRemoteAddr() : null;
        String full = server.connectionRefusal(address);
        if (full != null) {
            return refuse(response, 503, full);
        }
        UpgradeInfo upgraded = delegate.upgrade(request, response);
        if (upgraded.getStatus() != UpgradeStatus.SUCCESS) {
            return upgraded;
        }
        return new UpgradeInfo() {
            @Override
            public UpgradeStatus getStatus() {
                return upgraded.getStatus();
            }

            @Override
            public Connection createConnection(Writer writer, Connection.CloseListener closeListener) {
                // Tyrus opens the endpoint inside this call, on this thread
                OPENING.set(writer);
                try {
                    return upgraded.createConnection(writer, closeListener);
                } finally {
                    OPENING.remove();
                }
            }
        };
    }

    /**
     * The transport of the socket whose endpoint is being opened on this thread, or {@code null}.
     * The endpoint keeps it to close the socket itself when a close handshake cannot finish (Tyrus
     * closes the TCP connection only once its close frame is written, which never happens for a
     * client that stopped reading).
     */
    static java.io.Closeable openingTransport() {
        Writer writer = OPENING.get();
        return writer == null ? null : () -> cut(writer);
    }

    /**
     * Drops the TCP connection under {@code writer} at once. Tyrus' {@code Writer.close()} closes the
     * Grizzly connection gracefully, and a graceful close waits until the queued writes reached the
     * peer: for a client that stopped reading, never, so the socket stayed open and unread. Grizzly's
     * {@code terminateSilently()} does not wait. Tyrus keeps that connection in a package-private
     * field of its writer, hence the reflection; without it the graceful close is all there is.
     */
    private static void cut(Writer writer) throws java.io.IOException {
        if (grizzlyConnection(writer) instanceof org.glassfish.grizzly.Connection<?> connection) {
            connection.terminateSilently();
        } else {
            writer.close();
        }
    }

    private static Object grizzlyConnection(Writer writer) {
        try {
            java.lang.reflect.Field field = writer.getClass().getDeclaredField("connection");
            field.setAccessible(true);
            return field.get(writer);
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "no Grizzly connection in {0}: {1}", writer.getClass().getName(), e.toString());
            return null;
        }
    }

    private static final ThreadLocal<Writer> OPENING = new ThreadLocal<>();

    private static UpgradeInfo refuse(UpgradeResponse response, int status, String reason) {
        // hostile clients can repeat this endlessly: no INFO/WARN per request
        LOG.log(System.Logger.Level.DEBUG, "WebSocket upgrade refused ({0}): {1}", status, reason);
        response.setStatus(status);
        response.setReasonPhrase(reason);
        return REFUSED;
    }

    /**
     * Whether a browser page from {@code origin} may connect: it is on the allow list, or it is this
     * server's own origin (its host:port is the request's {@code Host}). Own origin counts only for a
     * {@code Host} that names this server directly (an IP literal, {@code localhost} or the bound host
     * name), so a page on a hostile name that resolves to 127.0.0.1 (DNS rebinding) is still refused.
     */
    static boolean originAllowed(String origin, String host, boolean secure, List<String> allowed, String bindHost) {
        String normalized;
        try {
            normalized = DdpServerOptions.normalizeOrigin(origin);
        } catch (IllegalArgumentException e) {
            return false; // "null", file://, garbage
        }
        if (allowed.contains(normalized)) {
            return true;
        }
        if (host == null || host.isBlank()) {
            return false;
        }
        String self;
        String hostName;
        try {
            URI uri = URI.create((secure ? "https" : "http") + "://" + host.trim());
            self = DdpServerOptions.normalizeOrigin(uri.toString());
            hostName = uri.getHost().toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException | NullPointerException e) {
            return false;
        }
        boolean direct = hostName.equals("localhost") || hostName.equalsIgnoreCase(bindHost)
                || hostName.startsWith("[") || hostName.matches("[0-9.]+");
        return direct && self.equals(normalized);
    }

    private static String sanitize(String s) {
        String cut = s.length() > 100 ? s.substring(0, 100) + "..." : s;
        return cut.replaceAll("[^\\x20-\\x7e]", "?");
    }

    @Override
    public void register(Class<?> endpointClass, String contextPath) throws DeploymentException {
        delegate.register(endpointClass, contextPath);
    }

    @Override
    public void register(ServerEndpointConfig serverConfig, String contextPath) throws DeploymentException {
        delegate.register(serverConfig, contextPath);
    }
}
