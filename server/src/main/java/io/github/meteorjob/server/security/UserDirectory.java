package io.github.meteorjob.server.security;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The users of an embedded server, from a JSON file or added through the Java API. Thread safe.
 *
 * <p>File format:
 * <pre>{@code
 * {"users": [
 *   {"username": "worker1", "email": "w@example.com", "password": "plain or pbkdf2-sha256:...",
 *    "levels": ["worker"], "id": "optional user id (default: username or email)"}
 * ]}
 * }</pre>
 * Plain passwords are hashed when loaded; generate stored hashes with
 * {@code java -jar meteor-job-server.jar hash-password}; plain passwords work but the server
 * warns about them at start.
 */
public final class UserDirectory {

    private static final Set<String> FIELDS = Set.of("id", "username", "email", "password", "levels");

    private final Map<String, User> byId = new ConcurrentHashMap<>();
    private final Map<String, User> byUsername = new ConcurrentHashMap<>();
    private final Map<String, User> byEmail = new ConcurrentHashMap<>();
    private final List<String> plainTextPasswordUsers = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** Reads a users file; throws {@link IllegalArgumentException} naming the file and the problem. */
    public static UserDirectory load(Path file) throws IOException {
        UserDirectory directory = new UserDirectory();
        directory.addFrom(file);
        return directory;
    }

    /** Adds the users of a file; throws {@link IllegalArgumentException} naming the file and the problem. */
    public void addFrom(Path file) throws IOException {
        JsonValue root;
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8); JsonReader reader = Json.createReader(r)) {
            root = reader.readValue();
        } catch (JsonException e) {
            throw new IllegalArgumentException("users file " + file + " is not valid JSON: " + e.getMessage(), e);
        }
        if (!(root instanceof JsonObject obj) || !(obj.get("users") instanceof JsonArray users)) {
            throw new IllegalArgumentException("users file " + file + " must be an object {\"users\": [...]}");
        }
        int index = 0;
        for (JsonValue entry : users) {
            try {
                User user = add(parse(entry));
                if (entry instanceof JsonObject o && o.get("password") instanceof JsonString p
                        && !PasswordHashing.isHash(p.getString())) {
                    plainTextPasswordUsers.add(user.id());
                }
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("users file " + file + ", users[" + index + "]: " + e.getMessage(), e);
            }
            index++;
        }
    }

    private static User parse(JsonValue entry) {
        if (!(entry instanceof JsonObject u)) {
            throw new IllegalArgumentException("must be an object");
        }
        for (String key : u.keySet()) {
            if (!FIELDS.contains(key)) {
                throw new IllegalArgumentException("unknown field '" + key + "' (allowed: " + FIELDS + ")");
            }
        }
        String username = string(u, "username");
        String email = string(u, "email");
        String password = string(u, "password");
        if (password == null || password.isEmpty()) {
            throw new IllegalArgumentException("'password' is required");
        }
        if (!(u.get("levels") instanceof JsonArray levelsJson) || levelsJson.isEmpty()) {
            throw new IllegalArgumentException("'levels' must be a non-empty array of admin, manager, creator, worker, viewer");
        }
        Set<String> levels = new LinkedHashSet<>();
        for (JsonValue level : levelsJson) {
            if (!(level instanceof JsonString s)) {
                throw new IllegalArgumentException("'levels' must hold strings");
            }
            levels.add(s.getString());
        }
        String id = string(u, "id");
        return user(id, username, email, password, levels);
    }

    private static String string(JsonObject o, String key) {
        JsonValue v = o.get(key);
        if (v == null || v == JsonValue.NULL) {
            return null;
        }
        if (!(v instanceof JsonString s)) {
            throw new IllegalArgumentException("'" + key + "' must be a string");
        }
        return s.getString();
    }

    private static User user(String id, String username, String email, String password, Collection<String> levels) {
        String hash = PasswordHashing.isHash(password) ? password : PasswordHashing.hash(password);
        String userId = id != null ? id : username != null ? username : email;
        if (userId == null) {
            throw new IllegalArgumentException("a user needs a username or an email");
        }
        return new User(userId, username, email, hash, new LinkedHashSet<>(levels));
    }

    /**
     * Adds a user. {@code password} is either plain (hashed here) or a stored {@link PasswordHashing} hash.
     *
     * @return the user as stored
     * @throws IllegalArgumentException for an unknown level, a missing name or a duplicate
     */
    public User add(String username, String email, String password, Collection<String> levels) {
        if (password == null || password.isEmpty()) {
            throw new IllegalArgumentException("password is required");
        }
        if (levels == null || levels.isEmpty()) {
            throw new IllegalArgumentException("at least one permission level is required");
        }
        return add(user(null, username, email, password, levels));
    }

    /** Adds a user built elsewhere. */
    public synchronized User add(User user) {
        if (byId.containsKey(user.id())) {
            throw new IllegalArgumentException("duplicate user id '" + user.id() + "'");
        }
        if (user.username() != null && byUsername.containsKey(key(user.username()))) {
            throw new IllegalArgumentException("duplicate username '" + user.username() + "'");
        }
        if (user.email() != null && byEmail.containsKey(key(user.email()))) {
            throw new IllegalArgumentException("duplicate email '" + user.email() + "'");
        }
        byId.put(user.id(), user);
        if (user.username() != null) {
            byUsername.put(key(user.username()), user);
        }
        if (user.email() != null) {
            byEmail.put(key(user.email()), user);
        }
        return user;
    }

    /** Ids of the users whose password a users file gave in plain text (the server warns about them). */
    public List<String> plainTextPasswordUsers() {
        return List.copyOf(plainTextPasswordUsers);
    }

    public boolean isEmpty() {
        return byId.isEmpty();
    }

    public int size() {
        return byId.size();
    }

    public List<User> users() {
        return List.copyOf(byId.values());
    }

    public Optional<User> byId(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    /** Usernames match exactly (case-insensitively, like Meteor's accounts). */
    public Optional<User> byUsername(String username) {
        return Optional.ofNullable(byUsername.get(key(username)));
    }

    public Optional<User> byEmail(String email) {
        return Optional.ofNullable(byEmail.get(key(email)));
    }

    private static String key(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
