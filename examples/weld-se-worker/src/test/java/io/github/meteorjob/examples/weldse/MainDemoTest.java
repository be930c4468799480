package io.github.meteorjob.examples.weldse;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The demo mode end to end: embedded server, Weld SE, @ProcessJobs worker, retries, summary, and its log. */
class MainDemoTest {

    /** One event per line: time, level, logger, message. */
    static final String LOG_LINE = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3} (INFO|WARNING|SEVERE) [\\w.$]+: .*";

    @TempDir
    Path dir;

    @Test
    void demoProcessesEveryJobAndReportsRetries() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        boolean ok;
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            ok = Main.demo(out, 40);
        }
        String output = bytes.toString(StandardCharsets.UTF_8);
        assertThat(ok).as(output).isTrue();
        assertThat(output).contains("embedded job server at ws://127.0.0.1:", "summary: 40 jobs");
        // every job ends: completed, or failed for good exactly where the demo planned it
        assertThat(output).containsPattern("summary: 40 jobs, \\d+ completed, (\\d+) failed for good \\(expected \\1\\), [1-9]\\d* failed attempts retried");
    }

    /** The launcher as a user runs it (a JVM of its own): its bundled logging.properties, one line per event. */
    @Test
    void launcherLogsOneLinePerEventWithTheJobAndWithoutContainerChatter() throws Exception {
        Path out = dir.resolve("stdout");
        Path err = dir.resolve("stderr");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "30")
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        try {
            assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("demo finished").isTrue();
        } finally {
            p.destroyForcibly();
        }
        String stderr = Files.readString(err);
        assertThat(p.exitValue()).as(Files.readString(out) + stderr).isZero();
        assertThat(Files.readString(out)).contains("summary: 30 jobs");

        List<String> lines = stderr.lines().toList();
        assertThat(lines).as(stderr).isNotEmpty().allSatisfy(l -> assertThat(l).matches(LOG_LINE));
        // the library's own lines, and the worker's line for a failed attempt with the job it belongs to
        assertThat(lines).anySatisfy(l -> assertThat(l).contains(" INFO io.github.meteorjob.", "meteor-job: processing jobPile/sendEmail"));
        assertThat(lines).anySatisfy(l -> assertThat(l).matches(".* WARNING io\\.github\\.meteorjob\\.examples\\.weldse\\.Mailer: "
                + "mail server busy on attempt \\d+; .* \\[collection=jobPile type=sendEmail job=\\w+ run=\\w+]"));
        // Weld, SmallRye and Grizzly/Tyrus say nothing below WARNING
        assertThat(stderr).doesNotContain("org.jboss.weld", "io.smallrye", "org.glassfish");
    }
}
