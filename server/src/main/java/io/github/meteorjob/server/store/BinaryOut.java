package io.github.meteorjob.server.store;

import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * A growable output buffer with the primitive encodings of the stored formats ({@link JobCodec},
 * {@link JobLogFormat}): zigzag varints, UTF-8 strings with a varint length, one-byte codes for
 * well-known strings, and JSON values tagged value by value. {@link BinaryIn} reads them back.
 */
final class BinaryOut {

    /** A string not in the table given to {@link #code}: its text follows. */
    static final int OTHER = 255;

    static final int J_NULL = 0;
    static final int J_TRUE = 1;
    static final int J_FALSE = 2;
    static final int J_LONG = 3;
    static final int J_NUMBER = 4;
    static final int J_STRING = 5;
    static final int J_ARRAY = 6;
    static final int J_OBJECT = 7;
    /** No value at all (an absent optional field), as opposed to a JSON {@code null}. */
    static final int J_ABSENT = 8;

    private byte[] buf;
    private int n;

    BinaryOut(int capacity) {
        buf = new byte[capacity];
    }

    byte[] bytes() {
        return Arrays.copyOf(buf, n);
    }

    int size() {
        return n;
    }

    byte[] buffer() {
        return buf;
    }

    void reset() {
        n = 0;
    }

    /** Empties the buffer and gives back memory beyond {@code capacity}. */
    void shrink(int capacity) {
        n = 0;
        buf = new byte[capacity];
    }

    /** Keeps the first {@code size} bytes. */
    void truncate(int size) {
        n = size;
    }

    private void room(int k) {
        if (n + k > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, n + k));
        }
    }

    void u8(int v) {
        room(1);
        buf[n++] = (byte) v;
    }

    void raw(byte[] b, int off, int len) {
        room(len);
        System.arraycopy(b, off, buf, n, len);
        n += len;
    }

    void int32(int v) {
        room(4);
        buf[n++] = (byte) (v >>> 24);
        buf[n++] = (byte) (v >>> 16);
        buf[n++] = (byte) (v >>> 8);
        buf[n++] = (byte) v;
    }

    void setInt32(int at, int v) {
        buf[at] = (byte) (v >>> 24);
        buf[at + 1] = (byte) (v >>> 16);
        buf[at + 2] = (byte) (v >>> 8);
        buf[at + 3] = (byte) v;
    }

    /** Unsigned LEB128. */
    void uvarlong(long v) {
        room(10);
        while ((v & ~0x7FL) != 0) {
            buf[n++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        buf[n++] = (byte) v;
    }

    /** Zigzag, then LEB128: small magnitudes of either sign take one byte. */
    void varlong(long v) {
        uvarlong((v << 1) ^ (v >> 63));
    }

    void nlong(Long v) {
        if (v == null) {
            u8(0);
        } else {
            u8(1);
            varlong(v);
        }
    }

    void instant(Instant t) {
        if (t == null) {
            u8(0);
        } else {
            u8(1);
            varlong(t.toEpochMilli());
        }
    }

    void dbl(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 9.0E15 && Double.doubleToRawLongBits(v) != Long.MIN_VALUE) {
            u8(0);
            varlong((long) v);
        } else {
            u8(1);
            long bits = Double.doubleToRawLongBits(v);
            int32((int) (bits >>> 32));
            int32((int) bits);
        }
    }

    void str(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        uvarlong(b.length);
        raw(b, 0, b.length);
    }

    /** A string that may be null: length + 1, 0 for null. */
    void nstr(String s) {
        if (s == null) {
            u8(0);
        } else {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            uvarlong(b.length + 1L);
            raw(b, 0, b.length);
        }
    }

    void code(String s, String[] known) {
        for (int i = 0; i < known.length; i++) {
            if (known[i].equals(s)) {
                u8(i);
                return;
            }
        }
        u8(OTHER);
        nstr(s);
    }

    void strings(List<String> list) {
        uvarlong(list.size());
        list.forEach(this::str);
    }

    /** A JSON value, or null (absent). */
    void json(JsonValue v) {
        if (v == null) {
            u8(J_ABSENT);
            return;
        }
        switch (v.getValueType()) {
            case NULL -> u8(J_NULL);
            case TRUE -> u8(J_TRUE);
            case FALSE -> u8(J_FALSE);
            case NUMBER -> {
                JsonNumber num = (JsonNumber) v;
                if (num.isIntegral() && num.bigDecimalValue().unscaledValue().bitLength() < 64) {
                    u8(J_LONG);
                    varlong(num.longValue());
                } else {
                    u8(J_NUMBER);
                    str(num.toString()); // the text keeps the value exactly
                }
            }
            case STRING -> {
                u8(J_STRING);
                str(((JsonString) v).getString());
            }
            case ARRAY -> {
                JsonArray a = v.asJsonArray();
                u8(J_ARRAY);
                uvarlong(a.size());
                a.forEach(this::json);
            }
            case OBJECT -> {
                JsonObject obj = v.asJsonObject();
                u8(J_OBJECT);
                uvarlong(obj.size());
                for (var e : obj.entrySet()) {
                    str(e.getKey());
                    json(e.getValue());
                }
            }
            default -> throw new IllegalArgumentException("unknown JSON value type " + v.getValueType());
        }
    }
}
