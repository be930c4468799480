package io.github.meteorjob.server.store;

import jakarta.json.Json;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Jobs stored before format version 2 (which moved {@code updated} and {@code created} next to the indexed fields)
 * still read back whole, and index with their times, so a durable directory written by an earlier release opens.
 */
class JobCodecVersion1Test {

    /**
     * One job as the version 1 encoder of the earlier release wrote it (the job built in the test), kept as bytes
     * rather than as a copy of that encoder: the layout put {@code updated} after {@code resolved} and
     * {@code created} last.
     */
    private static byte[] version1Bytes() throws IOException {
        try (InputStream in = JobCodecVersion1Test.class.getResourceAsStream("job-version1.hex")) {
            return HexFormat.of().parseHex(new String(in.readAllBytes(), StandardCharsets.US_ASCII).strip());
        }
    }

    @Test
    void version1DocumentsDecodeAndIndexWithTheirTimes() throws IOException {
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

        byte[] v1 = version1Bytes();
        assertThat(v1[0]).as("format version").isEqualTo((byte) 1);
        JobDoc back = JobCodec.decode(v1);
        assertThat(back.toJson()).isEqualTo(d.toJson());
        JobIndex.Entry e = JobCodec.entry(v1);
        assertThat(e.updated()).isEqualTo(d.updated.toEpochMilli());
        assertThat(e.created()).isEqualTo(created.toEpochMilli());
        // and what is written now reads back the same
        assertThat(JobCodec.decode(JobCodec.encode(back)).toJson()).isEqualTo(d.toJson());
    }
}
