package io.github.meteorjob.server.store;

import io.github.meteorjob.JobCounts;
import io.github.meteorjob.JobFilter;
import io.github.meteorjob.JobSort;
import io.github.meteorjob.JobStatus;
import io.github.meteorjob.PageRequest;
import io.github.meteorjob.TimeRange;
import jakarta.json.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The job query of both stores (counts per type and status, filtered pages in every order), checked against a
 * plain filter-and-sort over the same jobs, including after jobs change status and are removed.
 */
class JobQueryTest {

    @TempDir
    Path tmp;

    private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");
    private static final String[] TYPES = {"email", "sms", "Report", "cleanup"};
    private static final String[] STATUSES = {"waiting", "paused", "ready", "running", "failed", "cancelled", "completed"};

    static JobDoc job(String id, String type, String status, int priority, long created, long updated) {
        JobDoc d = new JobDoc();
        d.id = id;
        d.type = type;
        d.status = status;
        d.data = Json.createObjectBuilder().build();
        d.priority = priority;
        d.after = T.plusSeconds(priority);
        d.updated = T.plusMillis(updated);
        d.created = T.plusMillis(created);
        d.retryUntil = JobDoc.FOREVER_DATE;
        d.repeatUntil = JobDoc.FOREVER_DATE;
        d.retryBackoff = "constant";
        d.retries = 1;
        if ("running".equals(status)) {
            d.runId = "r" + id;
        }
        return d;
    }

    private JobStoreFactory factory(String kind) {
        return kind.equals("memory") ? JobStores.inMemory() : JobStores.durable(tmp);
    }

    @ParameterizedTest
    @ValueSource(strings = {"memory", "durable"})
    void countsFollowPutsReplacementsAndRemovals(String kind) {
        try (JobStoreFactory f = factory(kind)) {
            JobStore s = f.open("q");
            s.put(job("a", "email", "waiting", 0, 1, 1));
            s.put(job("b", "email", "ready", 0, 2, 2));
            s.put(job("c", "sms", "ready", 0, 3, 3));
            JobDoc done = s.get("b").copy();
            done.status = "completed";
            s.put(done);
            s.remove("c");
            JobCounts c = s.counts(JobFilter.ALL);
            assertThat(c.total()).isEqualTo(2);
            assertThat(c.byStatus()).containsOnly(Map.entry(JobStatus.WAITING, 1L), Map.entry(JobStatus.COMPLETED, 1L));
            assertThat(c.byType()).containsOnlyKeys("email");
            assertThat(c.count("email", JobStatus.COMPLETED)).isEqualTo(1);
            assertThat(c.count("sms")).isZero();
        }
    }

    @Test
    void durableCountsAndOrderSurviveReopen() {
        try (JobStoreFactory f = JobStores.durable(tmp)) {
            JobStore s = f.open("q");
            for (int i = 0; i < 20; i++) {
                s.put(job("j" + i, TYPES[i % 4], STATUSES[i % 7], i, 1000 - i, i));
            }
            s.remove("j3");
            s.commit();
        }
        try (JobStoreFactory f = JobStores.durable(tmp)) {
            JobStore s = f.open("q");
            assertThat(s.counts(JobFilter.ALL).total()).isEqualTo(19);
            assertThat(s.find(JobFilter.ALL, PageRequest.first(3)).ids()).containsExactly("j19", "j18", "j17");
            assertThat(s.find(JobFilter.ALL, PageRequest.first(2).sortedBy(JobSort.CREATED, false)).ids())
                    .containsExactly("j19", "j18");
            assertThat(s.get("j5").created).isEqualTo(T.plusMillis(995));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"memory", "durable"})
    void everyFilterAndOrderMatchesAPlainFilterAndSort(String kind) {
        Random r = new Random(42);
        try (JobStoreFactory f = factory(kind)) {
            JobStore s = f.open("q");
            Map<String, JobDoc> jobs = new HashMap<>();
            for (int i = 0; i < 400; i++) {
                // few distinct times, so ties (broken by id) are common
                JobDoc d = job("id" + Integer.toString(i, 36) + (i % 5 == 0 ? "X" : ""), TYPES[r.nextInt(4)],
                        STATUSES[r.nextInt(7)], r.nextInt(5) - 2, r.nextInt(30), r.nextInt(30));
                s.put(d);
                jobs.put(d.id, d);
            }
            for (int i = 0; i < 100; i++) { // changes and removals after the first puts
                String id = new ArrayList<>(jobs.keySet()).get(r.nextInt(jobs.size()));
                if (r.nextBoolean()) {
                    s.remove(id);
                    jobs.remove(id);
                } else {
                    JobDoc d = jobs.get(id).copy();
                    d.status = STATUSES[r.nextInt(7)];
                    d.updated = T.plusMillis(r.nextInt(40));
                    s.put(d);
                    jobs.put(id, d);
                }
            }
            List<JobFilter> filters = List.of(
                    JobFilter.ALL,
                    JobFilter.ALL.withStatuses(JobStatus.COMPLETED, JobStatus.FAILED),
                    JobFilter.ALL.withTypes("email"),
                    JobFilter.ALL.withTypes("email", "sms").withStatuses(JobStatus.READY),
                    JobFilter.ALL.withText("x"), // no id starts with it (some end with X), no type has it
                    JobFilter.ALL.withText("ID1"),
                    JobFilter.ALL.withText("REP"),
                    JobFilter.ALL.withText("id1").withStatuses(JobStatus.WAITING),
                    JobFilter.ALL.withCreated(new TimeRange(T.plusMillis(5), T.plusMillis(12))),
                    JobFilter.ALL.withUpdated(new TimeRange(T.plusMillis(5), T.plusMillis(12))),
                    JobFilter.ALL.withUpdated(new TimeRange(null, T.plusMillis(3))).withTypes("sms"),
                    JobFilter.ALL.withUpdated(new TimeRange(T.plusMillis(20), null)).withText("e"),
                    JobFilter.ALL.withIds(List.of("id1", "id2", "id5X", "nope")).withStatuses(JobStatus.values()));
            for (JobFilter filter : filters) {
                List<JobDoc> expected = jobs.values().stream().filter(matches(filter)).toList();
                JobCounts counts = s.counts(filter);
                assertThat(counts.total()).as("count %s", filter).isEqualTo(expected.size());
                assertThat(counts.byStatus()).as("byStatus %s", filter).isEqualTo(byStatus(expected));
                for (JobSort sort : JobSort.values()) {
                    for (boolean desc : new boolean[]{true, false}) {
                        List<String> all = expected.stream().sorted(ExpectedOrder.of(sort, desc)).map(d -> d.id).toList();
                        for (int skip : new int[]{0, 7, 395}) {
                            PageRequest page = PageRequest.first(25).sortedBy(sort, desc).withSkip(skip);
                            JobIdPage got = s.find(filter, page);
                            assertThat(got.total()).isEqualTo(expected.size());
                            assertThat(got.ids()).as("%s %s", filter, page)
                                    .isEqualTo(all.subList(Math.min(skip, all.size()), Math.min(skip + 25, all.size())));
                        }
                    }
                }
            }
        }
    }

    private static Map<JobStatus, Long> byStatus(List<JobDoc> docs) {
        Map<JobStatus, Long> m = new EnumMap<>(JobStatus.class);
        docs.forEach(d -> m.merge(JobStatus.fromWire(d.status), 1L, Long::sum));
        return m;
    }

    private static Predicate<JobDoc> matches(JobFilter f) {
        return d -> (f.ids().isEmpty() || f.ids().contains(d.id))
                && (f.statuses().isEmpty() || f.statuses().contains(JobStatus.fromWire(d.status)))
                && (f.types().isEmpty() || f.types().contains(d.type))
                // ids by their start, types anywhere (docs/protocol.md), ignoring case
                && (f.text() == null || d.id.regionMatches(true, 0, f.text(), 0, f.text().length())
                    || d.type.toLowerCase(Locale.ROOT).contains(f.text().toLowerCase(Locale.ROOT)))
                && f.created().contains(d.created)
                && f.updated().contains(d.updated);
    }
}
