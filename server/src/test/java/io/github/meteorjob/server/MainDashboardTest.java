package io.github.meteorjob.server;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/** The standalone server serves the dashboard unless told not to. */
class MainDashboardTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void onByDefaultOffWithNoDashboard() throws Exception {
        try (EmbeddedJobServer server = Main.parse(new String[] {"--port", "0"}).start()) {
            assertThat(status(server.dashboardUrl())).isEqualTo(200);
            assertThat(server.dashboardUrl()).isEqualTo("http://127.0.0.1:" + server.port() + "/");
        }
        try (EmbeddedJobServer server = Main.parse(new String[] {"--port", "0", "--no-dashboard"}).start()) {
            assertThat(status(server.dashboardUrl())).isEqualTo(404);
        }
        assertThat(Main.USAGE).contains("--no-dashboard");
    }

    private static int status(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
