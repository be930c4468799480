package io.github.meteorjob.server.dashboard;

import org.glassfish.grizzly.http.Method;
import org.glassfish.grizzly.http.server.HttpHandler;
import org.glassfish.grizzly.http.server.Request;
import org.glassfish.grizzly.http.server.Response;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Serves the web dashboard's files (HTML, CSS, JavaScript modules bundled in this jar) at the root of
 * the server's HTTP port, next to the DDP endpoint the pages talk to.
 *
 * <p>Only the files of a fixed list are served, from memory, so no request path ever reaches the class
 * path or the file system. Every answer carries a Content-Security-Policy that allows nothing but this
 * origin (no inline script or style, WebSocket back to the server), forbids framing, content sniffing
 * and referrers; the files are revalidated by ETag. The pages hold no data: everything they show comes
 * over the authenticated WebSocket.
 */
public final class DashboardHandler extends HttpHandler {

    /** The policy of every answer: same-origin files only, WebSocket to the server itself. */
    public static final String CONTENT_SECURITY_POLICY =
            "default-src 'self'; connect-src 'self' ws: wss:; "
                    + "frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

    private static final String BASE = "/io/github/meteorjob/server/dashboard/";

    /** The bundled files: request path to resource name. */
    private static final List<String> FILES = List.of(
            "index.html", "dashboard.css", "app.js", "ddp.js", "sha256.js", "jobsource.js", "views.js", "table.js", "jobpage.js",
            "sparkline.js", "favicon.svg");

    private record Asset(byte[] body, String contentType, String etag) {
    }

    private final Map<String, Asset> assets = new LinkedHashMap<>();

    /** Loads the bundled files; fails when one is missing from the jar (a broken build). */
    public DashboardHandler() {
        for (String name : FILES) {
            byte[] body = read(name);
            assets.put("/" + name, new Asset(body, contentType(name), etag(body)));
        }
        assets.put("/", assets.get("/index.html"));
    }

    @Override
    public void service(Request request, Response response) throws Exception {
        securityHeaders(response);
        Method method = request.getMethod();
        if (method != Method.GET && method != Method.HEAD) {
            response.setHeader("Allow", "GET, HEAD");
            plain(response, 405, "405 Method Not Allowed\n");
            return;
        }
        Asset asset = assets.get(request.getRequestURI());
        if (asset == null) {
            plain(response, 404, "404 Not Found\n");
            return;
        }
        response.setHeader("ETag", asset.etag());
        // revalidate every time: a new server version must not run against an old cached script
        response.setHeader("Cache-Control", "no-cache");
        String match = request.getHeader("If-None-Match");
        if (match != null && (match.contains(asset.etag()) || match.trim().equals("*"))) {
            response.setStatus(304);
            return;
        }
        response.setStatus(200);
        response.setContentType(asset.contentType());
        response.setContentLength(asset.body().length);
        if (method == Method.GET) {
            response.getOutputStream().write(asset.body());
        }
    }

    private static void securityHeaders(Response response) {
        response.setHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        response.setHeader("X-Frame-Options", "DENY");
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Referrer-Policy", "no-referrer");
    }

    private static void plain(Response response, int status, String text) throws IOException {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.setContentType("text/plain;charset=utf-8");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    private static byte[] read(String name) {
        try (InputStream in = DashboardHandler.class.getResourceAsStream(BASE + name)) {
            if (in == null) {
                throw new IllegalStateException("dashboard file " + name + " is missing from the server jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read dashboard file " + name, e);
        }
    }

    static String contentType(String name) {
        String ext = name.substring(name.lastIndexOf('.') + 1);
        return switch (ext) {
            case "html" -> "text/html;charset=utf-8";
            case "css" -> "text/css;charset=utf-8";
            case "js" -> "text/javascript;charset=utf-8";
            case "svg" -> "image/svg+xml";
            default -> throw new IllegalArgumentException("no content type for dashboard file " + name);
        };
    }

    private static String etag(byte[] body) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(body);
            return "\"" + HexFormat.of().formatHex(hash, 0, 16) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
