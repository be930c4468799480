package io.github.meteorjob.testing;

import io.github.meteorjob.server.EmbeddedJobServer;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

class JobServerExtensionTest {

    @Nested
    @ExtendWith(JobServerExtension.class)
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    class Declarative {
        static EmbeddedJobServer first;

        @Test
        @Order(1)
        void injectsARunningServer(EmbeddedJobServer server) throws Exception {
            first = server;
            assertThat(server.url()).startsWith("ws://127.0.0.1:");
            assertThat(DdpHandshake.session(server.url())).isNotBlank();
        }

        @Test
        @Order(2)
        void sameServerForEveryTestOfTheClass(EmbeddedJobServer server) {
            assertThat(server).isSameAs(first);
            assertThat(server.port()).isPositive();
        }
    }

    @Nested
    class Programmatic {
        @RegisterExtension
        final JobServerExtension jobs = new JobServerExtension(b -> b.collection("jobPile").user("w", "pw", "worker"));

        @Test
        void configuredServerIsAvailableFromTheField(EmbeddedJobServer injected) {
            assertThat(jobs.server()).isSameAs(injected);
            assertThat(injected.collectionNames()).containsExactly("jobPile");
            assertThat(injected.access().isOpen()).isFalse();
        }
    }
}
