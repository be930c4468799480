package io.github.meteorjob.server.store;

import io.github.meteorjob.JobCounts;
import io.github.meteorjob.JobFilter;
import io.github.meteorjob.JobSort;
import io.github.meteorjob.JobStatus;
import io.github.meteorjob.PageRequest;
import io.github.meteorjob.TimeRange;
import jakarta.json.Json;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The job query of both stores against a brute-force oracle: a few thousand random jobs (ids of mixed case sharing
 * prefixes, types that contain one another, a type named {@code *}), random filters combining text, statuses, types
 * and time ranges, every sort in both directions, random pages; then again after changes and removals, and (durable
 * store) after reopening, which rebuilds the indexes. Same total, same ids in the same order, same counts.
 */
class JobQueryOracleTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final String[] TYPES = {"email", "Email-Report", "sms", "t3", "T30", "*", "ab"};
    private static final String[] STATUSES = {"waiting", "paused", "ready", "running", "failed", "cancelled", "completed"};
    private static final String ID_CHARS = "abcAB0123xyzXYZ";

    @TempDir
    Path tmp;

    private final Random r = new Random(20261205);
    private final Map<String, JobDoc> jobs = new LinkedHashMap<>();

    @ParameterizedTest
    @ValueSource(strings = {"memory", "durable"})
    void pagesAndCountsAreThoseOfTheOracle(String kind) {
        try (JobStoreFactory f = kind.equals("memory") ? JobStores.inMemory() : JobStores.durable(tmp)) {
            JobStore s = f.open("q");
            for (int i = 0; i < 3000; i++) {
                put(s, newJob(i));
            }
            check(s, 300);
            // changes move jobs between cells; removals take them out of every index, the id index included
            List<String> ids = new ArrayList<>(jobs.keySet());
            for (int i = 0; i < 600; i++) {
                String id = ids.get(r.nextInt(ids.size()));
                if (!jobs.containsKey(id)) {
                    continue;
                }
                if (r.nextInt(3) == 0) {
                    assertThat(s.remove(id)).isTrue();
                    jobs.remove(id);
                } else {
                    JobDoc d = jobs.get(id).copy();
                    d.status = STATUSES[r.nextInt(STATUSES.length)];
                    d.updated = d.updated.plusSeconds(r.nextInt(100_000));
                    put(s, d);
                }
            }
            check(s, 300);
            s.commit();
        }
        if (kind.equals("durable")) {
            try (JobStoreFactory f = JobStores.durable(tmp)) {
                check(f.open("q"), 200);
            }
        }
    }

    private void put(JobStore s, JobDoc d) {
        s.put(d);
        jobs.put(d.id, d);
    }

    private JobDoc newJob(int i) {
        JobDoc d = new JobDoc();
        StringBuilder id = new StringBuilder();
        for (int k = 0, n = 1 + r.nextInt(6); k < n; k++) {
            id.append(ID_CHARS.charAt(r.nextInt(ID_CHARS.length())));
        }
        d.id = id.append('-').append(i).toString();
        d.type = TYPES[r.nextInt(TYPES.length)];
        d.status = STATUSES[r.nextInt(STATUSES.length)];
        d.runId = "running".equals(d.status) ? "r" + i : null;
        d.data = Json.createObjectBuilder().build();
        d.priority = r.nextInt(5) * 5 - 10;
        // few distinct times, so that ties (broken by id) are common
        d.created = T0.plusSeconds(r.nextInt(50) * 60L);
        d.updated = d.created.plusSeconds(r.nextInt(20) * 60L);
        d.after = T0.plusSeconds(r.nextInt(30) * 60L);
        d.retryUntil = JobDoc.FOREVER_DATE;
        d.repeatUntil = JobDoc.FOREVER_DATE;
        d.retryBackoff = "constant";
        d.retries = 1;
        return d;
    }

    private void check(JobStore s, int queries) {
        List<JobDoc> all = new ArrayList<>(jobs.values());
        int nonEmpty = 0;
        for (int q = 0; q < queries; q++) {
            JobFilter f = randomFilter(all);
            PageRequest page = new PageRequest(JobSort.values()[r.nextInt(JobSort.values().length)], r.nextBoolean(),
                    r.nextInt(4) == 0 ? r.nextInt(200) : 0, 1 + r.nextInt(60), false);
            List<JobDoc> matching = new ArrayList<>();
            for (JobDoc d : all) {
                if (f.matches(d.id, d.type, JobStatus.fromWire(d.status), d.created, d.updated)) {
                    matching.add(d);
                }
            }
            matching.sort(ExpectedOrder.of(page.sort(), page.descending()));
            List<String> expected = matching.stream().skip(page.skip()).limit(page.limit()).map(d -> d.id).toList();

            JobIdPage got = s.find(f, page);
            assertThat(got.total()).as("total of %s %s", f, page).isEqualTo(matching.size());
            assertThat(got.ids()).as("page of %s %s", f, page).containsExactlyElementsOf(expected);
            assertThat(s.counts(f)).as("counts of %s", f).isEqualTo(counts(matching));
            if (!matching.isEmpty()) {
                nonEmpty++;
            }
        }
        // the random filters are not all empty ones
        assertThat(nonEmpty).isGreaterThan(queries / 3);
    }

    private JobFilter randomFilter(List<JobDoc> all) {
        JobFilter f = JobFilter.ALL;
        if (r.nextInt(10) < 7) {
            f = f.withText(randomText(all));
        }
        if (r.nextInt(3) == 0) {
            f = f.withStatuses(JobStatus.values()[r.nextInt(7)], JobStatus.values()[r.nextInt(7)]);
        }
        if (r.nextInt(3) == 0) {
            f = f.withTypes(TYPES[r.nextInt(TYPES.length)], TYPES[r.nextInt(TYPES.length)]);
        }
        if (r.nextInt(4) == 0) {
            f = f.withUpdated(range());
        }
        if (r.nextInt(5) == 0) {
            f = f.withCreated(range());
        }
        if (r.nextInt(12) == 0) {
            f = f.withIds(List.of(all.get(r.nextInt(all.size())).id, all.get(r.nextInt(all.size())).id, "no-such-id"));
        }
        return f;
    }

    /** The start of an id, a part of a type, each in random case, or a text nothing has. */
    private String randomText(List<JobDoc> all) {
        String t = switch (r.nextInt(4)) {
            case 0, 1 -> {
                String id = all.get(r.nextInt(all.size())).id;
                yield id.substring(0, 1 + r.nextInt(Math.min(4, id.length())));
            }
            case 2 -> {
                String type = TYPES[r.nextInt(TYPES.length)];
                int from = r.nextInt(type.length());
                yield type.substring(from, from + 1 + r.nextInt(type.length() - from));
            }
            default -> "q" + r.nextInt(10);
        };
        StringBuilder b = new StringBuilder();
        for (char c : t.toCharArray()) {
            b.append(r.nextBoolean() ? Character.toUpperCase(c) : Character.toLowerCase(c));
        }
        return b.toString();
    }

    private TimeRange range() {
        Instant from = r.nextBoolean() ? T0.plusSeconds(r.nextInt(60) * 60L) : null;
        Instant to = r.nextBoolean() ? T0.plusSeconds((60 + r.nextInt(60)) * 60L) : null;
        return new TimeRange(from, to);
    }

    private static JobCounts counts(List<JobDoc> matching) {
        Map<JobStatus, Long> byStatus = new EnumMap<>(JobStatus.class);
        Map<String, Map<JobStatus, Long>> byType = new HashMap<>();
        for (JobDoc d : matching) {
            JobStatus s = JobStatus.fromWire(d.status);
            byStatus.merge(s, 1L, Long::sum);
            byType.computeIfAbsent(d.type, t -> new EnumMap<>(JobStatus.class)).merge(s, 1L, Long::sum);
        }
        return new JobCounts(matching.size(), byStatus, byType);
    }

}
