package io.github.meteorjob.server.security;

import java.time.Instant;

/**
 * A successful login.
 *
 * @param userId    the user's id
 * @param token     the resume token handed to the client (only its hash is kept)
 * @param tokenHash the stored hash of the token, used to revoke it on logout
 * @param expires   when the token stops working
 * @param type      {@code password} or {@code resume}
 */
public record LoginResult(String userId, String token, String tokenHash, Instant expires, String type) {

    @Override
    public String toString() {
        return "LoginResult[userId=" + userId + ", expires=" + expires + ", type=" + type + "]";
    }
}
