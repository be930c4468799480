package io.github.meteorjob.tck.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.meteorjob.tck.support.Deployments;
import org.jboss.arquillian.container.test.api.Deployer;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A bad {@code @ProcessJobs} observer is a deployment error: {@link BadOptionWorker} has concurrency 0, so the application must not
 * start. The same packaging deploys fine with valid workers (every other test class), so the failure comes from the
 * observer. Where the container hands the reason to Arquillian, it names the method and the problem.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class DeploymentErrorInvalidOptionTest {

    @Deployment(name = "bad-option", managed = false, testable = false)
    static WebArchive deployment() {
        return Deployments.worker("bad-option", BadOptionWorker.class);
    }

    @ArquillianResource
    Deployer deployer;

    @Test
    void deploymentFailsNamingTheObserver() {
        assertThat(DeploymentFailure.deploy(deployer, "bad-option"))
                .contains("BadOptionWorker#noConcurrency(Job)").contains("concurrency must be at least 1, was 0");
    }
}
