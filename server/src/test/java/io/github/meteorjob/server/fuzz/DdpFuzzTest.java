package io.github.meteorjob.server.fuzz;

import io.github.meteorjob.server.EmbeddedJobServer;
import io.github.meteorjob.server.ddp.RawDdpClient;
import io.github.meteorjob.server.ddp.TestJobs;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.Tag;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fuzz invariant of issue 9, over a real WebSocket to an embedded job server on 127.0.0.1
 * with the durable store: whatever the frames, every method frame gets exactly one answer within
 * the bound, none is an internal error (500: bad input must get an error that names the problem),
 * and after each batch a healthy client can still save, take and complete a job. See
 * {@link DdpFrames} for what is generated and {@link DdpFuzzer} for how answers are attributed.
 *
 * <p>The bounded run (a few thousand frames) is part of the default build; the soak run (over
 * 100,000 frames) runs with {@code -P soak}. Both print how many inputs they tried.
 */
class DdpFuzzTest {

    private static final Duration BOUND = Duration.ofSeconds(20);
    private static Path dir;
    private static EmbeddedJobServer server;
    private static DdpFuzzer fuzzer;
    private static final List<String> jobIds = new ArrayList<>();
    private static final List<String> runIds = new ArrayList<>();

    @BeforeContainer
    static void startServer() throws Exception {
        dir = Files.createTempDirectory("ddp-fuzz");
        server = EmbeddedJobServer.builder().collection(DdpFrames.ROOT).dataDir(dir).start();
        fuzzer = new DdpFuzzer(server.url(), BOUND);
        // real jobs for the generated calls to act on: some ready, some running
        try (RawDdpClient c = RawDdpClient.connected(server.url())) {
            for (int i = 0; i < 12; i++) {
                JsonObject saved = c.call(DdpFrames.ROOT + "_jobSave", TestJobs.doc("fuzz").build(), JsonValue.EMPTY_JSON_OBJECT);
                jobIds.add(((JsonString) saved.get("result")).getString());
            }
            JsonObject work = c.call(DdpFrames.ROOT + "_getWork", Json.createArrayBuilder().add("fuzz").build(),
                    Json.createObjectBuilder().add("maxJobs", 6).add("workTimeout", 600_000).build());
            for (JsonValue j : (JsonArray) work.get("result")) {
                runIds.add(j.asJsonObject().getString("runId"));
            }
        }
    }

    @AfterContainer
    static void stopServer() throws IOException {
        String figures = String.format("DDP fuzz: %d inputs tried in %d batches (%d method frames), %d canary jobs completed",
                fuzzer.inputs.get(), fuzzer.batches.get(), fuzzer.methodFrames.get(), fuzzer.canaries.get());
        System.out.println(figures);
        System.err.println(figures);
        System.out.println("phases ms: connect " + fuzzer.phaseNanos[0] / 1_000_000 + ", frames " + fuzzer.phaseNanos[1] / 1_000_000
                + ", canary " + fuzzer.phaseNanos[2] / 1_000_000 + ", between batches " + fuzzer.phaseNanos[3] / 1_000_000);
        survey.forEach(v -> System.out.println("VIOLATION " + v));
        survey.stream().map(v -> v.contains("[suspect: ") ? v.substring(v.indexOf("[suspect: "), v.indexOf(']', v.indexOf("[suspect: ")) + 1) : v.replaceAll("[0-9]+", "N"))
                .collect(java.util.stream.Collectors.groupingBy(k -> k.length() > 150 ? k.substring(0, 150) : k, java.util.TreeMap::new, java.util.stream.Collectors.counting()))
                .forEach((k, n) -> System.out.println("SURVEY " + n + " x " + k));
        fuzzer.close();
        server.close();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private static Arbitrary<List<FuzzFrame>> batches;

    @Provide
    Arbitrary<List<FuzzFrame>> batches() {
        if (batches == null) {
            batches = new DdpFrames(jobIds, runIds).batch(40);
        }
        return batches;
    }

    @Property(tries = 150, shrinking = ShrinkingMode.OFF, edgeCases = EdgeCasesMode.NONE)
    void everyMethodFrameGetsOneAnswerAndTheCollectionKeepsServing(@ForAll("batches") List<FuzzFrame> batch) throws Exception {
        check(fuzzer.run(batch));
    }

    @Property(tries = 6_000, shrinking = ShrinkingMode.OFF, edgeCases = EdgeCasesMode.NONE)
    @Tag("soak")
    void soakEveryMethodFrameGetsOneAnswerAndTheCollectionKeepsServing(@ForAll("batches") List<FuzzFrame> batch) throws Exception {
        check(fuzzer.run(batch));
    }

    /**
     * Fails on any violation; with {@code -Dmeteorjob.fuzz.survey=true} (for exploring) it collects
     * them all and prints them at the end instead.
     */
    private static void check(List<String> violations) {
        if (Boolean.getBoolean("meteorjob.fuzz.survey")) {
            survey.addAll(violations);
            return;
        }
        assertThat(violations).as("violations of the fuzz invariant").isEmpty();
    }

    private static final List<String> survey = new java.util.concurrent.CopyOnWriteArrayList<>();
}
