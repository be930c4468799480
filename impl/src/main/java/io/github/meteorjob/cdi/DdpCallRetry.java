package io.github.meteorjob.cdi;

import io.github.meteorjob.ddp.DdpConnectionLostException;
import io.github.meteorjob.ddp.DdpTimeoutException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.faulttolerance.Asynchronous;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;

import java.time.temporal.ChronoUnit;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * Retries DDP calls that are safe to repeat (docs/protocol.md §5: {@code getJob}, {@code jobLog},
 * {@code jobProgress}, {@code jobDone}, {@code jobFail} — calls sent with
 * {@code CallOptions.idempotent()}), each attempt going through {@link DdpCallGuard}'s circuit.
 * Never used for {@code getWork} or the save of a new job. Tune with the standard keys, e.g.
 * {@code io.github.meteorjob.cdi.DdpCallRetry/call/Retry/maxRetries=5}.
 */
@ApplicationScoped
public class DdpCallRetry {

    @Inject
    DdpCallGuard guard;

    /** Runs an idempotent call, repeating it after link failures. */
    @Asynchronous
    @Retry(maxRetries = 3, delay = 200, delayUnit = ChronoUnit.MILLIS, jitter = 100,
            // in the delay's unit: Payara's Fault Tolerance compares maxDuration and delay without converting
            // units and rejects the deployment when maxDuration <= delay (2 MINUTES vs 200 MILLIS)
            maxDuration = 120_000, durationUnit = ChronoUnit.MILLIS,
            retryOn = {DdpConnectionLostException.class, DdpTimeoutException.class,
                    org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException.class},
            abortOn = CircuitBreakerOpenException.class)
    public <T> CompletionStage<T> call(Supplier<CompletionStage<T>> call) {
        return guard.call(call);
    }
}
