package io.github.meteorjob.server.dashboard;

import io.github.meteorjob.server.EmbeddedJobServer;
import io.github.meteorjob.server.ddp.RawDdpClient;
import io.github.meteorjob.wire.PasswordDigest;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The dashboard's files, headers and server-side methods, without a browser. */
class DashboardServingTest {

    /**
     * HTTP/1.1 as browsers speak it. (Java's default first request carries {@code Upgrade: h2c}, and Grizzly
     * then leaves out the Content-Type of answers over 8 KiB; browsers never send that header.)
     */
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final List<String> FILES = List.of("/", "/index.html", "/dashboard.css", "/app.js", "/ddp.js",
            "/sha256.js", "/jobsource.js", "/views.js", "/table.js", "/jobpage.js", "/sparkline.js", "/favicon.svg");

    @Test
    void servesEveryFileWithItsTypeTheSecurityHeadersAndAnEtag() throws Exception {
        try (EmbeddedJobServer server = EmbeddedJobServer.builder().dashboard(true).start()) {
            String base = "http://127.0.0.1:" + server.port();
            for (String path : FILES) {
                HttpResponse<String> r = get(base + path, null);
                assertThat(r.statusCode()).as(path).isEqualTo(200);
                String type = r.headers().firstValue("Content-Type").orElseThrow(() -> new AssertionError(path + " has no Content-Type: " + r.headers().map()));
                if (path.endsWith(".js")) {
                    assertThat(type).as(path).startsWith("text/javascript");
                } else if (path.endsWith(".css")) {
                    assertThat(type).as(path).startsWith("text/css");
                } else if (path.endsWith(".svg")) {
                    assertThat(type).as(path).startsWith("image/svg+xml");
                } else {
                    assertThat(type).as(path).startsWith("text/html");
                }
                assertSecurityHeaders(r, path);
                String etag = r.headers().firstValue("ETag").orElseThrow();
                HttpResponse<String> again = get(base + path, etag);
                assertThat(again.statusCode()).as(path + " revalidated").isEqualTo(304);
                assertThat(again.body()).isEmpty();
            }
            assertThat(get(base + "/", null).headers().firstValue("ETag"))
                    .isEqualTo(get(base + "/index.html", null).headers().firstValue("ETag"));
            assertThat(get(base + "/app.js", "\"stale\"").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void noOtherPathNoOtherMethodAndNothingFromOtherSites() throws Exception {
        try (EmbeddedJobServer server = EmbeddedJobServer.builder().dashboard(true).start()) {
            String base = "http://127.0.0.1:" + server.port();
            for (String path : List.of("/nope.js", "/io/github/meteorjob/server/dashboard/app.js",
                    "/%2e%2e/%2e%2e/pom.xml", "/app.js/", "/META-INF/MANIFEST.MF", "/websocket")) {
                HttpResponse<String> r = get(base + path, null);
                assertThat(r.statusCode()).as(path).isEqualTo(404);
                assertSecurityHeaders(r, path);
            }
            HttpResponse<String> post = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/"))
                    .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(post.statusCode()).isEqualTo(405);
            assertThat(post.headers().firstValue("Allow")).hasValue("GET, HEAD");

            // everything is bundled: no script, style, font or image from another site (no CDN)
            Pattern external = Pattern.compile("(src|href)\\s*=\\s*[\"']?(https?:)?//|@import|url\\(\\s*[\"']?(https?:)?//"
                    + "|from\\s+['\"](https?:)?//|import\\(\\s*['\"](https?:)?//");
            for (String path : FILES) {
                assertThat(external.matcher(get(base + path, null).body()).find()).as(path).isFalse();
            }
            // no inline script or style: the policy forbids them, so the page must not need them
            String index = get(base + "/", null).body();
            assertThat(index).doesNotContain("<style").doesNotContain("style=").doesNotContain("onclick")
                    .contains("<script type=\"module\" src=\"app.js\"></script>");
        }
    }

    @Test
    void offByDefaultForEmbeddedUse() throws Exception {
        try (EmbeddedJobServer server = EmbeddedJobServer.builder().start()) {
            assertThat(get("http://127.0.0.1:" + server.port() + "/", null).statusCode()).isEqualTo(404);
            assertThat(get("http://127.0.0.1:" + server.port() + "/app.js", null).statusCode()).isEqualTo(404);
        }
    }

    @Test
    void collectionsAndTheCallersLevelsOverDdp() throws Exception {
        try (EmbeddedJobServer server = EmbeddedJobServer.builder().collection("emails", "reports")
                .user("ops", "ops-password", "manager").user("bot", "bot-password", "worker").start();
             RawDdpClient ops = RawDdpClient.connected(server.url());
             RawDdpClient bot = RawDdpClient.connected(server.url());
             RawDdpClient anonymous = RawDdpClient.connected(server.url())) {
            assertThat(anonymous.call(ServerInfoMethods.COLLECTIONS).getJsonObject("error").getInt("error")).isEqualTo(403);
            login(ops, "ops", "ops-password");
            login(bot, "bot", "bot-password");
            assertThat(ops.call(ServerInfoMethods.COLLECTIONS).getJsonArray("result"))
                    .isEqualTo(Json.createArrayBuilder().add("emails").add("reports").build());
            JsonObject me = ops.call(ServerInfoMethods.USER).getJsonObject("result");
            assertThat(me.getString("username")).isEqualTo("ops");
            assertThat(me.getJsonArray("levels")).isEqualTo(Json.createArrayBuilder().add("manager").build());
            assertThat(me.getBoolean("open")).isFalse();
            // a worker reads jobs it is handed, it does not browse the server
            assertThat(bot.call(ServerInfoMethods.COLLECTIONS).getJsonObject("error").getInt("error")).isEqualTo(403);
            assertThat(bot.call(ServerInfoMethods.USER).getJsonObject("result").getString("username")).isEqualTo("bot");
        }
        try (EmbeddedJobServer open = EmbeddedJobServer.builder().start();
             RawDdpClient anyone = RawDdpClient.connected(open.url())) {
            assertThat(anyone.call(ServerInfoMethods.COLLECTIONS).getJsonArray("result").getString(0)).isEqualTo("queue");
            assertThat(anyone.call(ServerInfoMethods.USER).getJsonObject("result").getBoolean("open")).isTrue();
        }
    }

    @Test
    void theServerRefusesAViewersActionsWhateverThePageShows() throws Exception {
        try (EmbeddedJobServer server = EmbeddedJobServer.builder().user("eve", "eve-password", "viewer").start();
             RawDdpClient eve = RawDdpClient.connected(server.url())) {
            String id = ((jakarta.json.JsonString) server.collection().call("jobSave", Json.createArrayBuilder()
                    .add(io.github.meteorjob.server.ReferenceJobDoc.of("email")).add(Json.createObjectBuilder()).build())).getString();
            login(eve, "eve", "eve-password");
            assertThat(eve.call(ServerInfoMethods.COLLECTIONS).getJsonArray("result").getString(0)).isEqualTo("queue");
            assertThat(eve.call(ServerInfoMethods.USER).getJsonObject("result").getJsonArray("levels").getString(0)).isEqualTo("viewer");
            for (String action : List.of("jobPause", "jobCancel", "jobRemove", "jobRestart", "jobReady", "jobResume")) {
                JsonObject r = eve.call("queue_" + action, Json.createArrayBuilder().add(id).build(), Json.createObjectBuilder().build());
                assertThat(r.getJsonObject("error").getInt("error")).as(action).isEqualTo(403);
            }
            JsonObject rerun = eve.call("queue_jobRerun", Json.createValue(id), Json.createObjectBuilder().build());
            assertThat(rerun.getJsonObject("error").getInt("error")).isEqualTo(403);
            assertThat(server.collection().job(id).orElseThrow().getString("status")).isIn("waiting", "ready");
        }
    }

    /**
     * The CSRF argument of docs/dashboard.md: the pages carry no ambient credential, every action rides
     * the WebSocket, and only the server's own pages may open one from a browser.
     */
    @Test
    void onlyTheServersOwnPagesMayOpenTheWebSocket() throws Exception {
        try (EmbeddedJobServer server = EmbeddedJobServer.builder().dashboard(true).user("ops", "ops-password", "manager").start()) {
            int port = server.port();
            assertThat(upgrade(port, "127.0.0.1:" + port, "http://127.0.0.1:" + port)).isEqualTo(101);
            assertThat(upgrade(port, "localhost:" + port, "http://localhost:" + port)).isEqualTo(101);
            assertThat(upgrade(port, "127.0.0.1:" + port, "http://evil.example")).isEqualTo(403);
            assertThat(upgrade(port, "127.0.0.1:" + port, "http://127.0.0.1:" + (port == 1 ? 2 : port - 1))).isEqualTo(403);
            assertThat(upgrade(port, "localhost:" + port, "http://127.0.0.1:" + port)).isEqualTo(403);
            // DNS rebinding: a hostile name resolving to this address is not "own origin"
            assertThat(upgrade(port, "rebind.evil.example:" + port, "http://rebind.evil.example:" + port)).isEqualTo(403);
            // and the page itself sets no cookie a forged request could ride on
            assertThat(get("http://127.0.0.1:" + port + "/", null).headers().firstValue("Set-Cookie")).isEmpty();
        }
    }

    private static void login(RawDdpClient client, String user, String password) throws Exception {
        JsonObject r = client.call("login", Json.createObjectBuilder()
                .add("user", Json.createObjectBuilder().add("username", user))
                .add("password", Json.createObjectBuilder().add("digest", PasswordDigest.sha256Hex(password))
                        .add("algorithm", "sha-256")).build());
        assertThat(r.containsKey("error")).as(r.toString()).isFalse();
    }

    private static void assertSecurityHeaders(HttpResponse<?> r, String path) {
        assertThat(r.headers().firstValue("Content-Security-Policy")).as(path).hasValue(DashboardHandler.CONTENT_SECURITY_POLICY);
        assertThat(DashboardHandler.CONTENT_SECURITY_POLICY).startsWith("default-src 'self'; connect-src 'self' ws: wss:")
                .doesNotContain("unsafe");
        assertThat(r.headers().firstValue("X-Frame-Options")).as(path).hasValue("DENY");
        assertThat(r.headers().firstValue("X-Content-Type-Options")).as(path).hasValue("nosniff");
        assertThat(r.headers().firstValue("Referrer-Policy")).as(path).hasValue("no-referrer");
    }

    private static HttpResponse<String> get(String url, String ifNoneMatch) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).GET();
        if (ifNoneMatch != null) {
            b.header("If-None-Match", ifNoneMatch);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The status of a WebSocket upgrade as a browser on {@code origin} sends it. */
    private static int upgrade(int port, String host, String origin) throws Exception {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(("GET /websocket HTTP/1.1\r\nHost: " + host + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\nOrigin: " + origin
                    + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String status = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII)).readLine();
            return Integer.parseInt(status.split(" ")[1]);
        }
    }
}
