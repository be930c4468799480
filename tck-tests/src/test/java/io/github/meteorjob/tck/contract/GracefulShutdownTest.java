package io.github.meteorjob.tck.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;

import io.github.meteorjob.JobCollection;
import io.github.meteorjob.ddp.DdpClient;
import io.github.meteorjob.ddp.DdpClientOptions;
import io.github.meteorjob.job.JobCollections;
import io.github.meteorjob.server.jobs.JobCollectionServer;
import io.github.meteorjob.tck.support.Deployments;
import io.github.meteorjob.tck.support.TckServer;
import org.jboss.arquillian.container.test.api.Deployer;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Graceful shutdown ({@code meteor-job.shutdown=NORMAL}, the default): undeploying the application while a job runs
 * lets that job finish and report done, and takes no new work; the next job stays ready for another worker.
 * Driven from the client side: the test creates jobs with the library's own client and reads the job server.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class GracefulShutdownTest {

    @Deployment(name = "shutdown", managed = false, testable = false)
    static WebArchive deployment() {
        return Deployments.worker("shutdown", Map.of("meteor-job.shutdown", "NORMAL"), SlowWorker.class);
    }

    @ArquillianResource
    Deployer deployer;

    @Test
    void runningJobFinishesAndNoNewWorkIsTakenOnUndeploy() {
        // the Payara Micro adapter runs one Micro process per deployment and ends that process to undeploy, so there
        // is no application shutdown to observe there (stopping a Micro process is not covered by this suite)
        Assumptions.assumeFalse("payara".equals(System.getProperty("tck.container")),
                "Payara Micro's Arquillian adapter kills the process on undeploy");
        JobCollectionServer server = TckServer.get().collection("tckShutdown");
        DdpClient client = DdpClient.create(DdpClientOptions.of(TckServer.url()));
        try {
            client.connect().toCompletableFuture().join();
            JobCollection jobs = JobCollections.of(client, "tckShutdown");
            deployer.deploy("shutdown");

            String first = jobs.createJob("slow", Map.of()).saveAndWait();
            await().atMost(Duration.ofSeconds(60)).until(() -> status(server, first).equals("running"));
            String second = jobs.createJob("slow", Map.of()).saveAndWait();

            deployer.undeploy("shutdown");

            assertThat(status(server, first)).as("the running job finished before the application stopped")
                    .isEqualTo("completed");
            assertThat(status(server, second)).as("no new work was taken while shutting down").isEqualTo("ready");
        } finally {
            client.close();
            if ("weld".equals(System.getProperty("tck.container", "weld"))) {
                // arquillian-weld-embedded ends the request context of the deployment after each test, also for
                // client-side tests; give it a deployment to find (it is undeployed after the class)
                deployer.deploy("shutdown");
            }
        }
    }

    private static String status(JobCollectionServer server, String id) {
        return server.job(id).map(doc -> doc.getString("status")).orElse("missing");
    }
}
