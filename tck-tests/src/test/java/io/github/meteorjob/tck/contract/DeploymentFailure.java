package io.github.meteorjob.tck.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import org.jboss.arquillian.container.test.api.Deployer;

/** Deploys an archive that must fail and collects what the container said about it (client side). */
final class DeploymentFailure {

    private DeploymentFailure() {
    }

    /**
     * Deploys the unmanaged deployment {@code name} and returns the failure's text ({@link FailureText}) followed by
     * the console output of the attempt. Payara Micro's adapter does not notice a failed load: there the deployment
     * "succeeds", is undeployed again, and the console must show that the application did not load.
     */
    static String deploy(Deployer deployer, String name) {
        Throwable failure;
        String console;
        try (ConsoleCapture capture = new ConsoleCapture()) {
            failure = catchThrowable(() -> deployer.deploy(name));
            console = capture.text();
        }
        if (failure == null) {
            // Payara Micro: the process runs but the application did not load (the adapter does not notice)
            deployer.undeploy(name);
            assertThat(console).as("deploying a bad observer must fail").contains("Exception while loading the app");
        }
        return FailureText.of(failure) + console;
    }
}
