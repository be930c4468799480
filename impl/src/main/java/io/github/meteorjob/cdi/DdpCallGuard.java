package io.github.meteorjob.cdi;

import io.github.meteorjob.ddp.DdpConnectionLostException;
import io.github.meteorjob.ddp.DdpTimeoutException;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.faulttolerance.Asynchronous;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Timeout;

import java.time.temporal.ChronoUnit;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * The circuit breaker and time limit around every DDP method call that the CDI integration makes
 * for queues and injected collections. An ordinary bean (not synthetic) so the container's
 * MicroProfile Fault Tolerance interceptor applies; tune it with the standard keys, e.g.
 * {@code io.github.meteorjob.cdi.DdpCallGuard/call/CircuitBreaker/delay=5000}.
 *
 * <p>Only link failures count against the circuit (connection lost, no answer in time); a server
 * refusing a call ({@code 403}, {@code Match failed}) is an answer and does not open it.
 * Without a Fault Tolerance implementation the annotations are inert and calls pass straight through.
 */
@ApplicationScoped
public class DdpCallGuard {

    /** Runs one call; the returned stage is the call's. */
    @Asynchronous
    @Timeout(value = 30, unit = ChronoUnit.SECONDS)
    @CircuitBreaker(requestVolumeThreshold = 8, failureRatio = 0.5, delay = 10, delayUnit = ChronoUnit.SECONDS,
            successThreshold = 1,
            failOn = {DdpConnectionLostException.class, DdpTimeoutException.class,
                    org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException.class})
    public <T> CompletionStage<T> call(Supplier<CompletionStage<T>> call) {
        return call.get();
    }
}
