package io.github.meteorjob.cli;

import io.github.meteorjob.Job;
import io.github.meteorjob.testing.JobServerExtension;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Servers as job-collection is: without the job query extension (ls/stats exit 4), and a collection without the
 * {@code <root>.jobs} publication (tail falls back to polling).
 */
class CliNoQueryExtensionTest {

    @RegisterExtension
    static JobServerExtension jobs = new JobServerExtension(b -> b.queryExtension(false));

    private static Jobs client;
    private static String url;

    @BeforeAll
    static void connect() {
        url = jobs.server().url();
        client = new Jobs(url);
        // a collection as a Meteor app with job-collection shows it: its methods, but no <root>.jobs publication
        jobs.server().registry().method("legacy_getJob", Set.of("worker"),
                (invocation, params) -> jobs.server().collection().call("getJob", params));
    }

    @AfterAll
    static void close() {
        client.close();
    }

    @Test
    void lsAndStatsExit4WithAMessageThatSaysWhatIsMissing() {
        for (String command : List.of("ls", "stats")) {
            CliRun r = CliRun.run(CliRun.args(url, command));
            assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.NO_QUERY_EXTENSION);
            assertThat(r.err()).contains("this server has no job query extension (`queue_findJobs`); "
                    + "`ls` and `stats` need a meteor-job server — job-collection lacks it");
            assertThat(r.out()).isEmpty();
        }
    }

    @Test
    void theOtherCommandsWork() {
        Job job = client.create("no-ext");
        assertThat(CliRun.run(CliRun.args(url, "show", job.id())).exitCode()).isZero();
        assertThat(CliRun.run(CliRun.args(url, "pause", job.id())).exitCode()).isZero();
    }

    @Test
    void withoutThePublicationTailSaysOnceThatItPollsAndStillFollows() throws Exception {
        Job job = client.create("no-ext-tail");
        CliRun.Buffer out = new CliRun.Buffer();
        CliRun.Buffer err = new CliRun.Buffer();
        AtomicInteger exit = new AtomicInteger(-1);
        Thread t = new Thread(() -> exit.set(Main.run(CliRun.args(url, "-c", "legacy", "tail", job.id(), "--interval", "0.1"),
                out.stream(), err.stream(), Map.of())));
        t.start();
        try {
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> err.text().contains("polling getJob every 0.1 s"));
            client.queue.pauseJobs(List.of(job.id())).toCompletableFuture().get();
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> out.text().contains("status ready -> paused"));
        } finally {
            t.interrupt();
            t.join(20_000);
        }
        assertThat(exit.get()).isZero();
        assertThat(err.text().lines().filter(l -> l.contains("polling"))).hasSize(1);
        assertThat(err.text()).contains("legacy.jobs");

        CliRun allJobs = CliRun.run(CliRun.args(url, "-c", "legacy", "tail"));
        assertThat(allJobs.exitCode()).as(allJobs.toString()).isEqualTo(ExitCodes.REFUSED);
        assertThat(allJobs.err()).contains("give job IDs to poll them");

    }
}
