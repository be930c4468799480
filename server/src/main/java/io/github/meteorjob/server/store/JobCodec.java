package io.github.meteorjob.server.store;

import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The compact binary form of a {@link JobDoc}, used both in the heap (stores keep one byte array
 * per job and decode on {@code get}) and on disk. A small job takes about a quarter of its EJSON
 * text and a fraction of its object graph.
 *
 * <p>Layout (version 1): the fields the indexes need come first, so that reopening a store reads
 * only them ({@link #keys}); numbers are zigzag varints, dates epoch milliseconds, strings UTF-8
 * with a varint length, well-known strings (status, log level, backoff) one byte. User objects
 * ({@code data}, {@code result}, failures, log data, schedules) are encoded value by value and
 * come back equal to what was stored, number text included.
 */
final class JobCodec {

    private static final jakarta.json.spi.JsonProvider JSON = io.github.meteorjob.ejson.Ejson.provider();

    /** Written; version 1 (updated after resolved, created last) is still read. */
    private static final int VERSION = 2;
    private static final String[] STATUSES = {"waiting", "paused", "ready", "running", "failed", "cancelled", "completed"};
    private static final String[] LEVELS = {"info", "success", "warning", "danger"};
    private static final String[] BACKOFFS = {"constant", "exponential"};
    private static final int OTHER = 255;

    private static final int J_NULL = 0;
    private static final int J_TRUE = 1;
    private static final int J_FALSE = 2;
    private static final int J_LONG = 3;
    private static final int J_NUMBER = 4;
    private static final int J_STRING = 5;
    private static final int J_ARRAY = 6;
    private static final int J_OBJECT = 7;
    /** No value at all (an absent optional field), as opposed to a JSON {@code null}. */
    private static final int J_ABSENT = 8;

    private JobCodec() {
    }

    static byte[] encode(JobDoc d) {
        Out o = new Out(256);
        o.u8(VERSION);
        o.str(d.id);
        o.str(d.type);
        o.code(d.status, STATUSES);
        o.nstr(d.runId);
        o.varlong(d.priority);
        o.instant(d.retryUntil);
        o.instant(d.after);
        o.instant(d.expiresAfter);
        o.strings(d.depends);
        o.instant(d.updated); // version 2: with the indexed fields, for the job query's sorts and ranges
        o.instant(d.created);
        // ---- not indexed
        o.strings(d.resolved);
        o.nlong(d.workTimeout);
        o.json(d.data);
        o.json(d.result);
        if (d.failures == null) {
            o.varlong(-1);
        } else {
            o.varlong(d.failures.size());
            d.failures.forEach(o::json);
        }
        o.varlong(d.log.size());
        for (LogEntry e : d.log) {
            o.instant(e.time());
            o.nstr(e.runId());
            o.code(e.level(), LEVELS);
            o.str(e.message());
            o.json(e.data());
        }
        o.dbl(d.progressCompleted);
        o.dbl(d.progressTotal);
        o.dbl(d.progressPercent);
        o.varlong(d.retries);
        o.varlong(d.retried);
        o.nlong(d.repeatRetries);
        o.varlong(d.retryWait);
        o.code(d.retryBackoff, BACKOFFS);
        o.varlong(d.repeats);
        o.varlong(d.repeated);
        o.instant(d.repeatUntil);
        o.varlong(d.repeatWait);
        o.json(d.repeatSchedule);
        return o.bytes();
    }

    static JobDoc decode(byte[] b) {
        In in = new In(b);
        int version = in.version();
        JobDoc d = new JobDoc();
        d.id = in.str();
        d.type = in.str();
        d.status = in.code(STATUSES);
        d.runId = in.nstr();
        d.priority = (int) in.varlong();
        d.retryUntil = in.instant();
        d.after = in.instant();
        d.expiresAfter = in.instant();
        d.depends = in.strings();
        if (version >= 2) {
            d.updated = in.instant();
            d.created = in.instant();
        }
        d.resolved = in.strings();
        if (version == 1) {
            d.updated = in.instant();
        }
        d.workTimeout = in.nlong();
        d.data = (JsonObject) in.json();
        d.result = (JsonObject) in.json();
        long nf = in.varlong();
        if (nf >= 0) {
            d.failures = new ArrayList<>((int) nf);
            for (long i = 0; i < nf; i++) {
                d.failures.add((JsonObject) in.json());
            }
        }
        long nl = in.varlong();
        d.log = new ArrayList<>((int) nl);
        for (long i = 0; i < nl; i++) {
            d.log.add(new LogEntry(in.instant(), in.nstr(), in.code(LEVELS), in.str(), (JsonObject) in.json()));
        }
        d.progressCompleted = in.dbl();
        d.progressTotal = in.dbl();
        d.progressPercent = in.dbl();
        d.retries = in.varlong();
        d.retried = in.varlong();
        d.repeatRetries = in.nlong();
        d.retryWait = in.varlong();
        d.retryBackoff = in.code(BACKOFFS);
        d.repeats = in.varlong();
        d.repeated = in.varlong();
        d.repeatUntil = in.instant();
        d.repeatWait = in.varlong();
        d.repeatSchedule = (JsonObject) in.json();
        if (version == 1) {
            d.created = in.instant();
        }
        return d;
    }

    /** The id of an encoded job. */
    static String id(byte[] b) {
        In in = new In(b);
        in.version();
        return in.str();
    }

    /** The index entry of an encoded job: its indexed fields (only the leading part is read) and the bytes. */
    static JobIndex.Entry entry(byte[] b) {
        In in = new In(b);
        int version = in.version();
        String id = in.str();
        String type = in.str();
        String status = in.code(STATUSES);
        String runId = in.nstr();
        int priority = (int) in.varlong();
        long retryUntil = in.millis(0);
        long after = in.millis(0);
        long expiresAfter = in.millis(Long.MIN_VALUE);
        List<String> depends = in.strings();
        long updated;
        long created;
        if (version >= 2) {
            updated = in.millis(0);
            created = in.millis(0);
        } else {
            JobDoc d = decode(b); // version 1 keeps created at the end: only documents written before version 2
            updated = d.updated == null ? 0 : d.updated.toEpochMilli();
            created = d.created == null ? 0 : d.created.toEpochMilli();
        }
        return new JobIndex.Entry(id, type, status, "ready".equals(status) && runId == null, priority,
                retryUntil, after, expiresAfter, depends.isEmpty() ? List.of() : List.copyOf(depends),
                updated, created, b);
    }

    /** A growable output buffer with the primitive encodings of the format. */
    static final class Out {
        private byte[] buf;
        private int n;

        Out(int capacity) {
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

    /** A reader of the encodings written by {@link Out}. */
    static final class In {
        private final byte[] b;
        private int p;

        In(byte[] b) {
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

        int version() {
            int v = u8();
            if (v < 1 || v > VERSION) {
                throw new IllegalStateException("stored job in unknown format version " + v);
            }
            return v;
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
}
