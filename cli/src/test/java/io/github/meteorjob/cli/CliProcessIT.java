package io.github.meteorjob.cli;

import io.github.meteorjob.Job;
import io.github.meteorjob.testing.JobServerExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The shaded jar as a real process (after {@code package}): login from the environment, the password absent from
 * the process's arguments as {@code ps} shows them, and Ctrl-C (SIGINT) ending {@code tail} with exit 0.
 */
class CliProcessIT {

    private static final String PASSWORD = "proc-Pw-91xk";

    @RegisterExtension
    static JobServerExtension jobs = new JobServerExtension(b -> b.user("ann", PASSWORD, "admin"));

    private static Jobs client;

    @TempDir
    Path dir;

    @BeforeAll
    static void connect() {
        client = new Jobs(jobs.server().url(), "ann", PASSWORD);
    }

    @AfterAll
    static void close() {
        client.close();
    }

    private Process start(String name, String... args) throws IOException {
        String jar = System.getProperty("meteorjob.cli.jar");
        assertThat(jar).as("system property meteorjob.cli.jar (set by the failsafe configuration)").isNotNull();
        assertThat(Path.of(jar)).exists();
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-jar", jar, "--url", jobs.server().url(), "--user", "ann"));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command)
                .redirectOutput(dir.resolve(name + ".out").toFile())
                .redirectError(dir.resolve(name + ".err").toFile());
        pb.environment().put("METEOR_JOB_PASSWORD", PASSWORD);
        return pb.start();
    }

    private String read(String file) throws IOException {
        Path p = dir.resolve(file);
        return Files.exists(p) ? Files.readString(p, StandardCharsets.UTF_8) : "";
    }

    @Test
    void theJarLogsInFromTheEnvironmentAndCtrlCEndsTailWithExit0() throws Exception {
        Job job = client.create("process");

        Process show = start("show", "--json", "show", job.id());
        assertThat(show.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(show.exitValue()).as(read("show.err")).isZero();
        assertThat(read("show.out")).contains("\"_id\":\"" + job.id() + "\"");

        Process tail = start("tail", "tail", job.id(), "--interval", "0.2");
        try {
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(read("tail.err")).contains("Ctrl-C ends"));
            // what ps shows of the process: the password is not in it
            Process ps = new ProcessBuilder("ps", "-ww", "-o", "args=", "-p", Long.toString(tail.pid()))
                    .redirectErrorStream(true).start();
            String args = new String(ps.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(ps.waitFor(20, TimeUnit.SECONDS)).isTrue();
            assertThat(args).contains("meteor-job-cli.jar").contains("tail").doesNotContain(PASSWORD);

            client.queue.pauseJobs(List.of(job.id())).toCompletableFuture().get();
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(read("tail.out")).contains("-> paused"));

            Process kill = new ProcessBuilder("kill", "-INT", Long.toString(tail.pid())).start();
            assertThat(kill.waitFor(20, TimeUnit.SECONDS)).isTrue();
            assertThat(tail.waitFor(30, TimeUnit.SECONDS)).as("tail ends on SIGINT").isTrue();
            assertThat(tail.exitValue()).as(read("tail.err")).isZero();
            assertThat(read("tail.out") + read("tail.err") + read("show.out") + read("show.err")).doesNotContain(PASSWORD);
        } finally {
            if (tail.isAlive()) {
                tail.destroyForcibly();
            }
        }
    }
}
