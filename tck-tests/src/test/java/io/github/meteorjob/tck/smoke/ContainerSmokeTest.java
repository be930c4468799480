package io.github.meteorjob.tck.smoke;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.inject.Inject;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.EmptyAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The container of the active profile starts, deploys a WAR and injects a CDI bean into the in-container test. */
@ExtendWith(ArquillianExtension.class)
class ContainerSmokeTest {

    @Deployment
    static WebArchive deployment() {
        return ShrinkWrap.create(WebArchive.class, "smoke.war")
                .addClass(Greeter.class)
                .addAsWebInfResource(EmptyAsset.INSTANCE, "beans.xml");
    }

    @Inject
    Greeter greeter;

    @Test
    void injectsBean() {
        assertThat(greeter).isNotNull();
        assertThat(greeter.greet("TCK")).isEqualTo("Hello, TCK");
    }
}
