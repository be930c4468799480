package io.github.meteorjob.server.http;

import org.glassfish.grizzly.http.Method;
import org.glassfish.grizzly.http.server.Request;
import org.glassfish.grizzly.http.server.Response;

import java.io.IOException;

/** Small helpers for the server's read-only HTTP paths. */
public final class HttpAnswers {

    private HttpAnswers() {
    }

    /**
     * Answers 405 to anything but GET and HEAD (the paths are read-only); returns whether the request may go on.
     */
    public static boolean readOnly(Request request, Response response) throws IOException {
        Method m = request.getMethod();
        if (m == Method.GET || m == Method.HEAD) {
            return true;
        }
        response.setHeader("Allow", "GET, HEAD");
        text(response, 405, "405 Method Not Allowed: this path is read-only\n");
        return false;
    }

    /** A short plain-text answer. */
    public static void text(Response response, int status, String body) throws IOException {
        response.setStatus(status);
        body(response, "text/plain", body);
    }

    /** {@code body} with the content type (UTF-8), never cached. */
    public static void body(Response response, String contentType, String body) throws IOException {
        response.setHeader("Cache-Control", "no-store");
        response.setContentType(contentType.contains("charset=") ? contentType : contentType + "; charset=utf-8");
        byte[] bytes = body.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }
}
