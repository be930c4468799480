package io.github.meteorjob.server.store;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static io.github.meteorjob.server.store.BinaryOut.J_ABSENT;
import static io.github.meteorjob.server.store.BinaryOut.J_ARRAY;
import static io.github.meteorjob.server.store.BinaryOut.J_FALSE;
import static io.github.meteorjob.server.store.BinaryOut.J_LONG;
import static io.github.meteorjob.server.store.BinaryOut.J_NULL;
import static io.github.meteorjob.server.store.BinaryOut.J_NUMBER;
import static io.github.meteorjob.server.store.BinaryOut.J_OBJECT;
import static io.github.meteorjob.server.store.BinaryOut.J_STRING;
import static io.github.meteorjob.server.store.BinaryOut.J_TRUE;
import static io.github.meteorjob.server.store.BinaryOut.OTHER;

/** A reader of the encodings written by {@link BinaryOut}; a value it cannot read is reported as corrupt. */
final class BinaryIn {

    private static final jakarta.json.spi.JsonProvider JSON = io.github.meteorjob.ejson.Ejson.provider();

    private final byte[] b;
    private int p;

    BinaryIn(byte[] b) {
        this.b = b;
    }

    int position() {
        return p;
    }

    byte[] array() {
        return b;
    }

    void skip(int n) {
        p += n;
    }

    byte[] bytes(int len) {
        byte[] out = Arrays.copyOfRange(b, p, p + len);
        p += len;
        return out;
    }

    int u8() {
        return b[p++] & 0xFF;
    }

    long uvarlong() {
        long v = 0;
        int shift = 0;
        while (true) {
            int x = b[p++];
            v |= (long) (x & 0x7F) << shift;
            if ((x & 0x80) == 0) {
                return v;
            }
            shift += 7;
        }
    }

    long varlong() {
        long u = uvarlong();
        return (u >>> 1) ^ -(u & 1);
    }

    Long nlong() {
        return u8() == 0 ? null : varlong();
    }

    Instant instant() {
        return u8() == 0 ? null : Instant.ofEpochMilli(varlong());
    }

    long millis(long absent) {
        return u8() == 0 ? absent : varlong();
    }

    int int32() {
        int v = ((b[p] & 0xFF) << 24) | ((b[p + 1] & 0xFF) << 16) | ((b[p + 2] & 0xFF) << 8) | (b[p + 3] & 0xFF);
        p += 4;
        return v;
    }

    double dbl() {
        if (u8() == 0) {
            return varlong();
        }
        long hi = int32() & 0xFFFFFFFFL;
        long lo = int32() & 0xFFFFFFFFL;
        return Double.longBitsToDouble((hi << 32) | lo);
    }

    String str() {
        int len = (int) uvarlong();
        String s = new String(b, p, len, StandardCharsets.UTF_8);
        p += len;
        return s;
    }

    String nstr() {
        long len = uvarlong();
        if (len == 0) {
            return null;
        }
        String s = new String(b, p, (int) len - 1, StandardCharsets.UTF_8);
        p += (int) len - 1;
        return s;
    }

    String code(String[] known) {
        int c = u8();
        return c == OTHER ? nstr() : known[c];
    }

    List<String> strings() {
        int n = (int) uvarlong();
        List<String> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(str());
        }
        return out;
    }

    JsonValue json() {
        int tag = u8();
        return switch (tag) {
            case J_ABSENT -> null;
            case J_NULL -> JsonValue.NULL;
            case J_TRUE -> JsonValue.TRUE;
            case J_FALSE -> JsonValue.FALSE;
            case J_LONG -> JSON.createValue(varlong());
            case J_NUMBER -> JSON.createValue(new java.math.BigDecimal(str()));
            case J_STRING -> JSON.createValue(str());
            case J_ARRAY -> {
                int n = (int) uvarlong();
                JsonArrayBuilder a = JSON.createArrayBuilder();
                for (int i = 0; i < n; i++) {
                    a.add(json());
                }
                yield a.build();
            }
            case J_OBJECT -> {
                int n = (int) uvarlong();
                JsonObjectBuilder o = JSON.createObjectBuilder();
                for (int i = 0; i < n; i++) {
                    String k = str();
                    o.add(k, json());
                }
                yield o.build();
            }
            default -> throw new IllegalStateException("stored job corrupt: JSON tag " + tag + " at " + (p - 1));
        };
    }
}
