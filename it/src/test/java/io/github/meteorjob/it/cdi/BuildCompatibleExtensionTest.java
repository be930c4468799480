package io.github.meteorjob.it.cdi;

import io.github.meteorjob.Collection;
import io.github.meteorjob.Job;
import io.github.meteorjob.JobBatch;
import io.github.meteorjob.JobCollection;
import io.github.meteorjob.ProcessJobs;
import io.github.meteorjob.cdi.MeteorJobBuildCompatibleExtension;
import io.github.meteorjob.cdi.MeteorJobExtension;
import io.github.meteorjob.cdi.internal.MeteorJobRuntime;
import io.github.meteorjob.ddp.DdpClient;
import io.github.meteorjob.server.EmbeddedJobServer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.build.compatible.spi.BeanInfo;
import jakarta.enterprise.inject.build.compatible.spi.Discovery;
import jakarta.enterprise.inject.build.compatible.spi.Messages;
import jakarta.enterprise.inject.build.compatible.spi.ObserverInfo;
import jakarta.enterprise.inject.build.compatible.spi.Registration;
import jakarta.enterprise.inject.build.compatible.spi.ScannedClasses;
import jakarta.enterprise.inject.build.compatible.spi.Synthesis;
import jakarta.enterprise.inject.build.compatible.spi.SyntheticComponents;
import jakarta.enterprise.inject.build.compatible.spi.Validation;
import jakarta.enterprise.inject.se.SeContainer;
import jakarta.enterprise.inject.spi.Extension;
import jakarta.inject.Inject;
import jakarta.json.Json;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.lite.extension.translator.LiteExtensionTranslator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.ServiceLoader;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The build-compatible extension (the CDI Lite / Quarkus front end), run without Quarkus through
 * Weld's translator for build-compatible extensions; and the guarantee that where both front ends
 * are present (Weld, Liberty, Payara) only the portable one registers beans.
 */
class BuildCompatibleExtensionTest {

    static final List<String> seen = new CopyOnWriteArrayList<>();
    private EmbeddedJobServer server;

    @BeforeEach
    void start() {
        seen.clear();
        server = EmbeddedJobServer.builder().collection("jobPile").start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @ApplicationScoped
    static class Worker {
        @Inject
        @Collection("reports")
        JobCollection reports; // an injection point naming a collection no observer uses

        void work(@Observes @ProcessJobs(collection = "jobPile", type = "lite", pollInterval = 100) Job job) {
            seen.add(job.data().getString("n") + "/" + reports.root());
        }
    }

    @ApplicationScoped
    static class BadWorker {
        void work(@Observes @ProcessJobs(collection = "jobPile", type = "bad", payload = 3) Job job) {
        }
    }

    @ApplicationScoped
    static class BatchWorker {
        void work(@Observes @ProcessJobs(collection = "jobPile", type = "batch", payload = 2) JobBatch batch) {
        }
    }

    /**
     * Our build-compatible extension without its {@code @SkipIfPortableExtensionPresent}: Weld skips the
     * original whenever the portable extension class is on the class path, which is what deployments need;
     * this test runs the same discovery/registration methods as Quarkus would (re-declared because
     * Weld looks for extension methods among the class's declared methods only).
     */
    public static class LiteFrontEnd extends MeteorJobBuildCompatibleExtension {
        @Override
        @Discovery
        public void addLibraryBeans(ScannedClasses scanned) {
            super.addLibraryBeans(scanned);
        }

        @Override
        @Registration(types = Object.class)
        public void observer(ObserverInfo observer) {
            super.observer(observer);
        }

        @Override
        @Registration(types = Object.class)
        public void bean(BeanInfo bean) {
            super.bean(bean);
        }

        @Override
        @Synthesis
        public void registerBeans(SyntheticComponents syn) {
            super.registerBeans(syn);
        }

        @Override
        @Validation
        public void validate(Messages messages) {
            super.validate(messages);
        }
    }

    /** Every service-loaded portable extension except ours, plus the translator running only our BCE. */
    private static SeContainer liteOnly(Class<?>... beans) {
        Weld weld = new Weld().disableDiscovery().addBeanClasses(beans);
        for (Extension e : ServiceLoader.load(Extension.class)) {
            if (!(e instanceof MeteorJobExtension)) {
                weld.addExtension(e);
            }
        }
        weld.addExtension(new LiteExtensionTranslator(List.of(LiteFrontEnd.class),
                BuildCompatibleExtensionTest.class.getClassLoader()));
        return weld.initialize();
    }

    @Test
    void buildCompatibleExtensionDiscoversObserversRegistersBeansAndRunsQueues() {
        try (Containers.Config config = Containers.config().set("meteor-job.url", server.url())) {
            config.apply();
            try (SeContainer c = liteOnly(Worker.class)) {
                assertThat(c.select(MeteorJobExtension.class).isResolvable()).isFalse();
                JobCollection jobs = c.select(JobCollection.class, Collection.Literal.of("jobPile")).get();
                assertThat(c.select(JobCollection.class, Collection.Literal.of("reports")).isResolvable()).isTrue();
                String id = jobs.createJob("lite", Json.createObjectBuilder().add("n", "1").build()).saveAndWait();
                await().atMost(Duration.ofSeconds(20)).until(() ->
                        server.collection("jobPile").job(id).map(d -> d.getString("status")).orElse("").equals("completed"));
                assertThat(seen).containsExactly("1/reports");
                assertThat(c.select(MeteorJobRuntime.class).get().queues()).containsOnlyKeys("jobPile/lite");
            }
        }
    }

    @Test
    void buildCompatibleExtensionReportsBadObservers() {
        try (Containers.Config config = Containers.config()) {
            assertThatThrownBy(() -> liteOnly(BadWorker.class).close())
                    .satisfies(e -> assertThat(Containers.messages(e))
                            .contains("BadWorker#work(Job)", "must observe io.github.meteorjob.JobBatch because payload is 3"));
        }
    }

    @Test
    void buildCompatibleExtensionAcceptsBatchObservers() {
        try (Containers.Config config = Containers.config(); SeContainer c = liteOnly(BatchWorker.class)) {
            assertThat(c.select(DdpClient.class).isResolvable()).isTrue();
        }
    }

    @Test
    void whereBothFrontEndsArePresentOnlyThePortableOneRegistersBeans() {
        Weld weld = new Weld().disableDiscovery().addBeanClasses(Worker.class);
        ServiceLoader.load(Extension.class).forEach(weld::addExtension);
        // as in Weld with discovery, Liberty and Payara: the translator runs every service-loaded BCE
        weld.addExtension(new LiteExtensionTranslator());
        try (Containers.Config config = Containers.config(); SeContainer c = weld.initialize()) {
            assertThat(c.select(MeteorJobExtension.class).isResolvable()).isTrue();
            // a second registration would make these ambiguous
            assertThat(c.select(DdpClient.class).isResolvable()).isTrue();
            assertThat(c.select(JobCollection.class, Collection.Literal.of("jobPile")).isResolvable()).isTrue();
            assertThat(c.select(JobCollection.class, Any.Literal.INSTANCE).stream()).isNotNull();
        }
    }
}
