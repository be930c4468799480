package io.github.meteorjob.server.main;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The standalone server's logs: quiet and one line per event by default, untouched when the user configures logging. */
class MainLoggingTest {

    @TempDir
    Path dir;

    @Test
    void byDefaultGrizzlyAndTyrusAreQuietAndEachEventIsOneLine() throws Exception {
        try (ChildServer child = ChildServer.start(dir, "--port", "0")) {
            assertThat(child.stdout()).hasSize(1).first().asString().matches("listening on ws://127\\.0\\.0\\.1:\\d+/websocket");
            HttpResponse<String> metrics = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
                    .send(HttpRequest.newBuilder(URI.create(child.url.replace("ws://", "http://").replace("/websocket", "/metrics")))
                            .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(metrics.statusCode()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(10)).until(() -> child.stderr().contains("job server listening"));
            String err = child.stderr();
            assertThat(err).doesNotContain("org.glassfish").doesNotContain("Started listener").doesNotContain("grizzly");
            assertThat(err.lines().filter(l -> l.contains("job server listening")).toList()).singleElement().asString()
                    .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z INFO io\\.github\\.meteorjob\\.server\\.EmbeddedJobServer: "
                            + "job server listening on ws://127\\.0\\.0\\.1:\\d+/websocket \\(collections \\[queue\\], in-memory store, .*\\)");
        }
    }

    @Test
    void loggingConfiguredByTheUserIsLeftAlone() throws Exception {
        Path config = dir.resolve("logging.properties");
        Files.writeString(config, """
                handlers=java.util.logging.ConsoleHandler
                .level=INFO
                java.util.logging.ConsoleHandler.level=INFO
                """);
        try (ChildServer child = ChildServer.start(dir, List.of("-Djava.util.logging.config.file=" + config), "--port", "0")) {
            await().atMost(Duration.ofSeconds(10)).until(() -> child.stderr().contains("job server listening"));
            // the JDK's two-line SimpleFormatter, and Grizzly's INFO lines, as configured
            assertThat(child.stderr()).contains("org.glassfish.grizzly").contains("INFO: job server listening");
        }
    }
}
