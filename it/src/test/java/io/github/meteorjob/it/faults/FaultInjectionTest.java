package io.github.meteorjob.it.faults;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Workers and a creator behind a {@link FaultProxy} (delays, drops, resets mid-frame, half-open links), the
 * durable server killed with SIGKILL mid-run: every acknowledged job must end completed exactly once (or have been
 * re-run only after its lease lapsed), nothing stays running, nothing is lost, totals match.
 * The seed is printed; {@code -Dfaults.seed=N} repeats a run's sequence of faults.
 */
class FaultInjectionTest {

    private static long seed() {
        String fixed = System.getProperty("faults.seed");
        return fixed != null && !fixed.isBlank() ? Long.parseLong(fixed.trim()) : System.nanoTime();
    }

    private static void runAndCheck(FaultRun.Settings settings, Path dir) throws Exception {
        System.out.println("fault run: seed " + settings.seed() + " (repeat with -Dfaults.seed=" + settings.seed() + ")");
        FaultRun.Outcome outcome = new FaultRun(settings, dir).run();
        System.out.println(outcome.summary());
        assertThat(outcome.violations()).as("invariants broken in run with seed %d; %s", settings.seed(), outcome.summary()).isEmpty();
        assertThat(outcome.losses()).isZero();
        assertThat(outcome.acknowledged()).isEqualTo(settings.jobs());
        assertThat(outcome.kills()).isEqualTo(settings.kills());
        // the run must actually have been disturbed, or it proves nothing
        assertThat(outcome.faults().values().stream().mapToInt(Integer::intValue).sum()).isPositive();
    }

    /** Default suite: 1,000 jobs, 4 workers, ~40 faults, one kill -9; 26-34 s at load 12-19, the deadline leaves room for load 30. */
    @Test
    void quickRunUnderFaultsAndOneKill(@TempDir Path dir) throws Exception {
        runAndCheck(new FaultRun.Settings(seed(), 1_000, 4, 4, Duration.ofSeconds(2), 40, Duration.ofSeconds(15),
                Duration.ofMillis(100), Duration.ofMillis(500), 1, Duration.ofSeconds(110)), dir);
    }

    /** Soak profile: 10,000 jobs, 4 workers, up to 400 faults over 3 minutes, three kills -9. */
    @Test
    @Tag("soak")
    void soakRunUnderFaultsAndKills(@TempDir Path dir) throws Exception {
        runAndCheck(new FaultRun.Settings(seed(), 10_000, 4, 4, Duration.ofSeconds(2), 400, Duration.ofMinutes(3),
                Duration.ofMillis(100), Duration.ofMillis(800), 3, Duration.ofMinutes(8)), dir);
    }
}
