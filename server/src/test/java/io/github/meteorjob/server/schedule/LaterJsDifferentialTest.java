package io.github.meteorjob.server.schedule;

import io.github.meteorjob.Schedule;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.StringReader;
import java.io.Writer;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The schedule code against the real later.js ({@code later@1.2.0} from npm, the version
 * job-collection uses), in one node process: for thousands of generated cron strings, schedule
 * objects (every period, long names, modifiers, unsorted values, alternatives, exceptions) and the
 * text forms of later's documentation, it compares {@link Schedule#cron}'s JSON with
 * {@code later.parse.cron}'s (byte for byte), {@link Schedule#fromJson}/{@code toJson} with later's
 * JSON, and {@link LaterSchedule#next(int, Instant)} with {@code later.schedule(s).next(10, start)}
 * from fixed start dates. The seed is printed; {@code -Dlater.seed=N} repeats a run. Skipped
 * when {@code node} is not installed.
 */
class LaterJsDifferentialTest {

    static final String LATER = "later@1.2.0";
    static final int COUNT = 10;
    static final List<Instant> STARTS = List.of(
            Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2026-03-15T13:47:21.250Z"),
            Instant.parse("2027-02-28T23:59:59Z"), Instant.parse("2028-02-29T12:00:00.999Z"),
            Instant.parse("2030-12-31T23:59:58Z"));

    private static Path npmDir;

    @BeforeAll
    static void installLater() throws Exception {
        assumeTrue(commandWorks("node", "--version"), "node is not installed: skipping the differential test against later.js");
        npmDir = buildDir().resolve("npm-later");
        Path installed = npmDir.resolve("node_modules/later/package.json");
        if (Files.exists(installed) && Files.readString(installed).contains("\"version\": \"1.2.0\"")) {
            return;
        }
        Files.createDirectories(npmDir);
        Files.writeString(npmDir.resolve("package.json"), "{\"name\":\"later-differential\",\"private\":true}\n");
        Process npm = new ProcessBuilder("npm", "install", "--no-audit", "--no-fund", "--no-save", LATER)
                .directory(npmDir.toFile()).redirectErrorStream(true).start();
        String log = new String(npm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(npm.waitFor(5, TimeUnit.MINUTES)).as("npm install finished").isTrue();
        assertThat(npm.exitValue()).as("npm install %s:%n%s", LATER, log).isZero();
    }

    /** One generated case: the request sent to node and what the Java side expects of it. */
    private record Case(String kind, JsonObject request, LaterJsCases.Cron cron, String text, JsonObject schedule) {
    }

    @Test
    void javaMatchesLaterJs() throws Exception {
        long seed = Long.getLong("later.seed", 20_261_205L);
        LaterJsCases gen = new LaterJsCases(seed);
        List<Case> cases = new ArrayList<>();
        for (int i = 0; i < 2600; i++) {
            LaterJsCases.Cron c = gen.validCron();
            cases.add(new Case("cron", request().add("cron", c.expression()).add("hasSeconds",
                    c.hasSeconds() != null ? c.hasSeconds() : c.impliedSeconds()).build(), c, null, null));
        }
        for (int i = 0; i < 300; i++) {
            LaterJsCases.Cron c = gen.invalidCron();
            cases.add(new Case("badCron", request().add("cron", c.expression()).add("hasSeconds", true).build(),
                    c, null, null));
        }
        for (int i = 0; i < 2600; i++) {
            JsonObject s = gen.scheduleDefinition();
            cases.add(new Case("object", request().add("schedule", s).build(), null, null, s));
        }
        for (String t : LaterJsCases.TEXTS) {
            cases.add(new Case("text", request().add("text", t).build(), null, t, null));
        }

        long t0 = System.nanoTime();
        List<JsonObject> answers = askLater(cases);
        long t1 = System.nanoTime();

        Stats stats = new Stats();
        for (int i = 0; i < cases.size(); i++) {
            check(cases.get(i), answers.get(i), stats, seed);
        }
        System.out.printf("later.js differential test (seed %d, later.js %d ms, Java %d ms): %d schedules compared with later@1.2.0 "
                        + "(%d cron, %d schedule objects, %d text forms; %d times compared), "
                        + "%d invalid cron strings refused (%d of them later.js turns into a schedule), "
                        + "%d text forms later.js cannot read, %d refused as out of range, %d where later.js throws%n",
                seed, (t1 - t0) / 1_000_000, (System.nanoTime() - t1) / 1_000_000, stats.compared, stats.cron,
                stats.objects, stats.texts, stats.times, stats.badCron, stats.badCronLaterAccepts, stats.textErrors,
                stats.outOfRange, stats.laterThrows);
        assertThat(stats.compared).isGreaterThanOrEqualTo(5000);
    }

    private static JsonObjectBuilder request() {
        JsonObjectBuilder b = Json.createObjectBuilder().add("count", COUNT);
        var starts = Json.createArrayBuilder();
        STARTS.forEach(s -> starts.add(s.toEpochMilli()));
        return b.add("starts", starts);
    }

    private static final class Stats {
        int compared, cron, objects, texts, times, badCron, badCronLaterAccepts, textErrors, outOfRange, laterThrows;
    }

    private static void check(Case c, JsonObject answer, Stats stats, long seed) {
        String what = c.kind + " " + (c.cron != null ? "'" + c.cron.expression() + "'" : c.text != null ? "'" + c.text + "'"
                : c.schedule) + " (seed " + seed + ")";
        if (answer.containsKey("error") && !c.kind.equals("badCron")) {
            // later.js throws (a TypeError in its search); we answer without throwing
            stats.laterThrows++;
            if (c.schedule != null) {
                LaterSchedule.parse(c.schedule).next(COUNT, STARTS.get(0));
            }
            return;
        }
        switch (c.kind) {
            case "badCron" -> {
                stats.badCron++;
                JsonValue laterJson = answer.containsKey("json") ? answer.get("json") : answer.get("error");
                if (answer.containsKey("next")) {
                    stats.badCronLaterAccepts++;
                }
                assertThatThrownBy(() -> Schedule.cron(c.cron.expression()))
                        .as("%s; later.js made %s of it", what, laterJson)
                        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(c.cron.badField());
            }
            case "cron" -> {
                Schedule s = c.cron.hasSeconds() == null ? Schedule.cron(c.cron.expression())
                        : Schedule.cron(c.cron.expression(), c.cron.hasSeconds());
                JsonObject laterJson = answer.getJsonObject("json");
                assertThat(s.toJson().toString()).as("Schedule.cron JSON of %s", what).isEqualTo(laterJson.toString());
                stats.cron++;
                compare(what, laterJson, answer, stats);
            }
            case "text" -> {
                JsonObject laterJson = answer.getJsonObject("json");
                if (laterJson.getInt("error") != -1) {
                    stats.textErrors++;
                    assertThatThrownBy(() -> Schedule.fromJson(laterJson)).as(what).hasMessageContaining("later.parse.text");
                    return;
                }
                JsonObject withoutError = Json.createObjectBuilder(laterJson).remove("error").build();
                if (!answer.containsKey("next") || outOfRange(withoutError)) {
                    stats.outOfRange++;
                    assertThatThrownBy(() -> Schedule.fromJson(withoutError)).as(what).hasMessageContaining("out of range");
                    return;
                }
                assertThat(Schedule.fromJson(laterJson).toJson().toString()).as("round trip of %s", what)
                        .isEqualTo(withoutError.toString());
                stats.texts++;
                compare(what, withoutError, answer, stats);
            }
            default -> {
                stats.objects++;
                compare(what, c.schedule, answer, stats);
            }
        }
    }

    /** Whether a later.js result holds a value our ranges refuse (checked by asking Schedule). */
    private static boolean outOfRange(JsonObject json) {
        try {
            Schedule.fromJson(json);
            return false;
        } catch (IllegalArgumentException e) {
            return e.getMessage().contains("out of range");
        }
    }

    private static void compare(String what, JsonObject laterJson, JsonObject answer, Stats stats) {
        assertThat(Schedule.fromJson(laterJson).toJson().toString()).as("round trip of %s", what).isEqualTo(laterJson.toString());
        LaterSchedule schedule = LaterSchedule.parse(laterJson);
        JsonArray expected = answer.getJsonArray("next");
        for (int i = 0; i < STARTS.size(); i++) {
            List<Long> want = expected.getJsonArray(i).getValuesAs(JsonValue.class).stream()
                    .map(v -> Long.parseLong(v.toString())).toList();
            List<Long> got = schedule.next(COUNT, STARTS.get(i)).stream().map(Instant::toEpochMilli).toList();
            assertThat(got).as("next(%d, %s) of %s = %s", COUNT, STARTS.get(i), what, laterJson)
                    .isEqualTo(want);
            stats.times += want.size();
        }
        stats.compared++;
    }

    /** Sends every request through one node process, one JSON line each way. */
    private static List<JsonObject> askLater(List<Case> cases) throws Exception {
        Path script = Path.of("src/test/node/later-oracle.js").toAbsolutePath();
        ProcessBuilder pb = new ProcessBuilder("node", script.toString());
        pb.environment().put("NODE_PATH", npmDir.resolve("node_modules").toString());
        pb.environment().put("TZ", "UTC");
        pb.redirectError(ProcessBuilder.Redirect.INHERIT);
        Process node = pb.start();
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
            try (Writer w = new OutputStreamWriter(node.getOutputStream(), StandardCharsets.UTF_8)) {
                for (Case c : cases) {
                    w.write(c.request.toString());
                    w.write('\n');
                }
            } catch (Exception e) {
                throw new IllegalStateException("writing to node", e);
            }
        });
        List<JsonObject> answers = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                try (JsonReader jr = Json.createReader(new StringReader(line))) {
                    answers.add(jr.readObject());
                }
            }
        }
        writer.get(1, TimeUnit.MINUTES);
        assertThat(node.waitFor(1, TimeUnit.MINUTES)).isTrue();
        assertThat(node.exitValue()).as("node exit").isZero();
        assertThat(answers).as("one answer per request").hasSize(cases.size());
        return answers;
    }

    private static boolean commandWorks(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (Exception e) {
            return false;
        }
    }

    private static Path buildDir() throws URISyntaxException {
        // target/test-classes -> target
        return Path.of(LaterJsDifferentialTest.class.getProtectionDomain().getCodeSource().getLocation().toURI()).getParent();
    }
}
