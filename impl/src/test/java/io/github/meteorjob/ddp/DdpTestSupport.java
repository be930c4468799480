package io.github.meteorjob.ddp;

import io.github.meteorjob.testing.ScriptedDdpServer;
import jakarta.json.Json;
import jakarta.json.JsonArray;

import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Shared helpers of the DDP client tests. */
final class DdpTestSupport {

    private DdpTestSupport() {
    }

    /** Waits (at most 10 s) for a stage and returns its value; rethrows its failure cause unwrapped. */
    static <T> T await(CompletionStage<T> stage) {
        try {
            return stage.toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException r) {
                throw r;
            }
            throw new CompletionException(c);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        } catch (TimeoutException e) {
            throw new AssertionError("stage did not complete within 10 s", e);
        }
    }

    /** The failure of a stage (waits at most 10 s); AssertionError when it succeeds. */
    static Throwable failure(CompletionStage<?> stage) {
        try {
            Object v = stage.toCompletableFuture().get(10, TimeUnit.SECONDS);
            throw new AssertionError("expected a failure but got " + v);
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        } catch (TimeoutException e) {
            throw new AssertionError("stage did not complete within 10 s", e);
        }
    }

    static JsonArray params(Object... ints) {
        var b = Json.createArrayBuilder();
        for (Object o : ints) {
            if (o instanceof Integer i) {
                b.add(i);
            } else {
                b.add(String.valueOf(o));
            }
        }
        return b.build();
    }

    /** Options with quick reconnects and no idle pings unless a test asks for them. */
    static DdpClientOptions.Builder fast(ScriptedDdpServer server) {
        return DdpClientOptions.builder(server.url())
                .reconnect(new ReconnectPolicy(Duration.ofMillis(20), Duration.ofMillis(200), 2.0, 0.5,
                        ReconnectPolicy.UNLIMITED))
                .heartbeatInterval(Duration.ZERO)
                .callTimeout(Duration.ofSeconds(10));
    }
}
