package io.github.meteorjob.cdi.internal;

import io.github.meteorjob.DdpException;
import io.github.meteorjob.cdi.DdpCallGuard;
import io.github.meteorjob.cdi.DdpCallRetry;
import io.github.meteorjob.ddp.CallOptions;
import io.github.meteorjob.ddp.DdpClient;
import io.github.meteorjob.ddp.DdpClientOptions;
import io.github.meteorjob.testing.ScriptedDdpServer;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Issue 13 through the CDI integration's client: {@code callAndWait} of the Fault Tolerance client rethrows a
 * failure with the caller's stack and the original as cause (the guard beans are used as plain objects here, so
 * their annotations are inert; the Weld SE tests in {@code it} cover them with SmallRye Fault Tolerance).
 */
class FaultTolerantCallerStackTest {

    @Test
    void callAndWaitRethrowsWithTheCallersStackAndTheOriginalAsCause() throws Exception {
        try (ScriptedDdpServer server = ScriptedDdpServer.start()) {
            server.onMethod("bad", p -> {
                throw new DdpException(403, "not yours");
            });
            DdpClient plain = DdpClient.create(DdpClientOptions.builder(server.url())
                    .heartbeatInterval(Duration.ZERO).build());
            try (DdpClient client = new FaultTolerantDdpClient(plain, new DdpCallGuard(), new DdpCallRetry(),
                    new CircuitState())) {
                client.connect().toCompletableFuture().get(10, TimeUnit.SECONDS);
                Throwable t = catchThrowable(() -> client.callAndWait("bad", JsonValue.EMPTY_JSON_ARRAY, CallOptions.DEFAULT));
                assertThat(t).isExactlyInstanceOf(DdpException.class).hasMessage("not yours [403]");
                assertThat(((DdpException) t).errorCode()).isEqualTo(403);
                assertThat(Arrays.stream(t.getStackTrace()).anyMatch(f -> f.getClassName().equals(getClass().getName())))
                        .isTrue();
                assertThat(t.getCause()).isExactlyInstanceOf(DdpException.class).hasMessage("not yours [403]");
                assertThat(Arrays.stream(t.getCause().getStackTrace())
                        .anyMatch(f -> f.getClassName().equals(getClass().getName()))).isFalse();
            }
        }
    }
}
