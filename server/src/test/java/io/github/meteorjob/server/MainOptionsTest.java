package io.github.meteorjob.server;

import io.github.meteorjob.server.ddp.RawDdpClient;
import io.github.meteorjob.server.jobs.JobCollectionServer;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The standalone server's {@code --retain} and {@code --no-query-extension} options, through Main's own parsing. */
class MainOptionsTest {

    record Outcome(int status, String err) {
    }

    /** Main.run in this JVM, for arguments it refuses (it returns before starting anything). */
    private static Outcome run(String... args) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Main.run(args, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Outcome(status, err.toString(StandardCharsets.UTF_8));
    }

    private static EmbeddedJobServer start(String... args) throws Exception {
        String[] all = new String[args.length + 3];
        all[0] = "--port";
        all[1] = "0";
        all[2] = "--no-dashboard";
        System.arraycopy(args, 0, all, 3, args.length);
        return Main.parse(all).start();
    }

    private static String save(JobCollectionServer q, String type) {
        JsonObject doc = ReferenceJobDoc.of(type).build();
        return ((JsonString) q.call("jobSave", Json.createArrayBuilder().add(doc).add(JsonValue.EMPTY_JSON_OBJECT).build())).getString();
    }

    @Test
    void retainRemovesTheStatusesItNamesAfterTheirPeriodAndKeepsTheRest() throws Exception {
        // spaces and upper case are read too; cancelled jobs go after 1 ms, unfinished ones never
        try (EmbeddedJobServer server = start("--retain", " Cancelled = 1ms , failed=30D")) {
            JobCollectionServer q = server.collection();
            String cancelled = save(q, "x");
            String paused = save(q, "x");
            q.call("jobCancel", Json.createArrayBuilder().add(cancelled).add(JsonValue.EMPTY_JSON_OBJECT).build());
            q.call("jobPause", Json.createArrayBuilder().add(paused).add(JsonValue.EMPTY_JSON_OBJECT).build());
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                q.applyRetention();
                assertThat(q.job(cancelled)).isEmpty();
            });
            assertThat(q.job(paused)).isPresent();
        }
    }

    @Test
    void withoutRetainNothingIsRemoved() throws Exception {
        try (EmbeddedJobServer server = start()) {
            JobCollectionServer q = server.collection();
            String cancelled = save(q, "x");
            q.call("jobCancel", Json.createArrayBuilder().add(cancelled).add(JsonValue.EMPTY_JSON_OBJECT).build());
            assertThat(q.applyRetention()).isZero();
            assertThat(q.job(cancelled)).isPresent();
        }
    }

    @ParameterizedTest(name = "--retain {0}")
    @CsvSource(delimiter = '|', value = {
        "done=7d                         | --retain: retention 'done=7d': unknown status 'done'; use completed, cancelled or failed",
        "paused=7d                       | --retain: only finished jobs (completed, cancelled, failed) can be retained for a period, not paused",
        "completed=7w                    | --retain: retention 'completed=7w' is not status=<number><ms|s|m|h|d>, e.g. completed=7d",
        "completed=d                     | --retain: retention 'completed=d' is not status=<number><ms|s|m|h|d>",
        "completed=-1d                   | --retain: retention 'completed=-1d' is not status=<number><ms|s|m|h|d>",
        "completed=0s                    | --retain: retention period of completed must be positive, got PT0S",
        "completed=99999999999999999999d | --retain: retention 'completed=99999999999999999999d': period 99999999999999999999d is too long",
        "completed=9999999999999999d     | --retain: retention 'completed=9999999999999999d': period 9999999999999999d is too long",
        "completed=7d,failed=1d,completed=1d | --retain: retention 'completed=1d': completed is given twice; give each status once",
        "completed=7d;failed=30d         | --retain: retention 'completed=7d;failed=30d' is not status=<number><ms|s|m|h|d>",
        "' '                             | --retain: retention '' is not status=<number><ms|s|m|h|d>",
    })
    void aBadRetainExitsWith2NamingTheProblem(String spec, String message) {
        Outcome o = run("--port", "0", "--retain", spec);
        assertThat(o.status()).as(o.err()).isEqualTo(2);
        assertThat(o.err()).startsWith("meteor-job-server: " + message).contains("Try --help");
    }

    @Test
    void retainWithoutAValueSaysSo() {
        Outcome o = run("--port", "0", "--retain");
        assertThat(o.status()).isEqualTo(2);
        assertThat(o.err()).contains("--retain needs a value");
        assertThat(Main.USAGE).contains("--retain").contains("--no-query-extension");
    }

    @Test
    void noQueryExtensionAnswersTheMethodsAs404MethodNotFoundLikeJobCollection() throws Exception {
        try (EmbeddedJobServer plain = start("--no-query-extension");
             RawDdpClient c = RawDdpClient.connected(plain.url())) {
            for (String method : new String[] {"queue_findJobs", "queue_countJobs"}) {
                JsonObject error = c.call(method, JsonValue.EMPTY_JSON_OBJECT).getJsonObject("error");
                assertThat(error.getInt("error")).isEqualTo(404);
                assertThat(error.getString("reason")).isEqualTo("Method '" + method + "' not found");
            }
            // job-collection's own methods are still there
            assertThat(c.call("queue_getJob", Json.createValue("nope"), JsonValue.EMPTY_JSON_OBJECT).containsKey("error")).isFalse();
        }
        try (EmbeddedJobServer full = start();
             RawDdpClient c = RawDdpClient.connected(full.url())) {
            assertThat(c.call("queue_findJobs", JsonValue.EMPTY_JSON_OBJECT).containsKey("error")).isFalse();
        }
    }
}
