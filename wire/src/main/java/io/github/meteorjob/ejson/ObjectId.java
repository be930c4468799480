package io.github.meteorjob.ejson;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A Mongo ObjectID: 12 bytes written as 24 hexadecimal digits (kept in lower case).
 * On the wire it is {@code {"$type":"oid","$value":"<24 hex>"}}.
 */
public record ObjectId(String hex) implements Comparable<ObjectId> {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final AtomicInteger COUNTER = new AtomicInteger(RANDOM.nextInt());
    private static final byte[] PROCESS = randomBytes(5);

    public ObjectId {
        if (hex == null) {
            throw new IllegalArgumentException("ObjectId hex must not be null");
        }
        if (hex.length() != 24) {
            throw new IllegalArgumentException("ObjectId needs 24 hex digits, got " + hex.length() + ": '" + hex + "'");
        }
        for (int i = 0; i < 24; i++) {
            if (Character.digit(hex.charAt(i), 16) < 0) {
                throw new IllegalArgumentException("ObjectId has a non-hex character at " + i + ": '" + hex + "'");
            }
        }
        hex = hex.toLowerCase(Locale.ROOT);
    }

    /** Parses 24 hex digits. */
    public static ObjectId of(String hex) {
        return new ObjectId(hex);
    }

    /** A new id: 4 bytes of seconds since the epoch, 5 random bytes, a 3-byte counter (Mongo's layout). */
    public static ObjectId generate() {
        byte[] b = new byte[12];
        int seconds = (int) (System.currentTimeMillis() / 1000);
        b[0] = (byte) (seconds >>> 24);
        b[1] = (byte) (seconds >>> 16);
        b[2] = (byte) (seconds >>> 8);
        b[3] = (byte) seconds;
        System.arraycopy(PROCESS, 0, b, 4, 5);
        int c = COUNTER.getAndIncrement();
        b[9] = (byte) (c >>> 16);
        b[10] = (byte) (c >>> 8);
        b[11] = (byte) c;
        return new ObjectId(HexFormat.of().formatHex(b));
    }

    /** The creation time encoded in the first four bytes. */
    public Instant timestamp() {
        return Instant.ofEpochSecond(Long.parseLong(hex.substring(0, 8), 16));
    }

    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    @Override
    public int compareTo(ObjectId o) {
        return hex.compareTo(o.hex);
    }

    @Override
    public String toString() {
        return hex;
    }
}
