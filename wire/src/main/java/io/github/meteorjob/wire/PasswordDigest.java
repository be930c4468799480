package io.github.meteorjob.wire;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The password digest of Meteor's login method ({@code {"digest": .., "algorithm": "sha-256"}}): what a
 * client sends instead of the password, and what the server verifies against its stored hash.
 */
public final class PasswordDigest {

    /** The {@code algorithm} named next to the digest. */
    public static final String ALGORITHM = "sha-256";

    private PasswordDigest() {
    }

    /** Lowercase hex SHA-256 of the password's UTF-8 bytes. */
    public static String sha256Hex(String password) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(password.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }
}
