package io.github.meteorjob.examples.weldse;

import io.github.meteorjob.WorkerEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.ObservesAsync;

import java.util.concurrent.atomic.AtomicInteger;

/** Counts what the worker did, from the integration's {@link WorkerEvent}s. */
@ApplicationScoped
public class Progress {

    private final AtomicInteger completed = new AtomicInteger();
    private final AtomicInteger failedAttempts = new AtomicInteger();

    void on(@ObservesAsync WorkerEvent event) {
        switch (event.kind()) {
            case COMPLETED -> completed.incrementAndGet();
            case FAILED -> failedAttempts.incrementAndGet();
            default -> { }
        }
    }

    public int completed() {
        return completed.get();
    }

    public int failedAttempts() {
        return failedAttempts.get();
    }
}
