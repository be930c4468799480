package io.github.meteorjob.server.security;

import java.util.Set;

/**
 * A user of the embedded server.
 *
 * @param id           the user id returned by {@code login}
 * @param username     login name, or {@code null} when the user logs in by email only
 * @param email        email address, or {@code null}
 * @param passwordHash {@link PasswordHashing} hash
 * @param levels       permission levels: {@code admin}, {@code manager}, {@code creator}, {@code worker}, and
 *                     the read-only {@code viewer} (may look at jobs through the job query extension, change none)
 */
public record User(String id, String username, String email, String passwordHash, Set<String> levels) {

    /** The permission levels of job-collection, plus the read-only {@code viewer} of the job query extension. */
    public static final Set<String> LEVELS = Set.of("admin", "manager", "creator", "worker", "viewer");

    public User {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("user id must not be blank");
        }
        if ((username == null || username.isBlank()) && (email == null || email.isBlank())) {
            throw new IllegalArgumentException("user " + id + " needs a username or an email");
        }
        PasswordHashing.validate(passwordHash);
        levels = Set.copyOf(levels);
        for (String level : levels) {
            if (!LEVELS.contains(level)) {
                throw new IllegalArgumentException("unknown permission level '" + level + "' for user " + id
                        + "; use admin, manager, creator, worker or viewer");
            }
        }
    }

    @Override
    public String toString() {
        return "User[id=" + id + ", username=" + username + ", email=" + email + ", levels=" + levels + "]";
    }
}
