package io.github.meteorjob.ddp;

import java.time.Instant;
import java.util.Objects;

/**
 * A successful login.
 *
 * @param userId       the user's id
 * @param token        the resume token (secret; not shown by {@link #toString()})
 * @param tokenExpires when the token expires, or {@code null} when the server did not say
 */
public record LoginResult(String userId, String token, Instant tokenExpires) {

    /** Requires the user id and the token. */
    public LoginResult {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(token, "token");
    }

    @Override
    public String toString() {
        return "LoginResult[userId=" + userId + ", token=***, tokenExpires=" + tokenExpires + "]";
    }
}
