package io.github.meteorjob.job.internal;

import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A time limit on waiting for a call's answer. The DDP client times its calls out, but a stage handed back by a
 * container's Fault Tolerance interceptor can be lost (seen in Quarkus with an invocation from a thread without
 * the application's class loader); without a limit the queue would wait for ever.
 */
final class AnswerBound {

    private AnswerBound() {
    }

    /**
     * Gives {@code settle} the answer of {@code stage}, or the error from {@code timeout} when none came within
     * {@code limit}, exactly once; an answer arriving after the limit goes to {@code late} instead.
     */
    static <T> void await(CompletionStage<T> stage, Duration limit, ScheduledExecutorService timer,
                          Supplier<Throwable> timeout, BiConsumer<T, Throwable> settle, Consumer<T> late) {
        AtomicBoolean settled = new AtomicBoolean();
        ScheduledFuture<?> bound = timer.schedule(() -> {
            if (settled.compareAndSet(false, true)) {
                settle.accept(null, timeout.get());
            }
        }, limit.toMillis(), TimeUnit.MILLISECONDS);
        stage.whenComplete((value, err) -> {
            bound.cancel(false);
            if (settled.compareAndSet(false, true)) {
                settle.accept(value, err);
            } else if (err == null) {
                late.accept(value);
            }
        });
    }
}
