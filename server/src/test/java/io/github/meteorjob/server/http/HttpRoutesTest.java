package io.github.meteorjob.server.http;

import io.github.meteorjob.server.EmbeddedJobServer;
import org.glassfish.grizzly.http.server.HttpHandler;
import org.glassfish.grizzly.http.server.Request;
import org.glassfish.grizzly.http.server.Response;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

class HttpRoutesTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void servesRegisteredPathsNextToTheWebSocketEndpointAndAnonymousErrorPages() throws Exception {
        try (EmbeddedJobServer server = EmbeddedJobServer.builder().start()) {
            server.http().add("/hello", new HttpHandler() {
                @Override
                public void service(Request request, Response response) throws Exception {
                    response.setContentType("text/plain");
                    response.getWriter().write("hi");
                }
            });
            String base = "http://127.0.0.1:" + server.port();

            HttpResponse<String> hello = get(base + "/hello");
            assertThat(hello.statusCode()).isEqualTo(200);
            assertThat(hello.body()).isEqualTo("hi");

            // (/sockjs/info is served: SockJsTest)
            server.http().add("/tree/*", new HttpHandler() {
                @Override
                public void service(Request request, Response response) throws Exception {
                    response.setContentType("text/plain");
                    response.getWriter().write("tree " + request.getRequestURI());
                }
            });
            assertThat(get(base + "/tree").body()).isEqualTo("tree /tree");
            assertThat(get(base + "/tree/a/b").body()).isEqualTo("tree /tree/a/b");

            // with several handlers Grizzly's own mapper answered an encoded ".." with 500; dot segments reach no handler
            for (String path : new String[] {"/", "/nope", "/sockjs/nope", "/websocket", "/%2e%2e/%2e%2e/pom.xml",
                    "/tree/%2e%2e/hello", "/tree/..%2fhello", "/treehouse"}) {
                HttpResponse<String> missing = get(base + path);
                assertThat(missing.statusCode()).as(path + " answered " + missing.body()).isBetween(400, 499);
                assertThat(missing.body()).as(path).doesNotContainIgnoringCase("grizzly").doesNotContainIgnoringCase("tyrus")
                        .doesNotContainIgnoringCase("glassfish").doesNotContain("<html");
                assertThat(missing.headers().firstValue("Server")).as(path).isEmpty();
                assertThat(missing.headers().firstValue("X-Powered-By")).as(path).isEmpty();
            }
        }
    }

    private static HttpResponse<String> get(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
