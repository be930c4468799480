package io.github.meteorjob.server.store;

import jakarta.json.Json;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Jobs stored before format version 2 (which moved {@code updated} and {@code created} next to the indexed fields)
 * still read back whole, and index with their times, so a durable directory written by an earlier release opens.
 */
class JobCodecVersion1Test {

    private static final String[] STATUSES = {"waiting", "paused", "ready", "running", "failed", "cancelled", "completed"};
    private static final String[] LEVELS = {"info", "success", "warning", "danger"};
    private static final String[] BACKOFFS = {"constant", "exponential"};

    /** The version 1 layout, as the earlier release wrote it. */
    private static byte[] encodeV1(JobDoc d) {
        BinaryOut o = new BinaryOut(256);
        o.u8(1);
        o.str(d.id);
        o.str(d.type);
        o.code(d.status, STATUSES);
        o.nstr(d.runId);
        o.varlong(d.priority);
        o.instant(d.retryUntil);
        o.instant(d.after);
        o.instant(d.expiresAfter);
        o.strings(d.depends);
        o.strings(d.resolved);
        o.instant(d.updated);
        o.nlong(d.workTimeout);
        o.json(d.data);
        o.json(d.result);
        o.varlong(-1);
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
        o.instant(d.created);
        return o.bytes();
    }

    @Test
    void version1DocumentsDecodeAndIndexWithTheirTimes() {
        Instant created = Instant.parse("2025-06-01T10:00:00Z");
        JobDoc d = new JobDoc();
        d.id = "old";
        d.type = "email";
        d.status = "completed";
        d.data = Json.createObjectBuilder().add("to", "a@example.com").build();
        d.result = Json.createObjectBuilder().add("ok", true).build();
        d.priority = -5;
        d.after = created;
        d.updated = created.plusSeconds(30);
        d.created = created;
        d.retryUntil = JobDoc.FOREVER_DATE;
        d.repeatUntil = JobDoc.FOREVER_DATE;
        d.retryBackoff = "exponential";
        d.retries = 3;
        d.depends = List.of("a");
        d.resolved = List.of("b");
        d.log.add(new LogEntry(created, null, "info", "Constructed", null));

        byte[] v1 = encodeV1(d);
        JobDoc back = JobCodec.decode(v1);
        assertThat(back.toJson()).isEqualTo(d.toJson());
        JobIndex.Entry e = JobCodec.entry(v1);
        assertThat(e.updated()).isEqualTo(d.updated.toEpochMilli());
        assertThat(e.created()).isEqualTo(created.toEpochMilli());
        // and what is written now reads back the same
        assertThat(JobCodec.decode(JobCodec.encode(back)).toJson()).isEqualTo(d.toJson());
    }
}
