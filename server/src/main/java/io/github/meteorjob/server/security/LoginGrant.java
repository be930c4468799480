package io.github.meteorjob.server.security;

import java.time.Instant;

/**
 * A successful login to the embedded server: the resume token it issued. (Not the client's
 * {@code io.github.meteorjob.ddp.LoginResult}, which is what a client learns from a login.)
 *
 * @param userId    the user's id
 * @param token     the resume token handed to the client (only its hash is kept)
 * @param tokenHash the stored hash of the token, used to revoke it on logout
 * @param expires   when the token stops working
 * @param type      {@code password} or {@code resume}
 */
public record LoginGrant(String userId, String token, String tokenHash, Instant expires, String type) {

    @Override
    public String toString() {
        return "LoginGrant[userId=" + userId + ", expires=" + expires + ", type=" + type + "]";
    }
}
