package io.github.meteorjob.server.http;

import org.glassfish.grizzly.http.server.ErrorPageGenerator;
import org.glassfish.grizzly.http.server.HttpHandler;
import org.glassfish.grizzly.http.server.HttpServer;
import org.glassfish.grizzly.http.server.Request;
import org.glassfish.grizzly.http.server.ServerConfiguration;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The plain HTTP side of the server's one port: handlers for paths next to the DDP WebSocket endpoint
 * ({@code /metrics}, {@code /health/*}, the dashboard, {@code /sockjs/info}).
 *
 * <p>Register handlers before or after the server starts. Every answer the server writes itself (404,
 * 500, a refused upgrade) is a short plain-text page that names neither the server software nor its
 * version, so a scan learns nothing about what to attack.
 */
public final class HttpRoutes {

    private final Map<String, HttpHandler> handlers = new LinkedHashMap<>();
    private HttpServer server;

    /**
     * Serves {@code mapping} with {@code handler}. A mapping is Servlet-style: an exact path
     * ({@code /metrics}), a prefix ({@code /health/*}) or the default ({@code /}).
     *
     * @throws IllegalStateException when the mapping is taken
     */
    public synchronized void add(String mapping, HttpHandler handler) {
        Objects.requireNonNull(mapping, "mapping");
        Objects.requireNonNull(handler, "handler");
        if (handlers.putIfAbsent(mapping, handler) != null) {
            throw new IllegalStateException("HTTP path '" + mapping + "' is already served");
        }
        if (server != null) {
            server.getServerConfiguration().addHttpHandler(handler, mapping);
        }
    }

    /** Installs the handlers registered so far, and the anonymous error pages, on a server about to start. */
    public synchronized void installOn(HttpServer httpServer) {
        ServerConfiguration config = httpServer.getServerConfiguration();
        anonymize(config);
        handlers.forEach((mapping, handler) -> config.addHttpHandler(handler, mapping));
        server = httpServer;
    }

    /** No {@code Server} header, no version in error pages, no stack traces to clients. */
    static void anonymize(ServerConfiguration config) {
        config.setHttpServerName("");
        config.setHttpServerVersion("");
        config.setPassTraceRequest(false);
        config.setTraceEnabled(false);
        config.setDefaultErrorPageGenerator(PLAIN_ERRORS);
    }

    private static final ErrorPageGenerator PLAIN_ERRORS = new ErrorPageGenerator() {
        @Override
        public String generate(Request request, int status, String reasonPhrase, String description,
                               Throwable exception) {
            return status + " " + (reasonPhrase == null ? "" : reasonPhrase) + "\n";
        }
    };
}
