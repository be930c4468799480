package io.github.meteorjob.ddp;

import jakarta.json.spi.JsonProvider;
import jakarta.json.JsonObject;

/**
 * Who logs in with a password: an email address or a user name (exactly one).
 * Use {@link #email(String)} or {@link #username(String)}.
 */
public record UserIdentity(String email, String username) {

    /** Looked up once: the static {@code jakarta.json.Json} methods search the provider on every call. */
    private static final JsonProvider JSON = JsonProvider.provider();

    /** Requires exactly one of a plausible email address or a non-blank user name. */
    public UserIdentity {
        boolean hasEmail = email != null;
        boolean hasName = username != null;
        if (hasEmail == hasName) {
            throw new IllegalArgumentException("a UserIdentity needs exactly one of email or username");
        }
        if (hasEmail && (email.isBlank() || email.indexOf('@') < 1 || email.indexOf('@') == email.length() - 1)) {
            throw new IllegalArgumentException("not an email address: '" + email + "'");
        }
        if (hasName && username.isBlank()) {
            throw new IllegalArgumentException("username must not be blank");
        }
    }

    /** A user identified by email address. */
    public static UserIdentity email(String email) {
        if (email == null) {
            throw new IllegalArgumentException("email must not be null");
        }
        return new UserIdentity(email, null);
    }

    /** A user identified by user name. */
    public static UserIdentity username(String username) {
        if (username == null) {
            throw new IllegalArgumentException("username must not be null");
        }
        return new UserIdentity(null, username);
    }

    /** The DDP selector: {@code {"email": ...}} or {@code {"username": ...}}. */
    public JsonObject toJson() {
        return email != null
                ? JSON.createObjectBuilder().add("email", email).build()
                : JSON.createObjectBuilder().add("username", username).build();
    }

    @Override
    public String toString() {
        return email != null ? "email:" + email : "username:" + username;
    }
}
