package io.github.meteorjob.server.store;

import jakarta.json.JsonObject;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The compact binary form of a {@link JobDoc}, used both in the heap (stores keep one byte array
 * per job and decode on {@code get}) and on disk. A small job takes about a quarter of its EJSON
 * text and a fraction of its object graph.
 *
 * <p>Layout (version 2): the fields the indexes need come first, so that reopening a store reads
 * only them ({@link #keys}); numbers are zigzag varints, dates epoch milliseconds, strings UTF-8
 * with a varint length, well-known strings (status, log level, backoff) one byte. User objects
 * ({@code data}, {@code result}, failures, log data, schedules) are encoded value by value and
 * come back equal to what was stored, number text included. The primitive encodings are
 * {@link BinaryOut} and {@link BinaryIn}.
 */
final class JobCodec {

    /** Written; version 1 (updated after resolved, created last) is still read. */
    private static final int VERSION = 2;
    private static final String[] STATUSES = {"waiting", "paused", "ready", "running", "failed", "cancelled", "completed"};
    private static final String[] LEVELS = {"info", "success", "warning", "danger"};
    private static final String[] BACKOFFS = {"constant", "exponential"};
    private JobCodec() {
    }

    static byte[] encode(JobDoc d) {
        BinaryOut o = new BinaryOut(256);
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
        writeRetry(o, d);
        writeRepeat(o, d);
        return o.bytes();
    }

    static JobDoc decode(byte[] b) {
        BinaryIn in = new BinaryIn(b);
        int version = version(in);
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
        readRetry(in, d);
        readRepeat(in, d);
        if (version == 1) {
            d.created = in.instant();
        }
        return d;
    }

    /** The retry policy and its state; written and read side by side so the two orders visibly agree. */
    private static void writeRetry(BinaryOut o, JobDoc d) {
        o.varlong(d.retries);
        o.varlong(d.retried);
        o.nlong(d.repeatRetries);
        o.varlong(d.retryWait);
        o.code(d.retryBackoff, BACKOFFS);
    }

    private static void readRetry(BinaryIn in, JobDoc d) {
        d.retries = in.varlong();
        d.retried = in.varlong();
        d.repeatRetries = in.nlong();
        d.retryWait = in.varlong();
        d.retryBackoff = in.code(BACKOFFS);
    }

    /** The repeat policy and its state, likewise. */
    private static void writeRepeat(BinaryOut o, JobDoc d) {
        o.varlong(d.repeats);
        o.varlong(d.repeated);
        o.instant(d.repeatUntil);
        o.varlong(d.repeatWait);
        o.json(d.repeatSchedule);
    }

    private static void readRepeat(BinaryIn in, JobDoc d) {
        d.repeats = in.varlong();
        d.repeated = in.varlong();
        d.repeatUntil = in.instant();
        d.repeatWait = in.varlong();
        d.repeatSchedule = (JsonObject) in.json();
    }

    /** The id of an encoded job. */
    static String id(byte[] b) {
        BinaryIn in = new BinaryIn(b);
        version(in);
        return in.str();
    }

    /** The index entry of an encoded job: its indexed fields (only the leading part is read) and the bytes. */
    static JobIndex.Entry entry(byte[] b) {
        BinaryIn in = new BinaryIn(b);
        int version = version(in);
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

    private static int version(BinaryIn in) {
        int v = in.u8();
        if (v < 1 || v > VERSION) {
            throw new IllegalStateException("stored job in unknown format version " + v);
        }
        return v;
    }
}
