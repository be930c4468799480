package io.github.meteorjob.examples.weldse;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** The demo mode end to end: embedded server, Weld SE, @ProcessJobs worker, retries, summary. */
class MainDemoTest {

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
}
