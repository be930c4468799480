package io.github.meteorjob.server.security;

import io.github.meteorjob.DdpException;
import io.github.meteorjob.wire.PasswordDigest;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Who may call what on the embedded server: password and resume-token login (Meteor's
 * {@code login} method), and the permission check of job-collection's levels. With no users
 * configured the server is <em>open</em> (everything allowed); the transport accepts that only
 * on a loopback address.
 */
public final class AccessControl {

    /** 90 days, Meteor's default login expiration. */
    public static final Duration DEFAULT_TOKEN_LIFETIME = Duration.ofDays(90);

    private static final System.Logger LOG = System.getLogger(AccessControl.class.getName());
    private static final SecureRandom RANDOM = new SecureRandom();

    /**
     * Checked when the user does not exist, so that a wrong name costs as much time as a wrong password.
     * Made at the first password login, not when the class loads: a PBKDF2 hash is the heaviest step of
     * a server's start-up otherwise, and most servers never see a password login.
     */
    private static final class DummyHash {
        static final String VALUE = PasswordHashing.hash("not a password of anyone");
    }

    private final UserDirectory users;
    private final Duration tokenLifetime;
    private final Clock clock;
    private final Map<String, LoginTokenFile.Entry> tokens = new ConcurrentHashMap<>();
    /** Where tokens are kept across restarts; null: in memory only. */
    private volatile LoginTokenFile tokenFile;
    private final LoginThrottle throttle = new LoginThrottle();

    /**
     * The one answer to a wrong user name or a wrong password (Meteor's {@code ambiguousErrorMessages}
     * wording), so that the answer does not tell which names exist.
     */
    public static final String BAD_CREDENTIALS = "Something went wrong. Please check your credentials.";

    public AccessControl(UserDirectory users, Duration tokenLifetime, Clock clock) {
        if (tokenLifetime == null || tokenLifetime.isNegative() || tokenLifetime.isZero()) {
            throw new IllegalArgumentException("token lifetime must be positive, got " + tokenLifetime);
        }
        this.users = users == null ? new UserDirectory() : users;
        this.tokenLifetime = tokenLifetime;
        this.clock = clock == null ? Clock.systemUTC() : clock;
    }

    public AccessControl(UserDirectory users) {
        this(users, DEFAULT_TOKEN_LIFETIME, Clock.systemUTC());
    }

    /**
     * Keeps resume tokens (their hashes) in {@code file} from now on, after loading the unexpired ones
     * it holds, so that clients log back in after a restart. Call before the server takes logins.
     *
     * @throws java.io.UncheckedIOException when the file cannot be read or written
     */
    public synchronized void persistTokens(java.nio.file.Path file) {
        if (tokenFile != null) {
            throw new IllegalStateException("login tokens are already kept in " + tokenFile.path());
        }
        try {
            tokenFile = LoginTokenFile.open(file, clock.instant(), tokens);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot open the login token file " + file + ": " + e.getMessage(), e);
        }
        LOG.log(System.Logger.Level.DEBUG, "{0} unexpired login tokens loaded from {1}", tokens.size(), file);
    }

    /** Closes the token file, if any; tokens issued afterwards are kept in memory only. */
    public synchronized void close() {
        LoginTokenFile f = tokenFile;
        tokenFile = null;
        if (f != null) {
            try {
                f.close();
            } catch (java.io.IOException e) {
                LOG.log(System.Logger.Level.WARNING, "closing the login token file failed", e);
            }
        }
    }

    /** True when no users are configured: every call is allowed. */
    public boolean isOpen() {
        return users.isEmpty();
    }

    public UserDirectory users() {
        return users;
    }

    public Duration tokenLifetime() {
        return tokenLifetime;
    }

    /**
     * Whether {@code userId} (null when not logged in) may call something registered for
     * {@code levels}; {@code admin} may call everything.
     */
    public boolean permits(String userId, Set<String> levels) {
        if (isOpen()) {
            return true;
        }
        if (userId == null) {
            return false;
        }
        Optional<User> user = users.byId(userId);
        if (user.isEmpty()) {
            return false;
        }
        Set<String> mine = user.get().levels();
        if (mine.contains("admin")) {
            return true;
        }
        for (String level : levels) {
            if (mine.contains(level)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Who {@code userId} is and which levels it has, for the details of a 403:
     * "user 'bob' has creator", or "not logged in".
     */
    public String describe(String userId) {
        if (userId == null) {
            return "not logged in";
        }
        Optional<User> user = users.byId(userId);
        if (user.isEmpty()) {
            return "user id '" + userId + "' no longer exists";
        }
        User u = user.get();
        String name = u.username() != null ? u.username() : u.email();
        return "user '" + name + "' has " + (u.levels().isEmpty() ? "no level"
                : String.join(", ", new java.util.TreeSet<>(u.levels())));
    }

    /**
     * Handles the params of Meteor's {@code login} method: {@code [{"resume": token}]} or
     * {@code [{"user": {"username"|"email"|"id": ..}, "password": {"digest": hex, "algorithm": "sha-256"}}]}.
     *
     * @throws DdpException 403 for a wrong user, password or token, 400 for a malformed request
     */
    public LoginGrant login(JsonArray params) {
        return login(params, null);
    }

    /**
     * As {@link #login(JsonArray)} for a client at {@code remoteAddress} (null when unknown): failed
     * password logins are counted per user name and per address, and further attempts back off
     * (see {@link LoginThrottle}), across connections.
     *
     * @throws DdpException also {@code too-many-requests} while the user or the address backs off
     */
    public LoginGrant login(JsonArray params, String remoteAddress) {
        if (params == null || params.size() != 1 || !(params.get(0) instanceof JsonObject request)) {
            throw new DdpException(400, "Match failed");
        }
        if (request.containsKey("resume")) {
            if (!(request.get("resume") instanceof JsonString token)) {
                throw new DdpException(400, "Match failed");
            }
            return resume(token.getString());
        }
        if (request.containsKey("user") && request.containsKey("password")) {
            User user = findUser(request.get("user"));
            String digest = digest(request.get("password"));
            String name = loginName(request.get("user"));
            throttle.check(name, remoteAddress);
            String unknownUser = DummyHash.VALUE; // read for every user: the first login costs the same either way
            boolean ok = PasswordHashing.verifyDigest(digest, user == null ? unknownUser : user.passwordHash());
            if (user == null || !ok) {
                throttle.failed(name, remoteAddress);
                // the count of failures is bounded by the throttle, so INFO cannot be flooded for long
                LOG.log(System.Logger.Level.INFO, "failed password login from {0}", remoteAddress);
                throw new DdpException(403, BAD_CREDENTIALS);
            }
            throttle.succeeded(name);
            return issue(user.id(), "password");
        }
        throw new DdpException(400, "Unrecognized options for login request");
    }

    /** Creates a resume token for a user from the Java side (e.g. to hand to an in-process client). */
    public LoginGrant createResumeToken(String userId) {
        if (users.byId(userId).isEmpty()) {
            throw new IllegalArgumentException("no user with id " + userId);
        }
        return issue(userId, "resume");
    }

    /** Revokes a token by its hash (logout); unknown hashes are ignored. */
    public void revoke(String tokenHash) {
        if (tokenHash != null && tokens.remove(tokenHash) != null) {
            LoginTokenFile f = tokenFile;
            if (f != null) {
                f.removed(tokenHash);
            }
        }
    }

    private LoginGrant resume(String token) {
        String hash = hashToken(token);
        LoginTokenFile.Entry stored = tokens.get(hash);
        if (stored == null || users.byId(stored.userId()).isEmpty()) {
            throw new DdpException(403, "You've been logged out by the server. Please log in again.");
        }
        if (!clock.instant().isBefore(stored.expires())) {
            tokens.remove(hash);
            throw new DdpException(403, "Your session has expired. Please log in again.");
        }
        return new LoginGrant(stored.userId(), token, hash, stored.expires(), "resume");
    }

    private LoginGrant issue(String userId, String type) {
        pruneExpired();
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        String hash = hashToken(token);
        Instant expires = clock.instant().plus(tokenLifetime);
        LoginTokenFile.Entry entry = new LoginTokenFile.Entry(userId, expires);
        LoginTokenFile f = tokenFile;
        if (f != null) {
            f.added(hash, entry); // on the disk before the client has the token
        }
        tokens.put(hash, entry);
        return new LoginGrant(userId, token, hash, expires, type);
    }

    private void pruneExpired() {
        Instant now = clock.instant();
        tokens.values().removeIf(t -> !now.isBefore(t.expires()));
    }

    private User findUser(JsonValue selector) {
        if (selector instanceof JsonString s) {
            // Meteor accepts a bare string as username or email
            String v = s.getString();
            return users.byUsername(v).or(() -> users.byEmail(v)).orElse(null);
        }
        if (selector instanceof JsonObject o && o.size() == 1) {
            if (o.get("username") instanceof JsonString u) {
                return users.byUsername(u.getString()).orElse(null);
            }
            if (o.get("email") instanceof JsonString e) {
                return users.byEmail(e.getString()).orElse(null);
            }
            if (o.get("id") instanceof JsonString id) {
                return users.byId(id.getString()).orElse(null);
            }
        }
        throw new DdpException(400, "Match failed");
    }

    /** The name a login selector tries ({@code findUser} has checked its shape). */
    private static String loginName(JsonValue selector) {
        if (selector instanceof JsonString s) {
            return s.getString();
        }
        for (JsonValue v : ((JsonObject) selector).values()) {
            return ((JsonString) v).getString();
        }
        return null;
    }

    private static String digest(JsonValue password) {
        if (password instanceof JsonString plain) {
            // old clients send the plain password; hash it like they should have
            return PasswordHashing.sha256Hex(plain.getString());
        }
        if (password instanceof JsonObject o && o.get("digest") instanceof JsonString d
                && o.get("algorithm") instanceof JsonString a) {
            if (!PasswordDigest.ALGORITHM.equals(a.getString())) {
                throw new DdpException(400, "Unsupported password hash algorithm: use sha-256");
            }
            String hex = d.getString();
            if (!hex.matches("[0-9a-fA-F]{64}")) {
                throw new DdpException(400, "Match failed");
            }
            return hex;
        }
        throw new DdpException(400, "Match failed");
    }

    private static String hashToken(String token) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(h);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
