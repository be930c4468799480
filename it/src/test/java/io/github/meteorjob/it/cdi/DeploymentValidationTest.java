package io.github.meteorjob.it.cdi;

import io.github.meteorjob.Job;
import io.github.meteorjob.JobBatch;
import io.github.meteorjob.ProcessJobs;
import io.github.meteorjob.cdi.MeteorJobExtension;
import io.github.meteorjob.cdi.internal.QueueDefinition;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.ObservesAsync;
import jakarta.enterprise.inject.se.SeContainer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Bad {@code @ProcessJobs} observers stop the deployment with an error naming the method. */
class DeploymentValidationTest {

    @ApplicationScoped
    static class ZeroConcurrency {
        void work(@Observes @ProcessJobs(collection = "jobPile", type = "a", concurrency = 0) Job job) {
        }
    }

    @ApplicationScoped
    static class BatchPayloadWithJob {
        void work(@Observes @ProcessJobs(collection = "jobPile", type = "b", payload = 5) Job job) {
        }
    }

    @ApplicationScoped
    static class WrongEventType {
        void work(@Observes @ProcessJobs(collection = "jobPile", type = "c") String job) {
        }
    }

    @ApplicationScoped
    static class ConflictingA {
        void first(@Observes @ProcessJobs(collection = "jobPile", type = "d", concurrency = 2) Job job) {
        }
    }

    @ApplicationScoped
    static class ConflictingB {
        void second(@Observes @ProcessJobs(collection = "jobPile", type = "d", concurrency = 3) Job job) {
        }
    }

    @ApplicationScoped
    static class NegativeTimes {
        void work(@Observes @ProcessJobs(collection = "jobPile", type = "e", pollInterval = -1, prefetch = -2) Job job) {
        }
    }

    @ApplicationScoped
    static class Good {
        void single(@Observes @ProcessJobs(collection = "jobPile", type = "one", concurrency = 2) Job job) {
        }

        void sameQueueAsync(@ObservesAsync @ProcessJobs(collection = "jobPile", type = "one", concurrency = 2) Job job) {
        }

        void batch(@Observes @ProcessJobs(collection = "other", type = "many", payload = 4) JobBatch batch) {
        }
    }

    private static void assertDeploymentFails(Class<?> bean, String... expected) {
        try (Containers.Config config = Containers.config()) {
            assertThatThrownBy(() -> config.start(bean).close())
                    .satisfies(e -> assertThat(Containers.messages(e)).contains(expected));
        }
    }

    @Test
    void concurrencyBelowOneIsADeploymentError() {
        assertDeploymentFails(ZeroConcurrency.class, "ZeroConcurrency#work(Job)", "concurrency must be at least 1, was 0");
    }

    @Test
    void payloadAboveOneNeedsABatch() {
        assertDeploymentFails(BatchPayloadWithJob.class, "BatchPayloadWithJob#work(Job)",
                "must observe io.github.meteorjob.JobBatch because payload is 5");
    }

    @Test
    void eventTypeMustBeJob() {
        assertDeploymentFails(WrongEventType.class, "WrongEventType#work(String)",
                "observes java.lang.String but must observe io.github.meteorjob.Job");
    }

    @Test
    void negativeOptionsAreNamed() {
        assertDeploymentFails(NegativeTimes.class, "pollInterval must not be negative, was -1",
                "prefetch must not be negative, was -2");
    }

    @Test
    void conflictingOptionsForOneQueueNameBothMethods() {
        try (Containers.Config config = Containers.config()) {
            assertThatThrownBy(() -> config.start(ConflictingA.class, ConflictingB.class).close())
                    .satisfies(e -> assertThat(Containers.messages(e))
                            .contains("ConflictingA#first(Job)", "ConflictingB#second(Job)", "jobPile/d", "conflicting options"));
        }
    }

    @Test
    void badConfigurationOverrideIsADeploymentErrorNamingTheKey() {
        try (Containers.Config config = Containers.config().queue("jobPile", "one", "concurrency", 0)) {
            assertThatThrownBy(() -> config.start(Good.class).close())
                    .satisfies(e -> assertThat(Containers.messages(e))
                            .contains("meteor-job.queue.\"jobPile\".\"one\".", "concurrency must be at least 1, was 0"));
        }
    }

    @Test
    void malformedConfigurationValueIsNamed() {
        try (Containers.Config config = Containers.config().queue("jobPile", "one", "poll-interval", "soon")) {
            assertThatThrownBy(() -> config.start(Good.class).close())
                    .satisfies(e -> assertThat(Containers.messages(e))
                            .contains("meteor-job.queue.\"jobPile\".\"one\".poll-interval must be a whole number, was 'soon'"));
        }
    }

    @Test
    void misspeltQueueOptionIsADeploymentError() {
        try (Containers.Config config = Containers.config().queue("jobPile", "one", "concurency", 4)) {
            assertThatThrownBy(() -> config.start(Good.class).close())
                    .satisfies(e -> assertThat(Containers.messages(e))
                            .contains("meteor-job.queue.\"jobPile\".\"one\".concurency names an unknown option 'concurency'"));
        }
    }

    @Test
    void validObserversAreGroupedIntoOneQueuePerCollectionAndType() {
        try (Containers.Config config = Containers.config(); SeContainer c = config.start(Good.class)) {
            MeteorJobExtension ext = c.select(MeteorJobExtension.class).get();
            assertThat(ext.queues()).extracting(QueueDefinition::name).containsExactlyInAnyOrder("jobPile/one", "other/many");
            QueueDefinition one = ext.queues().stream().filter(q -> q.name().equals("jobPile/one")).findFirst().orElseThrow();
            assertThat(one.syncObservers()).isTrue();
            assertThat(one.asyncObservers()).isTrue();
            assertThat(one.options().concurrency()).isEqualTo(2);
            assertThat(one.observers()).hasSize(2);
            QueueDefinition many = ext.queues().stream().filter(q -> q.name().equals("other/many")).findFirst().orElseThrow();
            assertThat(many.batch()).isTrue();
            assertThat(many.options().payload()).isEqualTo(4);
        }
    }
}
