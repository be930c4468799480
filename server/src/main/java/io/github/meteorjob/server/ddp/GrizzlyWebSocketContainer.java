package io.github.meteorjob.server.ddp;

import jakarta.websocket.DeploymentException;
import jakarta.websocket.server.ServerEndpointConfig;
import org.glassfish.grizzly.http.server.HttpServer;
import org.glassfish.grizzly.http.server.NetworkListener;
import org.glassfish.grizzly.http.server.AddOn;
import org.glassfish.grizzly.nio.transport.TCPNIOTransport;
import org.glassfish.grizzly.ssl.SSLEngineConfigurator;
import org.glassfish.grizzly.strategies.WorkerThreadIOStrategy;
import io.github.meteorjob.server.http.HttpRoutes;
import org.glassfish.tyrus.core.TyrusWebSocketEngine;
import org.glassfish.tyrus.server.TyrusServerContainer;
import org.glassfish.tyrus.spi.WebSocketEngine;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * A Tyrus server container on Grizzly that, unlike Tyrus' own Grizzly container, binds to the
 * given host only (never 0.0.0.0), can serve TLS, and serves plain HTTP paths ({@link HttpRoutes}) on
 * the same port.
 */
final class GrizzlyWebSocketContainer extends TyrusServerContainer {

    private final String host;
    private final SSLContext sslContext;
    private final TyrusWebSocketEngine engine;
    private final WebSocketEngine gate;
    private final HttpRoutes http;
    private HttpServer server;
    private NetworkListener listener;
    private String contextPath;

    GrizzlyWebSocketContainer(String host, SSLContext sslContext, int incomingBufferSize,
                              UnaryOperator<WebSocketEngine> gate, HttpRoutes http) {
        super((Set<Class<?>>) null);
        this.host = host;
        this.http = http;
        this.sslContext = sslContext;
        this.engine = TyrusWebSocketEngine.builder(this).incomingBufferSize(incomingBufferSize).build();
        this.gate = gate.apply(engine);
    }

    @Override
    public void register(Class<?> endpointClass) throws DeploymentException {
        engine.register(endpointClass, contextPath);
    }

    @Override
    public void register(ServerEndpointConfig config) throws DeploymentException {
        engine.register(config, contextPath);
    }

    @Override
    public WebSocketEngine getWebSocketEngine() {
        return gate;
    }

    /** Closes the listening socket; open connections stay. */
    void stopAccepting() {
        if (listener != null) {
            listener.getTransport().unbindAll();
        }
    }

    @Override
    public void start(String rootPath, int port) throws IOException, DeploymentException {
        contextPath = rootPath;
        server = new HttpServer();
        listener = new NetworkListener("meteor-job-ddp", host, port);
        if (sslContext != null) {
            listener.setSecure(true);
            listener.setSSLEngineConfig(new SSLEngineConfigurator(sslContext, false, false, false));
        }
        server.addListener(listener);
        http.installOn(server);
        TCPNIOTransport transport = listener.getTransport();
        transport.setIOStrategy(WorkerThreadIOStrategy.getInstance());
        // WebSocket connections live long; the HTTP keep-alive idle timeout must not close them
        listener.getKeepAlive().setIdleTimeoutInSeconds(-1);
        listener.registerAddOn(webSocketAddOn(rootPath));
        server.start();
        super.start(rootPath, port);
    }

    /** Tyrus' add-on has a package-private constructor although the class is public for exactly this use. */
    private AddOn webSocketAddOn(String rootPath) throws IOException {
        try {
            Class<?> type = Class.forName("org.glassfish.tyrus.container.grizzly.server.WebSocketAddOn");
            Constructor<?> constructor = type.getDeclaredConstructor(org.glassfish.tyrus.spi.ServerContainer.class, String.class);
            constructor.setAccessible(true);
            return (AddOn) constructor.newInstance(this, rootPath);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IOException("cannot install the Tyrus WebSocket add-on on Grizzly: " + e, e);
        }
    }

    @Override
    public int getPort() {
        return listener != null && listener.getPort() > 0 ? listener.getPort() : -1;
    }

    @Override
    public void stop() {
        try {
            super.stop();
        } finally {
            if (server != null) {
                server.shutdownNow();
            }
        }
    }
}
