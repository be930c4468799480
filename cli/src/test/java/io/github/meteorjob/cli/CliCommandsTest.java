package io.github.meteorjob.cli;

import io.github.meteorjob.Job;
import io.github.meteorjob.JobException;
import io.github.meteorjob.JobStatus;
import io.github.meteorjob.server.EmbeddedJobServer;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;

import static org.assertj.core.api.Assertions.assertThat;

/** The CLI in-process against a real embedded job server without users. */
class CliCommandsTest extends CliServerTest {

    @Test
    void showPrintsTheDocumentAndTheLog() {
        Job job = client.create("show-text");
        JobException.await(job.log("hello from the test"));

        CliRun r = cli("show", job.id());

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).contains(job.id()).contains("show-text").contains("ready")
                .contains("{\"to\":\"ann@example.com\"}").contains("hello from the test");
        assertThat(r.out().lines()).anyMatch(l -> l.matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z\\s+info\\s+.*hello from the test"));
    }

    @Test
    void showJsonIsOneDocumentWithIsoDatesAndTheLog() {
        Job job = client.create("show-json");

        CliRun r = cli("show", job.id(), "--json");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out().lines()).hasSize(1);
        JsonObject doc = json(r.out());
        assertThat(doc.getString("_id")).isEqualTo(job.id());
        assertThat(doc.getString("created")).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
        assertThat(doc.getString("updated")).endsWith("Z");
        JsonArray log = doc.getJsonArray("log");
        assertThat(log).isNotEmpty();
        assertThat(log.getJsonObject(0).getString("time")).endsWith("Z");
    }

    @Test
    void showOfAMissingJobExits1() {
        CliRun r = cli("show", "no-such-job");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.REFUSED);
        assertThat(r.err()).contains("no job no-such-job");
    }

    @Test
    void pauseAndResumeChangeTheJobAndSayWhichJobWasNotChanged() {
        Job job = client.create("pause");

        CliRun paused = cli("pause", job.id());
        assertThat(paused.exitCode()).as(paused.toString()).isZero();
        assertThat(paused.out()).contains("paused").contains(job.id());
        assertThat(client.get(job.id()).status()).isEqualTo(JobStatus.PAUSED);

        CliRun again = cli("pause", job.id(), "--json");
        assertThat(again.exitCode()).as(again.toString()).isEqualTo(ExitCodes.REFUSED);
        JsonObject answer = json(again.out());
        assertThat(answer.getBoolean("ok")).isFalse();
        assertThat(answer.getJsonArray("jobs").getJsonObject(0).getBoolean("changed")).isFalse();
        assertThat(answer.getJsonArray("jobs").getJsonObject(0).getString("reason")).contains("status paused");

        CliRun resumed = cli("resume", job.id());
        assertThat(resumed.exitCode()).as(resumed.toString()).isZero();
        assertThat(client.get(job.id()).status()).isIn(JobStatus.WAITING, JobStatus.READY);
    }

    @Test
    void oneUnchangedJobAmongSeveralMakesExit1AndTheOthersStillChange() {
        Job a = client.create("cancel-many");
        Job b = client.create("cancel-many");

        CliRun r = cli("cancel", a.id(), "missing-id", b.id());

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.REFUSED);
        assertThat(r.out().lines()).anyMatch(l -> l.matches("unchanged\\s+missing-id\\s+no such job"));
        assertThat(client.get(a.id()).status()).isEqualTo(JobStatus.CANCELLED);
        assertThat(client.get(b.id()).status()).isEqualTo(JobStatus.CANCELLED);
    }

    @Test
    void restartOfACompletedJobExits1AndOfACancelledJobWorks() {
        Job done = client.completed("restart-done");
        CliRun refused = cli("restart", done.id());
        assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(ExitCodes.REFUSED);
        assertThat(refused.out()).contains("status completed");

        Job cancelled = client.create("restart-cancelled");
        assertThat(cli("cancel", cancelled.id()).exitCode()).isZero();
        CliRun restarted = cli("restart", cancelled.id(), "--retries", "3");
        assertThat(restarted.exitCode()).as(restarted.toString()).isZero();
        assertThat(client.get(cancelled.id()).status()).isIn(JobStatus.WAITING, JobStatus.READY);
    }

    @Test
    void rerunPrintsTheNewJobsIdAndReadyAndRemoveWork() {
        Job done = client.completed("rerun");
        CliRun r = cli("--json", "rerun", done.id());
        assertThat(r.exitCode()).as(r.toString()).isZero();
        String newId = json(r.out()).getJsonArray("jobs").getJsonObject(0).getString("newId");
        assertThat(client.get(newId).type()).isEqualTo("rerun");

        // a job waiting for an unfinished antecedent becomes ready only when forced
        Job antecedent = client.queue.createJob("ready-first", java.util.Map.of()).delay(java.time.Duration.ofHours(1));
        antecedent.saveAndWait();
        Job dependent = client.queue.createJob("ready-then", java.util.Map.of()).depends(antecedent);
        dependent.saveAndWait();
        CliRun notForced = cli("ready", dependent.id());
        assertThat(notForced.exitCode()).as(notForced.toString()).isEqualTo(ExitCodes.REFUSED);
        assertThat(notForced.out()).contains("status waiting");
        CliRun forced = cli("ready", dependent.id(), "--force");
        assertThat(forced.exitCode()).as(forced.toString()).isZero();
        assertThat(client.get(dependent.id()).status()).isEqualTo(JobStatus.READY);

        CliRun removed = cli("remove", done.id());
        assertThat(removed.exitCode()).as(removed.toString()).isZero();
        assertThat(client.queue.getJobAndWait(done.id())).isEmpty();
    }

    @Test
    void usageErrorsExit2AndNameTheProblem() {
        CliRun password = cli("--password", "hunter2-secret", "show", "x");
        assertThat(password.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(password.err()).contains("--password-file").doesNotContain("hunter2-secret");

        CliRun status = cli("ls", "--status", "sleeping");
        assertThat(status.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(status.err()).contains("--status").contains("sleeping");

        CliRun sort = cli("ls", "--sort", "colour");
        assertThat(sort.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(sort.err()).contains("--sort");

        CliRun noIds = cli("pause");
        assertThat(noIds.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(noIds.err()).contains("ID");

        assertThat(cli().exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(cli("frobnicate").exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(CliRun.run("--url", "http://127.0.0.1:1/", "show", "x").exitCode()).isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void helpOfEveryCommandExits0() {
        for (String command : new String[] {"ls", "stats", "show", "tail", "pause", "resume", "ready", "cancel",
                "restart", "rerun", "remove"}) {
            CliRun r = CliRun.run(command, "--help");
            assertThat(r.exitCode()).as(r.toString()).isZero();
            assertThat(r.out()).contains("Usage: meteor-job " + command).contains("Exit codes:");
        }
        assertThat(CliRun.run("--help").out()).contains("tail").contains("stats");
        assertThat(CliRun.run("--version").out()).startsWith("meteor-job CLI ");
    }

    @Test
    void eachActionSendsTheJobCollectionMethodItsNameSpells() {
        assertThat(java.util.stream.Stream.of(new ActionCommands.Pause(), new ActionCommands.Resume(),
                        new ActionCommands.Ready(), new ActionCommands.Cancel(), new ActionCommands.Restart(),
                        new ActionCommands.Rerun(), new ActionCommands.Remove()).map(ActionCommands.Action::method))
                .containsExactly("jobPause", "jobResume", "jobReady", "jobCancel", "jobRestart", "jobRerun", "jobRemove");
    }

    @Test
    void optionsMayComeBeforeOrAfterTheCommandAndTheUrlMayComeFromTheEnvironment() {
        Job job = client.create("options");
        assertThat(CliRun.run("show", job.id(), "--url", url).exitCode()).isZero();
        assertThat(CliRun.run(java.util.Map.of("METEOR_JOB_URL", url), "show", job.id()).exitCode()).isZero();
    }

    @Test
    void aServerThatIsNotThereExits3() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        CliRun r = CliRun.run("--url", "ws://127.0.0.1:" + port + "/websocket", "--timeout", "5", "show", "x");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.CONNECTION);
        assertThat(r.err()).contains("cannot connect to ws://127.0.0.1:" + port);
    }

    @Test
    void anUnknownCollectionIsNamed() {
        CliRun r = cli("-c", "nosuch", "pause", "x");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.REFUSED);
        assertThat(r.err()).contains("no job collection 'nosuch'");
    }

    static EmbeddedJobServer server() {
        return jobs.server();
    }
}
