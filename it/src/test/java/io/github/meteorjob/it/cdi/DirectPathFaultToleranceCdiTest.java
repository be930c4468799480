package io.github.meteorjob.it.cdi;

import io.github.meteorjob.JobException;
import io.github.meteorjob.cdi.internal.MeteorJobRuntime;
import io.github.meteorjob.ddp.CallOptions;
import io.github.meteorjob.ddp.DdpClient;
import io.github.meteorjob.ddp.DdpTimeoutException;
import io.github.meteorjob.server.EmbeddedJobServer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.se.SeContainer;
import jakarta.json.Json;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import io.github.meteorjob.testing.JobServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The Fault Tolerance client's direct path (calls skip the guard beans while the link is healthy) with SmallRye
 * Fault Tolerance in Weld SE: once the healthy streak is reached, a call whose direct attempt times out is still
 * retried by {@code DdpCallRetry} when idempotent, and sent only once otherwise.
 */
class DirectPathFaultToleranceCdiTest {

    static final String RETRY = "io.github.meteorjob.cdi.DdpCallRetry/call/";

    @RegisterExtension
    static final JobServerExtension jobs = new JobServerExtension(b -> b.collection("directPath"));

    @ApplicationScoped
    static class NoWorker {
    }

    @Test
    void afterTheHealthyStreakAnIdempotentCallIsStillRetriedAndAPlainOneIsNot() {
        EmbeddedJobServer server = jobs.server();
        AtomicInteger idempotentCalls = new AtomicInteger();
        AtomicInteger plainCalls = new AtomicInteger();
        server.registry().method("echo", Set.of(), (inv, params) -> Json.createValue("ok"));
        server.registry().method("flaky", Set.of(), (inv, params) -> LifecycleAndFaultToleranceCdiTest.slowFirst(idempotentCalls));
        server.registry().method("flakyPlain", Set.of(), (inv, params) -> LifecycleAndFaultToleranceCdiTest.slowFirst(plainCalls));
        try (Containers.Config config = Containers.config().set("meteor-job.url", server.url())
                .set(RETRY + "Retry/delay", 50).set(RETRY + "Retry/jitter", 0);
             SeContainer c = config.start(NoWorker.class)) {
            MeteorJobRuntime runtime = c.select(MeteorJobRuntime.class).get();
            await().atMost(Duration.ofSeconds(10)).until(runtime::isConnected);
            DdpClient client = c.select(DdpClient.class).get();
            for (int i = 0; i < 40; i++) { // past the healthy streak: from here on calls go direct
                assertThat(JobException.await(client.call("echo", JsonValue.EMPTY_JSON_ARRAY,
                        i % 2 == 0 ? CallOptions.IDEMPOTENT : CallOptions.DEFAULT))).isEqualTo(Json.createValue("ok"));
            }
            CallOptions shortTimeout = CallOptions.IDEMPOTENT.withTimeout(Duration.ofMillis(400));
            JsonValue result = JobException.await(client.call("flaky", JsonValue.EMPTY_JSON_ARRAY, shortTimeout));
            // the direct attempt timed out; SmallRye's retry got the answer (a slow machine may need a second retry)
            assertThat(((JsonString) result).getString()).isEqualTo("answer " + idempotentCalls.get());
            assertThat(idempotentCalls.get()).isBetween(2, 4);

            for (int i = 0; i < 40; i++) { // the streak again
                JobException.await(client.call("echo", JsonValue.EMPTY_JSON_ARRAY, CallOptions.DEFAULT));
            }
            assertThatThrownBy(() -> JobException.await(client.call("flakyPlain", JsonValue.EMPTY_JSON_ARRAY,
                    shortTimeout.withIdempotent(false)))).isInstanceOf(DdpTimeoutException.class);
            await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).untilAsserted(() ->
                    assertThat(plainCalls).hasValue(1));
        }
    }
}
