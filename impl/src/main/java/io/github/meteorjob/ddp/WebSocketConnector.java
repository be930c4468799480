package io.github.meteorjob.ddp;

import io.github.meteorjob.DdpException;
import jakarta.json.spi.JsonProvider;
import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.CloseReason;
import jakarta.websocket.WebSocketContainer;

import javax.net.ssl.SSLContext;
import java.lang.System.Logger.Level;
import java.security.NoSuchAlgorithmException;
import java.util.Map;

/**
 * Opens the WebSocket of a {@link Link}: obtains the container once (sized for the largest frame,
 * with the TLS context and, for Tyrus, its extra limits and host name switch), connects on the shared
 * connector pool, and releases a container the client owns when the client closes.
 */
final class WebSocketConnector {

    private static final System.Logger LOG = System.getLogger(WebSocketConnector.class.getName());
    private static final JsonProvider JSON = JsonProvider.provider();
    private static final String TYRUS_CLIENT_MANAGER = "org.glassfish.tyrus.client.ClientManager";

    private final DdpClientOptions options;
    private final int bufferLimit;
    private WebSocketContainer container;
    private ClientEndpointConfig endpointConfig;

    WebSocketConnector(DdpClientOptions options) {
        this.options = options;
        this.bufferLimit = (int) Math.min(Integer.MAX_VALUE - 1024L, options.maxFrameSize() * 4L);
    }

    /** The container's text buffer size: room for a frame of {@code maxFrameSize} characters in UTF-8. */
    int bufferLimit() {
        return bufferLimit;
    }

    /**
     * Opens the link's socket on the connector pool ({@code connectToServer} blocks until the
     * WebSocket handshake ends); a failure fails the link's handshake.
     */
    void open(Link l) {
        DdpRuntime.CONNECTOR.execute(() -> {
            try {
                WebSocketContainer c = container();
                jakarta.websocket.Session s = c.connectToServer(l, endpointConfig(), options.url());
                if (l.handshake.isDone() && l.handshake.isCompletedExceptionally()) {
                    Link.closeQuietly(s, CloseReason.CloseCodes.GOING_AWAY, "attempt abandoned");
                }
            } catch (Exception | LinkageError e) {
                l.handshake.completeExceptionally(new DdpException(JSON.createValue("connect-failed"),
                        "Cannot open a WebSocket to " + options.url() + ": " + Failures.describe(e), null, e));
            }
        });
    }

    private synchronized ClientEndpointConfig endpointConfig() {
        return endpointConfig;
    }

    private synchronized WebSocketContainer container() {
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

    /**
     * Shuts down the container when the client created it itself (the default supplier with Tyrus),
     * off the calling thread, which may be one of the container's own.
     */
    void release() {
        WebSocketContainer c;
        synchronized (this) {
            c = container;
        }
        if (c != null && options.container() == DdpClientOptions.DEFAULT_CONTAINER
                && c.getClass().getName().equals(TYRUS_CLIENT_MANAGER)) {
            DdpRuntime.CONNECTOR.execute(() -> {
                try {
                    c.getClass().getMethod("shutdown").invoke(c);
                } catch (ReflectiveOperationException | RuntimeException e) {
                    LOG.log(Level.DEBUG, "shutting down the Tyrus container failed: {0}", e.toString());
                }
            });
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
}
