package io.github.meteorjob.server.security;

import io.github.meteorjob.wire.PasswordDigest;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Locale;

/**
 * Password storage for the embedded server. Meteor clients never send a password, only its
 * SHA-256 hex digest; what is stored is PBKDF2-HMAC-SHA256 over that digest with a random salt,
 * written as {@code pbkdf2-sha256:<iterations>:<salt base64>:<hash base64>}.
 */
public final class PasswordHashing {

    /** Prefix of a stored hash. */
    public static final String PREFIX = "pbkdf2-sha256:";
    public static final int DEFAULT_ITERATIONS = 120_000;
    /** Never accept a stored hash weaker than this, whatever the file says. */
    public static final int MIN_ITERATIONS = 100_000;
    private static final int SALT_BYTES = 16;
    private static final int KEY_BITS = 256;
    private static final SecureRandom RANDOM = new SecureRandom();

    private PasswordHashing() {
    }

    /** The digest a Meteor client sends for {@code password}: lowercase hex SHA-256 of its UTF-8 bytes. */
    public static String sha256Hex(String password) {
        return PasswordDigest.sha256Hex(password);
    }

    /** A stored hash of a plain password. */
    public static String hash(String plainPassword) {
        return hashDigest(sha256Hex(plainPassword));
    }

    /** A stored hash of a client digest (lowercase hex SHA-256). */
    public static String hashDigest(String digestHex) {
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        byte[] key = pbkdf2(normalize(digestHex), salt, DEFAULT_ITERATIONS);
        Base64.Encoder b64 = Base64.getEncoder();
        return PREFIX + DEFAULT_ITERATIONS + ":" + b64.encodeToString(salt) + ":" + b64.encodeToString(key);
    }

    /** Whether {@code value} looks like a stored hash rather than a plain password. */
    public static boolean isHash(String value) {
        return value != null && value.startsWith(PREFIX);
    }

    /**
     * Checks a client digest against a stored hash in constant time.
     *
     * @throws IllegalArgumentException when {@code stored} is not a valid hash
     */
    public static boolean verifyDigest(String digestHex, String stored) {
        Parsed p = parse(stored);
        byte[] actual = pbkdf2(normalize(digestHex), p.salt, p.iterations);
        return MessageDigest.isEqual(actual, p.key);
    }

    /** Validates the format of a stored hash; throws naming the problem. */
    public static void validate(String stored) {
        parse(stored);
    }

    private record Parsed(int iterations, byte[] salt, byte[] key) {
    }

    private static Parsed parse(String stored) {
        if (!isHash(stored)) {
            throw new IllegalArgumentException("not a " + PREFIX + " password hash");
        }
        String[] parts = stored.substring(PREFIX.length()).split(":", -1);
        if (parts.length != 3) {
            throw new IllegalArgumentException("password hash must be " + PREFIX + "<iterations>:<salt>:<hash>");
        }
        int iterations;
        try {
            iterations = Integer.parseInt(parts[0]);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("password hash iterations is not a number: " + parts[0]);
        }
        if (iterations < MIN_ITERATIONS) {
            throw new IllegalArgumentException("password hash has " + iterations + " iterations; at least "
                    + MIN_ITERATIONS + " are required");
        }
        try {
            byte[] salt = Base64.getDecoder().decode(parts[1]);
            byte[] key = Base64.getDecoder().decode(parts[2]);
            if (salt.length < 8 || key.length < 16) {
                throw new IllegalArgumentException("password hash salt or key too short");
            }
            return new Parsed(iterations, salt, key);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("password hash salt/hash is not valid base64: " + e.getMessage());
        }
    }

    private static String normalize(String digestHex) {
        return digestHex.toLowerCase(Locale.ROOT);
    }

    private static byte[] pbkdf2(String digestHex, byte[] salt, int iterations) {
        PBEKeySpec spec = new PBEKeySpec(digestHex.toCharArray(), salt, iterations, KEY_BITS);
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 is missing from this JVM", e);
        } finally {
            spec.clearPassword();
        }
    }
}
