package io.github.meteorjob.cli;

import io.github.meteorjob.Job;
import io.github.meteorjob.testing.JobServerExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Login: passwords from a file or the environment, refused logins and missing permissions. */
class CliUsersTest {

    private static final String ADMIN_PASSWORD = "ann-Pw-7f3q";
    private static final String MANAGER_PASSWORD = "mo-Pw-2k9z";
    private static final String VIEWER_PASSWORD = "vic-Pw-5t2m";

    @RegisterExtension
    static JobServerExtension jobs = new JobServerExtension(b -> b.user("ann", ADMIN_PASSWORD, "admin")
            .user("mo", MANAGER_PASSWORD, "manager").user("vic", VIEWER_PASSWORD, "viewer"));

    private static Jobs client;
    private static String url;

    @BeforeAll
    static void connect() {
        url = jobs.server().url();
        client = new Jobs(url, "ann", ADMIN_PASSWORD);
    }

    @AfterAll
    static void close() {
        client.close();
    }

    private static void assertNoPassword(CliRun r) {
        assertThat(r.out() + r.err()).doesNotContain(ADMIN_PASSWORD).doesNotContain(MANAGER_PASSWORD).doesNotContain(VIEWER_PASSWORD)
                .doesNotContain("wrong-Pw-1x");
    }

    @Test
    void thePasswordFromTheDefaultEnvironmentVariableLogsIn() {
        Job job = client.create("env");
        CliRun r = CliRun.run(Map.of("METEOR_JOB_PASSWORD", ADMIN_PASSWORD), CliRun.args(url, "--user", "ann", "show", job.id()));
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).contains(job.id());
        assertNoPassword(r);
    }

    @Test
    void thePasswordFromANamedEnvironmentVariableLogsIn() {
        Job job = client.create("env-named");
        CliRun r = CliRun.run(Map.of("QUEUE_PW", ADMIN_PASSWORD),
                CliRun.args(url, "--user", "ann", "--password-env", "QUEUE_PW", "show", job.id()));
        assertThat(r.exitCode()).as(r.toString()).isZero();
    }

    @Test
    void thePasswordFromAFileLogsIn(@TempDir Path dir) throws IOException {
        Job job = client.create("file");
        Path file = Files.writeString(dir.resolve("pw"), ADMIN_PASSWORD + "\n");
        CliRun r = CliRun.run(CliRun.args(url, "--user", "ann", "--password-file", file.toString(), "show", job.id()));
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertNoPassword(r);
    }

    @Test
    void aWrongPasswordExits3AndIsNotPrinted() {
        CliRun r = CliRun.run(Map.of("METEOR_JOB_PASSWORD", "wrong-Pw-1x"), CliRun.args(url, "--user", "ann", "show", "x"));
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.CONNECTION);
        assertThat(r.err()).contains("login refused");
        assertNoPassword(r);
    }

    @Test
    void aUserWithoutAPasswordSourceIsAUsageError(@TempDir Path dir) {
        CliRun none = CliRun.run(CliRun.args(url, "--user", "ann", "show", "x"));
        assertThat(none.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(none.err()).contains("METEOR_JOB_PASSWORD").contains("--password-file");

        CliRun missing = CliRun.run(CliRun.args(url, "--user", "ann", "--password-file", dir.resolve("nope").toString(), "show", "x"));
        assertThat(missing.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(missing.err()).contains("does not exist");
    }

    @Test
    void withoutLoginAndWithoutPermissionTheCallIsNotAuthorizedExit3() {
        Job job = client.create("perm");
        CliRun anonymous = CliRun.run(CliRun.args(url, "pause", job.id()));
        assertThat(anonymous.exitCode()).as(anonymous.toString()).isEqualTo(ExitCodes.CONNECTION);
        assertThat(anonymous.err()).contains("not authorized");

        // the read-only viewer level may look (getJob, findJobs, countJobs) but change nothing; a manager may pause
        Map<String, String> vic = Map.of("METEOR_JOB_PASSWORD", VIEWER_PASSWORD);
        CliRun show = CliRun.run(vic, CliRun.args(url, "--user", "vic", "show", job.id()));
        assertThat(show.exitCode()).as(show.toString()).isZero();
        CliRun ls = CliRun.run(vic, CliRun.args(url, "--user", "vic", "ls", "--type", "perm"));
        assertThat(ls.exitCode()).as(ls.toString()).isZero();
        assertThat(ls.out()).contains(job.id());
        CliRun refused = CliRun.run(vic, CliRun.args(url, "--user", "vic", "pause", job.id()));
        assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(ExitCodes.CONNECTION);
        assertThat(refused.err()).contains("not authorized").contains("queue_jobPause");
        CliRun paused = CliRun.run(Map.of("METEOR_JOB_PASSWORD", MANAGER_PASSWORD),
                CliRun.args(url, "--user", "mo", "pause", job.id()));
        assertThat(paused.exitCode()).as(paused.toString()).isZero();
        assertNoPassword(refused);

    }
}
