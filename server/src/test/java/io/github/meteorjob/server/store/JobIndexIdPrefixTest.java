package io.github.meteorjob.server.store;

import jakarta.json.Json;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The index of ids sorted ignoring case: the ids starting with a text are one range of it, exactly those for which
 * {@code String.regionMatches(true, ...)} holds, also for letters whose case mapping is not one-to-one.
 */
class JobIndexIdPrefixTest {

    /** ASCII of both cases, digits, and characters with irregular case mappings (dotted/dotless i, sharp s, sigma). */
    private static final String CHARS = "aAbBzZ09-_İıiIßσςΣé";

    @Test
    void theIdsStartingWithATextAreThoseThatRegionMatchIgnoringCaseInTheirOrder() {
        Random r = new Random(7);
        JobIndex index = new JobIndex();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            String id = random(r, 1 + r.nextInt(5));
            if (index.entry(id) == null) {
                index.put(JobCodec.encode(job(id)));
                ids.add(id);
            }
        }
        // some leave again: the index forgets them
        for (int i = 0; i < 300; i++) {
            index.remove(ids.remove(r.nextInt(ids.size())));
        }
        for (int q = 0; q < 2000; q++) {
            String text = q % 2 == 0 ? random(r, 1 + r.nextInt(3)) : ids.get(r.nextInt(ids.size())).substring(0, 1);
            List<String> expected = ids.stream().filter(id -> id.regionMatches(true, 0, text, 0, text.length())).sorted().toList();
            List<String> got = StreamSupport.stream(index.idsStartingWith(text).spliterator(), false).toList();
            assertThat(got).as("ids starting with %s", text).containsExactlyInAnyOrderElementsOf(expected);
        }
    }

    private static String random(Random r, int n) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n; i++) {
            b.append(CHARS.charAt(r.nextInt(CHARS.length())));
        }
        return b.toString();
    }

    private static JobDoc job(String id) {
        JobDoc d = new JobDoc();
        d.id = id;
        d.type = "t";
        d.status = "ready";
        d.data = Json.createObjectBuilder().build();
        d.created = Instant.EPOCH;
        d.updated = Instant.EPOCH;
        d.after = Instant.EPOCH;
        d.retryUntil = JobDoc.FOREVER_DATE;
        d.repeatUntil = JobDoc.FOREVER_DATE;
        d.retryBackoff = "constant";
        d.retries = 1;
        return d;
    }
}
