package io.github.meteorjob.server.ddp;

import static io.github.meteorjob.server.ddp.JsonSupport.JSON;
import jakarta.json.JsonArray;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import org.glassfish.grizzly.http.server.HttpHandler;
import org.glassfish.grizzly.http.server.Request;
import org.glassfish.grizzly.http.server.Response;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;

/**
 * The SockJS framing that Meteor's own client and several npm DDP clients speak over WebSocket
 * ({@code /sockjs/<server>/<session>/websocket}; the polling transports are not served): the server
 * sends {@code o} once, each message as {@code a["<json>"]}, {@code h} as a heartbeat and
 * {@code c[code,"reason"]} before closing; the client sends arrays of message strings.
 */
final class SockJs {

    /** The WebSocket transport's path, as a Tyrus path template. */
    static final String WEBSOCKET_PATH = "/sockjs/{server}/{session}/websocket";
    static final String INFO_PATH = "/sockjs/info";
    static final String OPEN = "o";
    static final String HEARTBEAT = "h";
    /** SockJS servers send {@code h} after this long without other frames (Meteor sets heartbeat_delay 45000). */
    static final long HEARTBEAT_NANOS = 45_000_000_000L;

    private static final SecureRandom RANDOM = new SecureRandom();

    private SockJs() {
    }

    /** One DDP message as a SockJS message frame. */
    static String message(String json) {
        return "a" + JSON.createArrayBuilder().add(json).build();
    }

    static String close(int code, String reason) {
        return "c" + JSON.createArrayBuilder().add(code).add(reason == null ? "" : reason).build();
    }

    /**
     * The DDP messages of one client frame: a JSON array of strings, or one JSON string. An empty frame
     * holds none; anything else is broken framing, which SockJS answers by closing the session.
     *
     * @throws IllegalArgumentException for broken framing
     */
    static List<String> messages(String frame) {
        if (frame.isEmpty()) {
            return List.of();
        }
        JsonValue v;
        try {
            v = Frames.parse(frame);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("broken SockJS framing: not JSON", e);
        }
        if (v instanceof JsonString s) {
            return List.of(s.getString());
        }
        if (!(v instanceof JsonArray a)) {
            throw new IllegalArgumentException("broken SockJS framing: expected an array of strings");
        }
        List<String> out = new ArrayList<>(a.size());
        for (JsonValue m : a) {
            if (!(m instanceof JsonString s)) {
                throw new IllegalArgumentException("broken SockJS framing: expected an array of strings");
            }
            out.add(s.getString());
        }
        return out;
    }

    /** {@code GET /sockjs/info}: what a SockJS client asks before it picks a transport. */
    static final class Info extends HttpHandler {
        @Override
        public void service(Request request, Response response) throws Exception {
            String path = request.getRequestURI();
            if (!INFO_PATH.equals(path) && !(INFO_PATH + "/").equals(path)) {
                // Grizzly hands this handler every path under /sockjs/ that nothing else serves
                response.sendError(404);
                return;
            }
            String origin = request.getHeader("Origin");
            response.setHeader("Cache-Control", "no-store, no-cache, no-transform, must-revalidate, max-age=0");
            response.setHeader("Access-Control-Allow-Origin", origin == null || origin.isEmpty() ? "*" : origin);
            response.setHeader("Access-Control-Allow-Credentials", "true");
            if ("OPTIONS".equals(request.getMethod().getMethodString())) {
                response.setHeader("Access-Control-Allow-Methods", "OPTIONS, GET");
                response.setStatus(204);
                return;
            }
            response.setContentType("application/json; charset=UTF-8");
            String body = JSON.createObjectBuilder().add("websocket", true)
                    .add("origins", JSON.createArrayBuilder().add("*:*")).add("cookie_needed", false)
                    .add("entropy", RANDOM.nextInt() & 0x7fffffff).build().toString();
            response.getWriter().write(body);
        }
    }
}
