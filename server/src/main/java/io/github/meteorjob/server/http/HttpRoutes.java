package io.github.meteorjob.server.http;

import org.glassfish.grizzly.http.server.ErrorPageGenerator;
import org.glassfish.grizzly.http.server.HttpHandler;
import org.glassfish.grizzly.http.server.HttpServer;
import org.glassfish.grizzly.http.server.Request;
import org.glassfish.grizzly.http.server.Response;
import org.glassfish.grizzly.http.server.ServerConfiguration;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The plain HTTP side of the server's one port: handlers for paths next to the DDP WebSocket endpoint
 * ({@code /metrics}, {@code /health/*}, the dashboard, {@code /sockjs/info}).
 *
 * <p>Register handlers before or after the server starts. The routes choose the handler themselves, on the raw
 * request path, instead of Grizzly's mapper, which answers some paths (an encoded {@code ..}) with 500 once more
 * than one handler is registered. A path with a dot segment, encoded or not, reaches only the default handler
 * (which serves fixed resources, so it answers 404 with its own headers), or is a 404.
 * Every answer the server writes itself (404, 500, a refused upgrade) is a short plain-text page that names
 * neither the server software nor its version, so a scan learns nothing about what to attack.
 */
public final class HttpRoutes {

    private final Map<String, HttpHandler> handlers = new ConcurrentHashMap<>();

    /**
     * Serves {@code mapping} with {@code handler}. A mapping is Servlet-style: an exact path
     * ({@code /metrics}), a prefix ({@code /health/*}, which also serves {@code /health}) or the default
     * ({@code /}, every path nothing else serves).
     *
     * @throws IllegalStateException when the mapping is taken
     */
    public void add(String mapping, HttpHandler handler) {
        Objects.requireNonNull(mapping, "mapping");
        Objects.requireNonNull(handler, "handler");
        if (!mapping.startsWith("/") || mapping.indexOf('*') >= 0 && !mapping.endsWith("/*")) {
            throw new IllegalArgumentException("HTTP mapping must be /exact, /prefix/* or /: " + mapping);
        }
        if (handlers.putIfAbsent(mapping, handler) != null) {
            throw new IllegalStateException("HTTP path '" + mapping + "' is already served");
        }
    }

    /** Installs the routes, and the anonymous error pages, on a server about to start. */
    public void installOn(HttpServer httpServer) {
        ServerConfiguration config = httpServer.getServerConfiguration();
        anonymize(config);
        config.addHttpHandler(new Dispatch(), "/");
    }

    /** The handler for {@code path}: exact, then the longest prefix, then the default; {@code null} for none. */
    HttpHandler route(String path) {
        if (path == null || !path.startsWith("/")) {
            return null;
        }
        if (hasDotSegment(path)) {
            // never an exact or prefix handler; the default one (the dashboard's fixed assets) answers its own 404
            return handlers.get("/");
        }
        HttpHandler exact = handlers.get(path);
        if (exact != null) {
            return exact;
        }
        for (String p = path; ; ) {
            HttpHandler prefix = handlers.get(p.equals("/") ? "/*" : p + "/*");
            if (prefix != null) {
                return prefix;
            }
            int slash = p.lastIndexOf('/');
            if (slash <= 0) {
                break;
            }
            p = p.substring(0, slash);
        }
        return handlers.get("/");
    }

    /** {@code .} or {@code ..} as a path segment, also percent-encoded: nothing here serves such a path. */
    static boolean hasDotSegment(String path) {
        String p = path.toLowerCase(Locale.ROOT).replace("%2e", ".").replace("%2f", "/").replace("%5c", "/")
                .replace('\\', '/');
        for (String segment : p.split("/", -1)) {
            if (segment.equals(".") || segment.equals("..")) {
                return true;
            }
        }
        return false;
    }

    private final class Dispatch extends HttpHandler {
        @Override
        public void service(Request request, Response response) throws Exception {
            HttpHandler handler = route(request.getRequestURI());
            if (handler == null) {
                response.sendError(404);
                return;
            }
            handler.service(request, response);
        }
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
