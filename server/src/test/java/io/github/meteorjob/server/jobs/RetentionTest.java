package io.github.meteorjob.server.jobs;

import io.github.meteorjob.JobStatus;
import io.github.meteorjob.server.store.JobDoc;
import io.github.meteorjob.server.store.JobStoreFactory;
import io.github.meteorjob.server.store.JobStores;
import jakarta.json.Json;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Retention of finished jobs, with a hand-moved clock: per status, oldest first, antecedents of unfinished jobs kept. */
class RetentionTest extends JobServerTestBase {

    @Override
    JobStoreFactory openFactory(Path dir) {
        return JobStores.durable(dir);
    }

    private JobCollectionServer retaining(String spec) {
        server.close();
        server = new JobCollectionServer("jobPile", factory.open("jobPile"), JobServerOptions.defaults().withClock(clock)
                .withPromoteInterval(Duration.ofHours(1)).withRetention(RetentionPolicy.parse(spec)));
        server.addListener(events::add);
        return server;
    }

    private void put(String id, String status, Instant updated, String... depends) {
        JobDoc d = new JobDoc();
        d.id = id;
        d.type = "t";
        d.status = status;
        d.data = Json.createObjectBuilder().build();
        d.after = T0;
        d.updated = updated;
        d.created = T0;
        d.retryUntil = JobDoc.FOREVER_DATE;
        d.repeatUntil = JobDoc.FOREVER_DATE;
        d.retryBackoff = "constant";
        d.depends = new java.util.ArrayList<>(List.of(depends));
        server.store().put(d);
        server.store().commit();
    }

    @Test
    void removesFinishedJobsPastTheirPeriodAndKeepsAntecedentsOfUnfinishedJobs() {
        retaining("completed=1h,failed=2h");
        put("old-done", "completed", T0);
        put("newer-done", "completed", T0.plus(Duration.ofMinutes(50)));
        put("old-failed", "failed", T0);
        put("young-failed", "failed", T0.plus(Duration.ofMinutes(90)));
        put("cancelled", "cancelled", T0);
        put("antecedent", "completed", T0);
        put("dependent", "waiting", T0, "antecedent");
        put("running", "running", T0);

        clock.set(T0.plus(Duration.ofMinutes(130)));
        assertThat(server.applyRetention()).isEqualTo(3); // old-done, newer-done (50 min + 1 h < 130 min), old-failed
        assertThat(server.store().allIds()).containsExactlyInAnyOrder("young-failed", "cancelled", "antecedent", "dependent", "running");
        assertThat(events).filteredOn(e -> e instanceof ServerJobEvent.Removed).hasSize(3);

        put("dependent", "completed", T0.plus(Duration.ofMinutes(130)), "antecedent");
        clock.set(T0.plus(Duration.ofMinutes(180)));
        assertThat(server.applyRetention()).isEqualTo(1); // the antecedent, free now; the dependent is younger than 1 h
        assertThat(server.store().allIds()).containsExactlyInAnyOrder("young-failed", "cancelled", "dependent", "running");
        clock.set(T0.plus(Duration.ofMinutes(220)));
        assertThat(server.applyRetention()).isEqualTo(2); // the dependent; young-failed (90 min) past 2 h
        assertThat(server.store().allIds()).containsExactlyInAnyOrder("cancelled", "running");
        assertThat(server.counts().count(JobStatus.COMPLETED)).isZero();
    }

    @Test
    void removesMoreThanOneBatchAndSkipsHeldJobs() {
        retaining("completed=1m");
        put("held", "completed", T0.minusSeconds(1)); // the oldest, kept: must not stop the jobs behind it
        put("waiter", "waiting", T0, "held");
        for (int i = 0; i < Retention.BATCH * 2 + 10; i++) {
            put(String.format("j%05d", i), "completed", T0.plusMillis(i));
        }
        clock.set(T0.plus(Duration.ofHours(1)));
        assertThat(server.applyRetention()).isEqualTo(Retention.BATCH * 2 + 10);
        assertThat(server.store().allIds()).containsExactlyInAnyOrder("held", "waiter");
    }

    @Test
    void theBackgroundPassRunsWithoutBeingAsked() {
        retaining("completed=10s");
        put("done", "completed", T0);
        clock.set(T0.plus(Duration.ofMinutes(1)));
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(server.store().allIds()).doesNotContain("done"));
    }

    @Test
    void badPoliciesAreRefusedNamingTheProblem() {
        assertThatThrownBy(() -> RetentionPolicy.parse("completed=7x")).hasMessageContaining("completed=7x");
        assertThatThrownBy(() -> RetentionPolicy.parse("done=7d")).hasMessageContaining("unknown status 'done'");
        assertThatThrownBy(() -> RetentionPolicy.parse("running=7d")).hasMessageContaining("not running");
        assertThatThrownBy(() -> RetentionPolicy.parse("failed=0d")).hasMessageContaining("must be positive");
        assertThat(RetentionPolicy.parse("completed=7d, cancelled=12h,failed=30d").periods())
                .containsEntry(JobStatus.COMPLETED, Duration.ofDays(7))
                .containsEntry(JobStatus.CANCELLED, Duration.ofHours(12))
                .containsEntry(JobStatus.FAILED, Duration.ofDays(30));
    }
}
