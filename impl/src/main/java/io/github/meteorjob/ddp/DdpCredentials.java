package io.github.meteorjob.ddp;

import java.util.Objects;

/**
 * How the client logs in on {@code connect()}: a user and password, or a resume token.
 * After the first login the client re-logs in with the resume token it received.
 * {@link #toString()} never shows the secret.
 */
public final class DdpCredentials {

    private final UserIdentity user;
    private final String password;
    private final String resumeToken;

    private DdpCredentials(UserIdentity user, String password, String resumeToken) {
        this.user = user;
        this.password = password;
        this.resumeToken = resumeToken;
    }

    /** Password login (sent as a SHA-256 digest, never in clear). */
    public static DdpCredentials password(UserIdentity user, String password) {
        Objects.requireNonNull(user, "user");
        if (password == null) {
            throw new IllegalArgumentException("password must not be null");
        }
        return new DdpCredentials(user, password, null);
    }

    /** Resume-token login. */
    public static DdpCredentials resumeToken(String token) {
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("resume token must not be blank");
        }
        return new DdpCredentials(null, null, token);
    }

    /** The user for a password login, or {@code null}. */
    public UserIdentity user() {
        return user;
    }

    /** The password for a password login, or {@code null}. */
    public String password() {
        return password;
    }

    /** The resume token, or {@code null} for a password login. */
    public String resumeToken() {
        return resumeToken;
    }

    @Override
    public String toString() {
        return user != null ? "DdpCredentials[user=" + user + ", password=***]" : "DdpCredentials[resumeToken=***]";
    }
}
