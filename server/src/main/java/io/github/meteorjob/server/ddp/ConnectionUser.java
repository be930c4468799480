package io.github.meteorjob.server.ddp;

import io.github.meteorjob.DdpException;
import io.github.meteorjob.server.security.LoginGrant;
import io.github.meteorjob.server.security.LoginThrottle;
import jakarta.json.JsonArray;
import jakarta.json.JsonValue;

import java.util.Objects;

import static io.github.meteorjob.server.ddp.JsonSupport.JSON;

/**
 * Who is logged in on one {@link DdpConnection}, and the {@code login} and {@code logout} methods
 * that change it. Changed only on the connection's method thread.
 */
final class ConnectionUser {

    private final DdpServer server;
    private final String remoteAddress;
    private final ConnectionSubscriptions subscriptions;
    /** Touched only by the connection's method thread. */
    private final LoginThrottle.ConnectionWindow failedLogins = new LoginThrottle.ConnectionWindow();
    private volatile String userId;
    private volatile String loginTokenHash;

    ConnectionUser(DdpServer server, String remoteAddress, ConnectionSubscriptions subscriptions) {
        this.server = server;
        this.remoteAddress = remoteAddress;
        this.subscriptions = subscriptions;
    }

    /** The logged-in user's id, or {@code null}. */
    String userId() {
        return userId;
    }

    /** The {@code login} method: answers as Meteor's accounts package, with a resume token. */
    JsonValue login(String sessionId, JsonArray params) {
        // Meteor's per-connection rule; AccessControl adds the limits per user and per address
        failedLogins.check();
        LoginGrant login;
        try {
            login = server.access().login(params, remoteAddress);
        } catch (DdpException e) {
            failedLogins.failed();
            // Meteor logs a failed login attempt out of the connection
            setUser(sessionId, null, null);
            throw e;
        }
        setUser(sessionId, login.userId(), login.tokenHash());
        return JSON.createObjectBuilder().add("id", login.userId()).add("token", login.token())
                .add("tokenExpires", JSON.createObjectBuilder().add("$date", login.expires().toEpochMilli()))
                .add("type", login.type()).build();
    }

    /** The {@code logout} method: the resume token stops working and the connection is anonymous. */
    void logout(String sessionId) {
        server.access().revoke(loginTokenHash);
        setUser(sessionId, null, null);
    }

    /**
     * Changes who is logged in and, as Meteor's {@code _setUserId}, re-runs every subscription of the
     * connection for the new user (or nobody): documents the new user may not see are {@code removed},
     * documents it may now see are {@code added}. Runs on the method thread, like {@code sub}, so no
     * subscription starts in between.
     */
    private void setUser(String sessionId, String newUserId, String tokenHash) {
        String previous = userId;
        userId = newUserId;
        loginTokenHash = tokenHash;
        if (!Objects.equals(previous, newUserId)) {
            subscriptions.rerun(new MethodInvocation(sessionId, newUserId));
        }
    }
}
