package io.github.meteorjob.server.dashboard;

import io.github.meteorjob.server.ddp.MethodRegistry;
import io.github.meteorjob.server.security.AccessControl;
import io.github.meteorjob.server.security.User;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;

import java.util.Collection;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * Server-wide DDP methods of meteor-job servers (not part of job-collection) that tell a client such as
 * the dashboard what this server holds: {@code meteorJob_collections} (the collection roots) and
 * {@code meteorJob_user} (who the caller is logged in as and with which permission levels, so that a
 * page shows only the actions the server would allow).
 */
public final class ServerInfoMethods {

    /** Method name: {@code []} → array of the collection roots served, in configuration order. */
    public static final String COLLECTIONS = "meteorJob_collections";

    /**
     * Method name: {@code []} → {@code {"username": s|null, "levels": [..]}} of the caller; on a server
     * without users (everything allowed) {@code {"username": null, "levels": ["admin"], "open": true}}.
     */
    public static final String USER = "meteorJob_user";

    /** The levels that may ask (besides admin): those that may read jobs. */
    static final Set<String> LEVELS = Set.of("manager", "viewer");

    private ServerInfoMethods() {
    }

    /** Registers both methods; {@code roots} is asked on every call. */
    public static void register(MethodRegistry registry, Supplier<? extends Collection<String>> roots,
                                AccessControl access) {
        registry.method(COLLECTIONS, LEVELS, (invocation, params) -> {
            JsonArrayBuilder out = Json.createArrayBuilder();
            roots.get().forEach(out::add);
            return out.build();
        });
        // every logged-in user may learn their own levels; the answer names nothing about others
        registry.method(USER, Set.of("manager", "viewer", "creator", "worker"), (invocation, params) -> {
            JsonObjectBuilder out = Json.createObjectBuilder();
            if (access.isOpen()) {
                return out.add("username", JsonValue.NULL).add("levels", Json.createArrayBuilder().add("admin"))
                        .add("open", true).build();
            }
            Optional<User> user = invocation.userId() == null ? Optional.empty() : access.users().byId(invocation.userId());
            if (user.isEmpty()) {
                return JsonValue.NULL;
            }
            User u = user.get();
            out.add("username", u.username() == null ? Json.createValue(u.email()) : Json.createValue(u.username()));
            JsonArrayBuilder levels = Json.createArrayBuilder();
            new TreeSet<>(u.levels()).forEach(levels::add);
            return out.add("levels", levels).add("open", false).build();
        });
    }
}
