package io.github.meteorjob.tck.support;

import java.util.List;

import org.jboss.arquillian.container.test.spi.client.deployment.AuxiliaryArchiveAppender;
import org.jboss.shrinkwrap.api.Archive;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.JavaArchive;

/**
 * Adds the assertion and awaiting libraries the in-container tests use (AssertJ, Awaitility with Hamcrest) and this
 * support package to every deployment; the containers do not have them.
 */
public class TestLibrariesAppender implements AuxiliaryArchiveAppender {

    @Override
    public Archive<?> createAuxiliaryArchive() {
        // one archive per library would need a List; Arquillian takes one, so merge the libraries into it
        JavaArchive merged = ShrinkWrap.create(JavaArchive.class, "tck-test-libraries.jar");
        for (Class<?> marker : List.of(org.assertj.core.api.Assertions.class, org.awaitility.Awaitility.class,
                org.hamcrest.Matcher.class)) {
            merged.merge(ClassPathArchives.of(marker, marker.getSimpleName() + ".jar"));
        }
        merged.addPackage(TestLibrariesAppender.class.getPackage());
        return merged;
    }
}
