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
    /** Who is logged in and with which resume token, changed together; {@link Login#NOBODY} when anonymous. */
    private volatile Login login = Login.NOBODY;

    ConnectionUser(DdpServer server, String remoteAddress, ConnectionSubscriptions subscriptions) {
        this.server = server;
        this.remoteAddress = remoteAddress;
        this.subscriptions = subscriptions;
    }

    /** The logged-in user's id, or {@code null}. */
    String userId() {
        return login.userId();
    }

    /** The {@code login} method: answers as Meteor's accounts package, with a resume token. */
    JsonValue login(String sessionId, JsonArray params) {
        // Meteor's per-connection rule; AccessControl adds the limits per user and per address
        failedLogins.check();
        LoginGrant grant;
        try {
            grant = server.access().login(params, remoteAddress);
        } catch (DdpException e) {
            failedLogins.failed();
            // Meteor logs a failed login attempt out of the connection
            setUser(sessionId, Login.NOBODY);
            throw e;
        }
        setUser(sessionId, new Login(grant.userId(), grant.tokenHash()));
        return JSON.createObjectBuilder().add("id", grant.userId()).add("token", grant.token())
                .add("tokenExpires", JSON.createObjectBuilder().add("$date", grant.expires().toEpochMilli()))
                .add("type", grant.type()).build();
    }

    /** The {@code logout} method: the resume token stops working and the connection is anonymous. */
    void logout(String sessionId) {
        server.access().revoke(login.tokenHash());
        setUser(sessionId, Login.NOBODY);
    }

    /**
     * Changes who is logged in and, as Meteor's {@code _setUserId}, re-runs every subscription of the
     * connection for the new user (or nobody): documents the new user may not see are {@code removed},
     * documents it may now see are {@code added}. Runs on the method thread, like {@code sub}, so no
     * subscription starts in between.
     */
    private void setUser(String sessionId, Login newLogin) {
        String previous = login.userId();
        login = newLogin;
        if (!Objects.equals(previous, newLogin.userId())) {
            subscriptions.rerun(new MethodInvocation(sessionId, newLogin.userId()));
        }
    }

    /** A logged-in user and the hash of the resume token the login issued; both null for nobody. */
    private record Login(String userId, String tokenHash) {
        static final Login NOBODY = new Login(null, null);
    }
}
