package io.github.meteorjob.server.metrics;

import io.github.meteorjob.server.EmbeddedJobServer;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

/** Who may scrape /metrics and what /health shows once the server has users. */
class MetricsAccessTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void withUsersOnlyAdminsManagersAndViewersScrapeWithBasicAuthAndHealthShowsNoData() throws Exception {
        try (EmbeddedJobServer server = EmbeddedJobServer.builder().user("boss", "pw-boss", "admin")
                .user("ops", "pw-ops", "manager").user("prom", "pw-prom", "viewer").user("w", "pw-w", "worker").start()) {
            String base = "http://127.0.0.1:" + server.port();
            HttpResponse<String> none = get(base + "/metrics", null);
            assertThat(none.statusCode()).isEqualTo(401);
            assertThat(none.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Basic "));
            assertThat(none.body()).doesNotContain("meteor_job_");
            assertThat(get(base + "/metrics", basic("ops", "wrong")).statusCode()).isEqualTo(401);
            assertThat(get(base + "/metrics", "Bearer x").statusCode()).isEqualTo(401);
            HttpResponse<String> worker = get(base + "/metrics", basic("w", "pw-w"));
            assertThat(worker.statusCode()).isEqualTo(403);
            assertThat(worker.body()).doesNotContain("meteor_job_");
            for (String[] user : new String[][] {{"ops", "pw-ops"}, {"boss", "pw-boss"}, {"prom", "pw-prom"}}) {
                HttpResponse<String> ok = get(base + "/metrics", basic(user[0], user[1]));
                assertThat(ok.statusCode()).as(user[0]).isEqualTo(200);
                Scrape s = Scrape.parse(ok.body());
                assertThat(s.value("meteor_job_server_connections")).isEqualTo(0);
            }
            HttpResponse<String> health = get(base + "/health", null);
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.body()).contains("\"status\":\"UP\"").contains("\"name\":\"job-store\"")
                    .doesNotContain("data").doesNotContain("queue").doesNotContain("writable");
        }
    }

    @Test
    void metricsOpenLetsAnyoneScrapeAndPathsAreReadOnly() throws Exception {
        try (EmbeddedJobServer server = EmbeddedJobServer.builder().user("boss", "pw", "admin").metricsOpen(true).start()) {
            String base = "http://127.0.0.1:" + server.port();
            assertThat(get(base + "/metrics", null).statusCode()).isEqualTo(200);
            HttpResponse<String> post = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/metrics"))
                    .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(post.statusCode()).isEqualTo(405);
            assertThat(post.headers().firstValue("Allow")).hasValue("GET, HEAD");
        }
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static HttpResponse<String> get(String url, String authorization) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).GET();
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
