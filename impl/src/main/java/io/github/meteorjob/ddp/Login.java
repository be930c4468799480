package io.github.meteorjob.ddp;

import io.github.meteorjob.DdpException;
import io.github.meteorjob.ejson.Ejson;
import io.github.meteorjob.wire.PasswordDigest;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.lang.System.Logger.Level;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Who the connection is logged in as: the {@code login}/{@code logout} method calls, the resume
 * token kept for reconnects, and the login on every new link (resume token first, then the
 * configured credentials).
 */
final class Login {

    private static final System.Logger LOG = System.getLogger(Login.class.getName());

    private final DdpCredentials configured;
    private final PendingCalls calls;
    private final ConnectionEvents events;
    private volatile LoginResult login;
    private volatile String resumeToken;
    /** False after {@link #logout()}: later reconnects stay logged out. */
    private volatile boolean useConfiguredCredentials = true;

    Login(DdpCredentials configured, PendingCalls calls, ConnectionEvents events) {
        this.configured = configured;
        this.calls = calls;
        this.events = events;
    }

    /**
     * Logs in on a new link before the application's calls go out: with the kept resume token
     * (falling back to configured password credentials), else with the configured credentials;
     * completes with {@code null} when there is nothing to log in with.
     */
    CompletionStage<LoginResult> onConnect(Link l) {
        String token = resumeToken;
        DdpCredentials cr = useConfiguredCredentials ? configured : null;
        if (token != null) {
            CompletionStage<LoginResult> byToken = loginOn(l, resumeParams(token));
            if (cr != null && cr.user() != null) {
                return byToken.handle((r, e) -> {
                    if (e == null) {
                        return CompletableFuture.completedFuture(r);
                    }
                    if (Failures.unwrap(e) instanceof DdpConnectionLostException) {
                        return CompletableFuture.<LoginResult>failedFuture(Failures.unwrap(e));
                    }
                    return loginOn(l, passwordParams(cr.user(), cr.password()));
                }).thenCompose(s -> s);
            }
            return byToken;
        }
        if (cr != null) {
            return loginOn(l, cr.user() != null ? passwordParams(cr.user(), cr.password())
                    : resumeParams(cr.resumeToken()));
        }
        return CompletableFuture.completedFuture(null);
    }

    private CompletionStage<LoginResult> loginOn(Link l, JsonArray params) {
        return calls.startInternal(l, "login", params).thenApply(this::loggedIn);
    }

    /** The re-login after a reconnect was refused: the connection goes on logged out. */
    void refused(Throwable cause) {
        LOG.log(Level.WARNING, "re-login after reconnect was refused ({0}); continuing logged out",
                cause.getMessage());
        login = null;
        resumeToken = null;
        events.fire(ConnectionListener::loggedOut);
    }

    CompletionStage<LoginResult> withPassword(UserIdentity user, String password) {
        Objects.requireNonNull(user, "user");
        if (password == null) {
            throw new IllegalArgumentException("password must not be null");
        }
        return call("login", passwordParams(user, password)).thenApply(this::loggedIn);
    }

    CompletionStage<LoginResult> withToken(String token) {
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("resume token must not be blank");
        }
        return call("login", resumeParams(token)).thenApply(this::loggedIn);
    }

    CompletionStage<Void> logout() {
        return call("logout", JsonValue.EMPTY_JSON_ARRAY).thenApply(v -> {
            login = null;
            resumeToken = null;
            useConfiguredCredentials = false;
            events.fire(ConnectionListener::loggedOut);
            return null;
        });
    }

    private CompletionStage<JsonValue> call(String method, JsonArray params) {
        return calls.start(method, params, CallOptions.IDEMPOTENT, false).result();
    }

    LoginResult current() {
        return login;
    }

    private static JsonArray resumeParams(String token) {
        return Ejson.builders().createArrayBuilder()
                .add(Ejson.builders().createObjectBuilder().add("resume", token)).build();
    }

    private static JsonArray passwordParams(UserIdentity user, String password) {
        return Ejson.builders().createArrayBuilder().add(Ejson.builders().createObjectBuilder()
                .add("user", user.toJson())
                .add("password", Ejson.builders().createObjectBuilder()
                        .add("digest", PasswordDigest.sha256Hex(password))
                        .add("algorithm", PasswordDigest.ALGORITHM))).build();
    }

    private LoginResult loggedIn(JsonValue v) {
        if (!(v instanceof JsonObject o) || !(o.get("id") instanceof JsonString)
                || !(o.get("token") instanceof JsonString)) {
            throw new DdpException("bad-login-result",
                    "login result has no id and token: " + (v == null ? "null" : v.getValueType()));
        }
        Instant expires = null;
        JsonValue te = o.get("tokenExpires");
        if (te instanceof JsonObject) {
            try {
                expires = Ejson.instant(te);
            } catch (IllegalArgumentException e) {
                LOG.log(Level.DEBUG, "ignoring an invalid tokenExpires: {0}", e.getMessage());
            }
        }
        LoginResult r = new LoginResult(o.getString("id"), o.getString("token"), expires);
        login = r;
        resumeToken = r.token();
        events.fire(l -> l.loggedIn(r));
        return r;
    }
}
