package io.github.meteorjob.ddp;

import java.util.Objects;

/**
 * How the client logs in on {@code connect()}: a user and password, or a resume token.
 * After the first login the client re-logs in with the resume token it received.
 * {@link #toString()} never shows the secret. Create with {@link #password} or {@link #resumeToken}.
 *
 * @param user        the user for a password login, or {@code null}
 * @param password    the password for a password login, or {@code null}
 * @param resumeToken the resume token, or {@code null} for a password login
 */
public record DdpCredentials(UserIdentity user, String password, String resumeToken) {

    /**
     * Checks that the credentials are one kind of login.
     *
     * @throws IllegalArgumentException unless they are a user and password, or a non-blank resume token alone
     */
    public DdpCredentials {
        if (resumeToken == null ? user == null || password == null
                : resumeToken.isBlank() || user != null || password != null) {
            throw new IllegalArgumentException("credentials must be a user and password, or a non-blank resume token"
                    + " alone");
        }
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

    @Override
    public String toString() {
        return user != null ? "DdpCredentials[user=" + user + ", password=***]" : "DdpCredentials[resumeToken=***]";
    }
}
