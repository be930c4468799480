package io.github.meteorjob.server.metrics;

import io.github.meteorjob.DdpException;
import io.github.meteorjob.ejson.Ejson;
import io.github.meteorjob.server.http.HttpAnswers;
import io.github.meteorjob.server.security.AccessControl;
import io.github.meteorjob.server.security.LoginGrant;
import io.github.meteorjob.server.security.User;
import jakarta.json.JsonArray;
import jakarta.json.JsonString;
import jakarta.json.spi.JsonProvider;
import org.glassfish.grizzly.http.server.HttpHandler;
import org.glassfish.grizzly.http.server.Request;
import org.glassfish.grizzly.http.server.Response;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Set;

/**
 * Serves {@code GET /metrics} in the Prometheus text format. Without users (a loopback-only server) or with
 * {@code metricsOpen} everyone may scrape; otherwise the scraper authenticates with HTTP Basic as a user with
 * the level {@code admin}, {@code manager} or {@code viewer}. Basic credentials go through the same login
 * checks as DDP (password hashes, the failed-login back-off), and no resume token outlives the request.
 */
public final class MetricsEndpoint extends HttpHandler {

    /** The levels whose users may scrape. */
    public static final Set<String> LEVELS = Set.of("admin", "manager", "viewer");

    private static final JsonProvider JSON = Ejson.provider();
    private static final String CHALLENGE = "Basic realm=\"meteor-job metrics\", charset=\"UTF-8\"";

    private final MetricRegistry registry;
    private final AccessControl access;
    private final boolean open;

    /** {@code open}: no authentication even when the server has users. */
    public MetricsEndpoint(MetricRegistry registry, AccessControl access, boolean open) {
        this.registry = registry;
        this.access = access;
        this.open = open;
    }

    @Override
    public void service(Request request, Response response) throws Exception {
        if (!HttpAnswers.readOnly(request, response) || !authorized(request, response)) {
            return;
        }
        response.setStatus(200);
        HttpAnswers.body(response, MetricRegistry.contentType(), registry.scrape());
    }

    private boolean authorized(Request request, Response response) throws java.io.IOException {
        if (open || access.isOpen()) {
            return true;
        }
        String header = request.getHeader("Authorization");
        String[] credentials = header == null ? null : basic(header);
        if (credentials == null) {
            response.setHeader("WWW-Authenticate", CHALLENGE);
            HttpAnswers.text(response, 401, "401 Unauthorized: scraping needs HTTP Basic credentials of a user with "
                    + "the level admin, manager or viewer\n");
            return false;
        }
        LoginGrant grant;
        try {
            JsonArray params = JSON.createArrayBuilder().add(JSON.createObjectBuilder()
                    .add("user", credentials[0]).add("password", credentials[1])).build();
            grant = access.login(params, request.getRemoteAddr());
        } catch (DdpException e) {
            if (e.error() instanceof JsonString s && s.getString().equals("too-many-requests")) {
                HttpAnswers.text(response, 429, "429 Too Many Requests: too many failed logins; try again later\n");
            } else {
                response.setHeader("WWW-Authenticate", CHALLENGE);
                HttpAnswers.text(response, 401, "401 Unauthorized: wrong user name or password\n");
            }
            return false;
        }
        // a scrape is not a session: the token issued by the login must not pile up
        access.revoke(grant.tokenHash());
        Set<String> levels = access.users().byId(grant.userId()).map(User::levels).orElse(Set.of());
        if (levels.stream().noneMatch(LEVELS::contains)) {
            HttpAnswers.text(response, 403, "403 Forbidden: scraping needs the level admin, manager or viewer\n");
            return false;
        }
        return true;
    }

    /** {@code [user, password]} of a Basic header, or {@code null} when it is not one. */
    static String[] basic(String header) {
        if (!header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
        int colon = decoded.indexOf(':');
        if (colon <= 0) {
            return null;
        }
        return new String[] {decoded.substring(0, colon), decoded.substring(colon + 1)};
    }
}
