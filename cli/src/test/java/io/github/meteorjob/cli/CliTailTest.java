package io.github.meteorjob.cli;

import io.github.meteorjob.Job;
import io.github.meteorjob.JobException;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** {@code tail} live (subscription) and polling, ended the way Ctrl-C ends it: by interrupting its thread. */
class CliTailTest extends CliServerTest {

    /** A tail running on its own thread. */
    private static final class Tail implements AutoCloseable {
        final CliRun.Buffer out = new CliRun.Buffer();
        final CliRun.Buffer err = new CliRun.Buffer();
        final AtomicInteger exit = new AtomicInteger(-1);
        final Thread thread;

        Tail(String... args) {
            thread = new Thread(() -> exit.set(Main.run(CliRun.args(url, args), out.stream(), err.stream(), Map.of())),
                    "cli-tail");
            thread.start();
        }

        void awaitErr(String text) {
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(err.text()).contains(text));
        }

        void awaitOut(String text) {
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(out.text()).contains(text));
        }

        int stop() throws InterruptedException {
            thread.interrupt();
            thread.join(20_000);
            assertThat(thread.isAlive()).as("tail still running after the interrupt").isFalse();
            return exit.get();
        }

        @Override
        public void close() throws InterruptedException {
            if (thread.isAlive()) {
                stop();
            }
        }
    }

    @Test
    void pollingPrintsStatusChangesAndNewLogEntriesAndSaysOnceThatItPolls() throws Exception {
        Job job = client.create("tail-poll");
        try (Tail tail = new Tail("tail", job.id(), "--poll", "--interval", "0.1")) {
            tail.awaitErr("polling getJob every 0.1 s");
            JobException.await(job.log("first line from the test"));
            tail.awaitOut("log info first line from the test");
            assertThat(client.queue.pauseJobs(List.of(job.id())).toCompletableFuture().get()).isTrue();
            tail.awaitOut("status ready -> paused");

            assertThat(tail.stop()).isZero();
            assertThat(tail.err.text().lines().filter(l -> l.contains("polling"))).hasSize(1);
            assertThat(tail.out.text()).doesNotContain("Constructed"); // entries from before tail started are not new
            assertThat(tail.out.text().lines()).allMatch(l -> l.startsWith("20") && l.contains(job.id()));
        }
    }

    @Test
    void liveByTypeShowsNewJobsTheirStatusChangesAndLogAsJsonLines() throws Exception {
        try (Tail tail = new Tail("--json", "tail", "--type", "tail-live")) {
            tail.awaitErr("live");
            Job job = client.create("tail-live");
            tail.awaitOut("\"event\":\"added\"");
            Job other = client.create("tail-other-type");
            JobException.await(job.log("live log line"));
            tail.awaitOut("live log line");
            assertThat(client.queue.pauseJobs(List.of(job.id())).toCompletableFuture().get()).isTrue();
            tail.awaitOut("\"to\":\"paused\"");
            assertThat(client.queue.removeJobs(List.of(job.id())).toCompletableFuture().get()).isFalse(); // paused: not removable
            assertThat(client.queue.cancelJobs(List.of(job.id())).toCompletableFuture().get()).isTrue();
            assertThat(client.queue.removeJobs(List.of(job.id())).toCompletableFuture().get()).isTrue();
            tail.awaitOut("\"event\":\"removed\"");

            assertThat(tail.stop()).isZero();
            List<JsonObject> events = tail.out.text().lines()
                    .map(CliServerTest::json).toList();
            assertThat(events).allMatch(e -> e.getString("id").equals(job.id()) && e.getString("type").equals("tail-live")
                    && e.getString("time").matches("\\d{4}-.*\\.\\d{3}Z"));
            assertThat(events).extracting(e -> e.getString("event")).containsSubsequence("added", "log", "status", "status", "removed");
            assertThat(tail.out.text()).doesNotContain(other.id());
        }
    }

    @Test
    void followingIdsWorksWhateverTheServerOffersAndMissingJobsExit1() throws Exception {
        Job job = client.create("tail-ids");
        try (Tail tail = new Tail("tail", job.id(), "--interval", "0.1")) {
            tail.awaitErr("Ctrl-C ends");
            assertThat(client.queue.pauseJobs(List.of(job.id())).toCompletableFuture().get()).isTrue();
            tail.awaitOut("status ready -> paused");
            assertThat(tail.stop()).isZero();
        }
        CliRun missing = CliRun.run(CliRun.args(url, "tail", "no-such-job", "--poll"));
        assertThat(missing.exitCode()).as(missing.toString()).isEqualTo(ExitCodes.REFUSED);
        assertThat(missing.err()).contains("no such job no-such-job");
        assertThat(CliRun.run(CliRun.args(url, "tail", "x", "--type", "y")).exitCode()).isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void aDroppedConnectionEndsTailWithExit3() throws Exception {
        CliRun.Buffer out = new CliRun.Buffer();
        CliRun.Buffer err = new CliRun.Buffer();
        AtomicInteger exit = new AtomicInteger(-1);
        try (io.github.meteorjob.server.EmbeddedJobServer own = io.github.meteorjob.server.EmbeddedJobServer.builder()
                .port(0).start()) {
            Thread t = new Thread(() -> exit.set(Main.run(new String[] {"--url", own.url(), "tail"}, out.stream(),
                    err.stream(), Map.of())), "cli-tail-drop");
            t.start();
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(err.text()).contains("following all jobs live"));
            own.close();
            t.join(30_000);
            assertThat(t.isAlive()).isFalse();
        }
        assertThat(exit.get()).as(err.text()).isEqualTo(ExitCodes.CONNECTION);
        assertThat(err.text()).contains("lost the connection");
    }
}
