package io.github.meteorjob.server.interop;

import io.github.meteorjob.server.EmbeddedJobServer;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.StringReader;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The real JavaScript client, {@code meteor-job@1.5.2} from the npm registry over the npm
 * {@code ddp@0.12.1} client (the DDP package its README uses), against the embedded server:
 * options, processJobs, fail and retry, repeat, dependencies, pause/resume/cancel/restart/rerun/remove.
 * Skipped only when {@code node} is not installed.
 */
class MeteorJobNpmInteropTest {

    static final String METEOR_JOB = "meteor-job@1.5.2";
    static final String DDP = "ddp@0.12.1";

    private static Path npmDir;

    @BeforeAll
    static void installClient() throws Exception {
        assumeTrue(commandWorks("node", "--version"),
                "node is not installed: skipping the interop test with the npm meteor-job@1.5.2 client");
        npmDir = buildDir().resolve("npm");
        Path installed = npmDir.resolve("node_modules/meteor-job/package.json");
        if (Files.exists(installed) && Files.readString(installed).contains("\"version\": \"1.5.2\"")
                && Files.exists(npmDir.resolve("node_modules/ddp/package.json"))) {
            return;
        }
        Files.createDirectories(npmDir);
        Files.writeString(npmDir.resolve("package.json"), "{\"name\":\"meteor-job-interop\",\"private\":true}\n");
        Process npm = new ProcessBuilder("npm", "install", "--no-audit", "--no-fund", "--no-save", METEOR_JOB, DDP)
                .directory(npmDir.toFile()).redirectErrorStream(true).start();
        String log = new String(npm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(npm.waitFor(5, TimeUnit.MINUTES)).as("npm install finished").isTrue();
        assertThat(npm.exitValue()).as("npm install %s %s:%n%s", METEOR_JOB, DDP, log).isZero();
    }

    @Test
    void referenceClientRunsTheWholeJobLifecycle() throws Exception {
        Path script = Path.of("src/test/node/interop.js").toAbsolutePath();
        assertThat(script).exists();
        JsonObject r;
        try (EmbeddedJobServer server = EmbeddedJobServer.builder().collection("jobPile")
                .promoteInterval(Duration.ofSeconds(1)).start()) {
            ProcessBuilder pb = new ProcessBuilder("node", script.toString(), "127.0.0.1",
                    String.valueOf(server.port()), "jobPile").redirectErrorStream(true);
            pb.environment().put("NODE_PATH", npmDir.resolve("node_modules").toString());
            Process node = pb.start();
            String output = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(node.waitFor(2, TimeUnit.MINUTES)).isTrue();
            assertThat(node.exitValue()).as("node output:%n%s", output).isZero();
            String line = output.lines().filter(l -> l.startsWith("RESULT ")).findFirst()
                    .orElseThrow(() -> new AssertionError("no RESULT line in:\n" + output));
            try (JsonReader reader = Json.createReader(new StringReader(line.substring("RESULT ".length())))) {
                r = reader.readObject();
            }
        }
        JsonObject ids = r.getJsonObject("ids");
        JsonObject docs = r.getJsonObject("docs");

        // pause/resume/cancel/restart/remove on a delayed job, as answered to the client
        JsonObject manage = r.getJsonObject("manage");
        assertThat(manage.getBoolean("pause")).isTrue();
        assertThat(manage.getString("pausedStatus")).isEqualTo("paused");
        assertThat(manage.getString("resumedStatus")).isEqualTo("waiting");
        assertThat(manage.getString("cancelledStatus")).isEqualTo("cancelled");
        assertThat(manage.getString("restartedStatus")).isEqualTo("waiting");
        assertThat(manage.getBoolean("remove")).isTrue();
        assertThat(manage.get("afterRemove")).isEqualTo(JsonValue.NULL);

        // A: priority high, failed once, retried, completed
        JsonObject a = docs.getJsonObject("a");
        assertThat(a.getString("status")).isEqualTo("completed");
        assertThat(a.getInt("priority")).isEqualTo(-10);
        assertThat(a.getInt("retried")).isEqualTo(2);
        assertThat(a.getJsonArray("failures")).hasSize(1);
        assertThat(a.getJsonArray("failures").getJsonObject(0).getString("value")).isEqualTo("first try");
        assertThat(a.getJsonObject("result").getInt("n")).isEqualTo(1);
        assertThat(messages(a)).containsSubsequence("Constructed", "Job Submitted", "Job Running",
                "Job Failed with Error: first try.", "Job Running", "working on 1", "Job Completed");
        assertThat(a.getJsonObject("progress").getInt("percent")).isEqualTo(100);

        // B: waited for A, then ran
        JsonObject b = docs.getJsonObject("b");
        assertThat(b.getString("status")).isEqualTo("completed");
        assertThat(b.getJsonArray("depends")).isEmpty();
        assertThat(b.getJsonArray("resolved").getString(0)).isEqualTo(ids.getString("a"));
        assertThat(messages(b)).contains("Dependency resolved");

        // C: repeated once; the repeat is a new completed job
        assertThat(docs.getJsonObject("c").getString("status")).isEqualTo("completed");
        JsonObject repeat = docs.getJsonObject("cRepeat");
        assertThat(repeat.getString("_id")).isNotEqualTo(ids.getString("c"));
        assertThat(repeat.getString("status")).isEqualTo("completed");
        assertThat(repeat.getInt("repeated")).isEqualTo(1);
        assertThat(repeat.getInt("repeats")).isZero();

        // E: fatal failure, restart, success
        JsonObject e = docs.getJsonObject("e");
        assertThat(r.getInt("fatalRuns")).isEqualTo(2);
        assertThat(e.getString("status")).isEqualTo("completed");
        assertThat(e.getJsonObject("result").getString("value")).isEqualTo("fixed");
        assertThat(messages(e)).containsSubsequence("Job Failed with Fatal Error.", "Job Restarted", "Job Completed");

        // rerun of B: a new job that ran to completion
        JsonObject rerun = docs.getJsonObject("bRerun");
        assertThat(rerun.getString("_id")).isEqualTo(ids.getString("rerun")).isNotEqualTo(ids.getString("b"));
        assertThat(rerun.getString("status")).isEqualTo("completed");
        assertThat(rerun.getJsonObject("data").getInt("n")).isEqualTo(2);
    }

    private static List<String> messages(JsonObject doc) {
        JsonArray log = doc.getJsonArray("log");
        return log.stream().map(v -> v.asJsonObject().getString("message")).collect(Collectors.toList());
    }

    private static boolean commandWorks(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    /** The module's build folder (target, or target-NAME with -Dmj.target). */
    private static Path buildDir() throws URISyntaxException {
        Path testClasses = Path.of(MeteorJobNpmInteropTest.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        return testClasses.getParent();
    }
}
