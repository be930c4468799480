package io.github.meteorjob.tck.contract;

import static io.github.meteorjob.tck.support.TckJobs.awaitStatus;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import io.github.meteorjob.Collection;
import io.github.meteorjob.JobCollection;
import io.github.meteorjob.JobStatus;
import io.github.meteorjob.cdi.internal.MeteorJobRuntime;
import io.github.meteorjob.tck.support.Deployments;
import io.github.meteorjob.tck.support.TckJobs;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.websocket.ContainerProvider;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The library uses what the runtime offers: the container's managed executor (Open Liberty, Payara) or its own pool
 * (Weld SE), the container's WebSocket client (the WAR ships none), and it reports readiness through MicroProfile
 * Health (as a bean everywhere, and on {@code /health/ready} in the servers).
 */
@ExtendWith(ArquillianExtension.class)
class ContainerIntegrationTest {

    @Deployment
    static WebArchive deployment() {
        return Deployments.worker("runtime", RuntimeWorkers.class, Recorder.class);
    }

    @Inject
    MeteorJobRuntime runtime;

    @Inject
    @Collection("tckContainer")
    JobCollection jobs;

    @Inject
    Recorder recorder;

    @Inject
    @Any
    Instance<HealthCheck> healthChecks;

    private static String container() {
        return ConfigProvider.getConfig().getValue("tck.container", String.class);
    }

    @Test
    void workersRunOnTheContainersExecutor() {
        String id = jobs.createJob("where", Map.of()).saveAndWait();
        awaitStatus(jobs, id, JobStatus.COMPLETED);

        String executor = runtime.executor().executor().getClass().getName();
        String thread = recorder.threads().get(0);
        switch (container()) {
            case "liberty" -> {
                assertThat(runtime.executor().kind()).isEqualTo("managed");
                assertThat(executor).startsWith("com.ibm.ws.concurrent");
                assertThat(thread).startsWith("Default Executor-thread-");
            }
            case "payara" -> {
                assertThat(runtime.executor().kind()).isEqualTo("managed");
                assertThat(executor).containsAnyOf("glassfish", "payara");
                assertThat(thread).contains("managedThreadFactory");
            }
            default -> {
                assertThat(runtime.executor().kind()).isEqualTo("pool");
                assertThat(thread).startsWith("meteor-job-worker-");
            }
        }
    }

    @Test
    void connectsWithTheContainersWebSocketClient() throws Exception {
        await().atMost(TckJobs.TIMEOUT).until(runtime::isConnected);
        String client = ContainerProvider.getWebSocketContainer().getClass().getName();
        switch (container()) {
            case "liberty" -> {
                assertThat(client).startsWith("com.ibm.ws.wsoc");
                // the WAR brings no WebSocket implementation, so the connection above uses Liberty's
                assertThat(canLoad("org.glassfish.tyrus.client.ClientManager")).isFalse();
            }
            case "payara" -> assertThat(client).startsWith("org.glassfish.tyrus"); // Payara's own Tyrus
            default -> assertThat(client).startsWith("org.glassfish.tyrus"); // Weld SE: Tyrus on the class path
        }
    }

    @Test
    void readinessCheckIsUpWhenConnected() {
        await().atMost(TckJobs.TIMEOUT).untilAsserted(() -> {
            HealthCheckResponse response = healthChecks.stream()
                    .map(HealthCheck::call)
                    .filter(r -> r.getName().equals("meteor-job"))
                    .findFirst().orElseThrow();
            assertThat(response.getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
            assertThat(response.getData()).hasValueSatisfying(data -> assertThat(data).containsEntry("connected", true));
        });
    }

    @Test
    @RunAsClient
    void serverReportsReadinessOverHttp() throws Exception {
        Assumptions.assumeTrue(!"weld".equals(System.getProperty("tck.container", "weld")),
                "Weld SE has no HTTP server; the bean-level check above covers it");
        HttpClient http = HttpClient.newHttpClient();
        URI ready = URI.create("http://127.0.0.1:" + System.getProperty("tck.http.port") + "/health/ready");
        await().atMost(TckJobs.TIMEOUT).untilAsserted(() -> {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(ready).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonObject body = Json.createReader(new StringReader(response.body())).readObject();
            assertThat(body.getJsonArray("checks").getValuesAs(JsonObject.class))
                    .anySatisfy(check -> {
                        assertThat(check.getString("name")).isEqualTo("meteor-job");
                        assertThat(check.getString("status")).isEqualTo("UP");
                    });
            assertThat(response.statusCode()).isEqualTo(200);
        });
    }

    private static boolean canLoad(String name) {
        try {
            Class.forName(name, false, Thread.currentThread().getContextClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }
}
