package io.github.meteorjob.server.health;

import io.github.meteorjob.ejson.Ejson;
import io.github.meteorjob.server.http.HttpAnswers;
import io.github.meteorjob.server.http.HttpRoutes;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.spi.JsonProvider;
import org.glassfish.grizzly.http.server.HttpHandler;
import org.glassfish.grizzly.http.server.Request;
import org.glassfish.grizzly.http.server.Response;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Serves {@code /health/live}, {@code /health/ready} and {@code /health} (both) in MicroProfile Health's JSON
 * format, {@code {"status":"UP","checks":[{"name":..,"status":..,"data":{..}}]}}, with HTTP 200 when every
 * check is UP and 503 otherwise. Open to everyone (orchestrators probe it); when the server has users the
 * answer holds only names and statuses, no data.
 */
public final class HealthEndpoint {

    private static final JsonProvider JSON = Ejson.provider();

    private HealthEndpoint() {
    }

    /** Adds the three paths to {@code routes}; {@code showData} says whether the details may be shown. */
    public static void register(HttpRoutes routes, HealthChecks checks, BooleanSupplier showData) {
        HttpHandler handler = new HttpHandler() {
            @Override
            public void service(Request request, Response response) throws Exception {
                // one handler for the three paths: Grizzly maps "/health/live" as a context path of its own
                Supplier<List<Check>> which = switch (request.getRequestURI()) {
                    case "/health/live" -> checks::live;
                    case "/health/ready" -> checks::ready;
                    case "/health", "/health/" -> () -> {
                        List<Check> all = new ArrayList<>(checks.live());
                        all.addAll(checks.ready());
                        return all;
                    };
                    default -> null;
                };
                if (which == null) {
                    HttpAnswers.text(response, 404, "404 Not Found\n");
                    return;
                }
                if (!HttpAnswers.readOnly(request, response)) {
                    return;
                }
                List<Check> results = which.get();
                boolean up = results.stream().allMatch(Check::up);
                response.setStatus(up ? 200 : 503);
                HttpAnswers.body(response, "application/json", json(results, up, showData.getAsBoolean()));
            }
        };
        routes.add("/health", handler);
        routes.add("/health/*", handler);
    }

    /** The MicroProfile Health answer for {@code checks}. */
    static String json(List<Check> checks, boolean up, boolean withData) {
        JsonArrayBuilder list = JSON.createArrayBuilder();
        for (Check c : checks) {
            JsonObjectBuilder o = JSON.createObjectBuilder().add("name", c.name()).add("status", c.status());
            if (withData && !c.data().isEmpty()) {
                JsonObjectBuilder data = JSON.createObjectBuilder();
                for (Map.Entry<String, Object> e : new java.util.TreeMap<>(c.data()).entrySet()) {
                    Object v = e.getValue();
                    if (v instanceof Boolean b) {
                        data.add(e.getKey(), b);
                    } else if (v instanceof Integer || v instanceof Long) {
                        data.add(e.getKey(), ((Number) v).longValue());
                    } else if (v instanceof Number n) {
                        data.add(e.getKey(), n.doubleValue());
                    } else {
                        data.add(e.getKey(), String.valueOf(v));
                    }
                }
                o.add("data", data);
            }
            list.add(o);
        }
        return JSON.createObjectBuilder().add("status", up ? "UP" : "DOWN").add("checks", list).build().toString();
    }
}
