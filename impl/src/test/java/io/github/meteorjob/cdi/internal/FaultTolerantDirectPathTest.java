package io.github.meteorjob.cdi.internal;

import io.github.meteorjob.JobException;
import io.github.meteorjob.cdi.DdpCallGuard;
import io.github.meteorjob.cdi.DdpCallRetry;
import io.github.meteorjob.ddp.CallOptions;
import io.github.meteorjob.ddp.DdpClient;
import io.github.meteorjob.ddp.DdpClientOptions;
import io.github.meteorjob.ddp.DdpTimeoutException;
import io.github.meteorjob.testing.ScriptedDdpServer;
import jakarta.json.Json;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The Fault Tolerance client's direct path while the link is healthy: calls skip the guard beans after
 * {@link FaultTolerantDdpClient#HEALTHY_STREAK} guarded successes, a link failure on the direct path is handed to the
 * beans as their first attempt (not sent again by the hand-over itself) and puts the following calls back through
 * the beans, and configuration that changes the guard's time limit keeps every call on the beans. The beans are
 * plain objects here (their annotations inert), counting what reaches them; the Weld SE tests in {@code it} run
 * them with SmallRye Fault Tolerance.
 */
class FaultTolerantDirectPathTest {

    private final AtomicInteger guarded = new AtomicInteger();
    private final AtomicInteger retried = new AtomicInteger();
    private final AtomicInteger hangCalls = new AtomicInteger();
    private ScriptedDdpServer server;
    private DdpClient plain;

    private final DdpCallGuard guard = new DdpCallGuard() {
        @Override
        public <T> CompletionStage<T> call(Supplier<CompletionStage<T>> call) {
            guarded.incrementAndGet();
            return super.call(call);
        }
    };

    private final DdpCallRetry retry = new DdpCallRetry() {
        @Override
        public <T> CompletionStage<T> call(Supplier<CompletionStage<T>> call) {
            retried.incrementAndGet();
            return guard.call(call);
        }
    };

    @BeforeEach
    void start() throws Exception {
        server = ScriptedDdpServer.start();
        server.onMethod("echo", p -> Json.createValue("ok"));
        server.onCall("hang", call -> hangCalls.incrementAndGet()); // never answered
        plain = DdpClient.create(DdpClientOptions.builder(server.url()).heartbeatInterval(Duration.ZERO).build());
        plain.connect().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void stop() {
        plain.close();
        server.close();
    }

    private FaultTolerantDdpClient client(Map<String, String> config) {
        return new FaultTolerantDdpClient(plain, guard, retry, new CircuitState(), ConfigReader.of(config));
    }

    private static void echo(DdpClient c, CallOptions o) {
        assertThat(JobException.await(c.call("echo", JsonValue.EMPTY_JSON_ARRAY, o))).isEqualTo(Json.createValue("ok"));
    }

    @Test
    void aHealthyLinkSkipsTheBeansAfterTheStreak() {
        FaultTolerantDdpClient c = client(Map.of());
        for (int i = 0; i < FaultTolerantDdpClient.HEALTHY_STREAK + 20; i++) {
            echo(c, i % 2 == 0 ? CallOptions.IDEMPOTENT : CallOptions.DEFAULT);
        }
        assertThat(guarded).hasValue(FaultTolerantDdpClient.HEALTHY_STREAK);
    }

    @Test
    void aLinkFailureOnTheDirectPathIsTheBeansFirstAttemptAndTheNextCallsGoThroughThem() {
        FaultTolerantDdpClient c = client(Map.of());
        for (int i = 0; i < FaultTolerantDdpClient.HEALTHY_STREAK; i++) {
            echo(c, CallOptions.DEFAULT);
        }
        int before = guarded.get();
        CallOptions quick = CallOptions.IDEMPOTENT.withTimeout(Duration.ofMillis(200));
        assertThatThrownBy(() -> JobException.await(c.call("hang", JsonValue.EMPTY_JSON_ARRAY, quick)))
                .isInstanceOf(DdpTimeoutException.class);
        // sent once, directly; the beans got its failure (the retry bean here makes no further attempt)
        assertThat(hangCalls).hasValue(1);
        assertThat(retried).hasValue(1);
        assertThat(guarded).hasValue(before + 1);

        // a non-idempotent call's failure reaches the guard too, and is not sent again
        assertThatThrownBy(() -> JobException.await(c.call("hang", JsonValue.EMPTY_JSON_ARRAY,
                CallOptions.DEFAULT.withTimeout(Duration.ofMillis(200))))).isInstanceOf(DdpTimeoutException.class);
        assertThat(hangCalls).hasValue(2);
        assertThat(guarded).hasValue(before + 2);

        // the streak starts again: the next calls are guarded
        echo(c, CallOptions.DEFAULT);
        assertThat(guarded).hasValue(before + 3);
    }

    @Test
    void aConfiguredGuardTimeLimitOrAWiderWindowKeepsEveryCallOnTheBeans() {
        String g = DdpCallGuard.class.getName() + "/call/";
        for (Map<String, String> config : java.util.List.of(Map.of(g + "Timeout/value", "5000"),
                Map.of("Timeout/value", "5000"), Map.of(g + "CircuitBreaker/requestVolumeThreshold", "100"),
                Map.of("quarkus.fault-tolerance.\"" + DdpCallGuard.class.getName() + "/call\".timeout.value", "5000"),
                Map.of("quarkus.fault-tolerance.global.timeout.value", "5000"))) {
            guarded.set(0);
            FaultTolerantDdpClient c = client(config);
            for (int i = 0; i < FaultTolerantDdpClient.HEALTHY_STREAK + 5; i++) {
                echo(c, CallOptions.DEFAULT);
            }
            assertThat(guarded).as(config.toString()).hasValue(FaultTolerantDdpClient.HEALTHY_STREAK + 5);
        }
    }
}
