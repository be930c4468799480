package io.github.meteorjob.tck.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import io.github.meteorjob.tck.support.TckServer;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.importer.ZipImporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * examples/war-worker, deployed unchanged (the WAR the build produced) to Open Liberty or Payara Micro and driven
 * over HTTP like a user would: {@code POST /jobs} creates a job, {@code GET /jobs/{id}} shows it completed by the
 * WAR's {@code @ProcessJobs} worker, or failed with the worker's message. The runtime was started with
 * {@code meteor-job.url} pointing at the suite's job server (server.xml variable / system property).
 */
@ExtendWith(ArquillianExtension.class)
@EnabledIfSystemProperty(named = "tck.container", matches = "liberty|payara")
@RunAsClient
class WarWorkerTest {

    @Deployment(testable = false)
    static WebArchive warWorker() {
        TckServer.get(); // listening before the WAR's queues start
        File war = new File(System.getProperty("tck.build.dir"), "wars/war-worker.war");
        return ShrinkWrap.create(ZipImporter.class, "war-worker.war").importFrom(war).as(WebArchive.class);
    }

    @ArquillianResource
    URL base;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @Test
    void postedJobIsCompletedByTheWorker() throws Exception {
        HttpResponse<String> created = post("{\"to\":\"ada@example.com\",\"subject\":\"hello\"}");
        assertThat(created.statusCode()).isEqualTo(201);
        String id = json(created.body()).getString("id");
        assertThat(created.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("jobs/" + id));

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300))
                .until(() -> status(id).getString("status").equals("completed"));
        // the server agrees
        assertThat(TckServer.get().collection("warJobs").job(id)).hasValueSatisfying(
                doc -> assertThat(doc.getString("status")).isEqualTo("completed"));
    }

    @Test
    void workerExceptionFailsTheJobAndTheEndpointShowsWhy() throws Exception {
        String id = json(post("{\"to\":\"nobody\",\"subject\":\"hello\"}").body()).getString("id");

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300))
                .until(() -> status(id).getString("status").equals("failed"));
        assertThat(status(id).getJsonArray("failures").getString(0)).contains("not an e-mail address: nobody");
    }

    @Test
    void unknownJobIs404() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri("jobs/doesNotExist")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(404);
    }

    private HttpResponse<String> post(String body) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri("jobs"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonObject status(String id) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri("jobs/" + id)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json(response.body());
    }

    private URI uri(String path) {
        return URI.create(base.toExternalForm()).resolve(path);
    }

    private static JsonObject json(String body) {
        try (var reader = Json.createReader(new StringReader(body))) {
            return reader.readObject();
        }
    }
}
