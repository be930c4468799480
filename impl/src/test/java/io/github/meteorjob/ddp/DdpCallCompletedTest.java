package io.github.meteorjob.ddp;

import io.github.meteorjob.DdpException;
import jakarta.json.Json;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.github.meteorjob.ddp.DdpTestSupport.await;
import static io.github.meteorjob.ddp.DdpTestSupport.failure;
import static io.github.meteorjob.ddp.DdpTestSupport.params;
import static org.assertj.core.api.Assertions.assertThat;

/** {@link ConnectionListener#callCompleted}: once per call of any caller, with its duration and how it ended. */
class DdpCallCompletedTest extends ScriptedServerFixture {

    record Completed(String method, long nanos, Throwable failure) {
    }

    private final List<Completed> completed = new CopyOnWriteArrayList<>();

    private void listen() {
        client.addConnectionListener(new ConnectionListener() {
            @Override
            public void callCompleted(String method, long nanos, Throwable failure) {
                completed.add(new Completed(method, nanos, failure));
            }
        });
    }

    @Test
    void eachCallIsToldOnceBeforeItsStageCompletesWithHowItEnded() {
        connectFast();
        listen();
        server.onMethod("echo", p -> p.get(0));
        server.onCall("slow", call -> { }); // never answered
        server.onCall("refuse", call -> call.error(new DdpException(Json.createValue(403), "no", null)));

        CompletionStage<?> ok = client.call("echo", params("x"));
        assertThat(await(ok)).isEqualTo(Json.createValue("x"));
        // told before the stage completed: whoever waited for the call finds it counted
        assertThat(completed).singleElement().satisfies(c -> {
            assertThat(c.method()).isEqualTo("echo");
            assertThat(c.nanos()).isPositive();
            assertThat(c.failure()).isNull();
        });

        Throwable refused = failure(client.call("refuse", params()));
        assertThat(completed).hasSize(2);
        assertThat(completed.get(1).method()).isEqualTo("refuse");
        assertThat(refused).isInstanceOf(DdpException.class);
        assertThat(completed.get(1).failure()).isInstanceOf(DdpException.class).hasMessage(refused.getMessage());

        Throwable timedOut = failure(client.call("slow", params(),
                CallOptions.DEFAULT.withTimeout(Duration.ofMillis(100))));
        assertThat(timedOut).isInstanceOf(DdpTimeoutException.class);
        assertThat(completed).hasSize(3);
        assertThat(completed.get(2).method()).isEqualTo("slow");
        assertThat(completed.get(2).failure()).isInstanceOf(DdpTimeoutException.class);
        assertThat(completed.get(2).nanos()).isGreaterThanOrEqualTo(Duration.ofMillis(100).toNanos());
    }

    @Test
    void aCallLostWithItsLinkOrTheClientIsToldToo() {
        connectFast();
        listen();
        server.onCall("slow", call -> { });
        CompletionStage<?> pending = client.call("slow", params(), CallOptions.DEFAULT.withIdempotent(false));
        server.awaitMethod("slow");
        client.close();
        assertThat(failure(pending)).isInstanceOf(DdpConnectionLostException.class);
        assertThat(completed).singleElement().satisfies(c -> {
            assertThat(c.method()).isEqualTo("slow");
            assertThat(c.failure()).isInstanceOf(DdpConnectionLostException.class);
        });
    }
}
