package io.github.meteorjob.cdi.internal;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Whether the DDP call circuit is open, as observed from call outcomes (portable across Fault
 * Tolerance implementations). Transitions are logged once each.
 */
final class CircuitState {

    private static final System.Logger LOG = System.getLogger(CircuitState.class.getName());

    private final AtomicBoolean open = new AtomicBoolean();
    private final AtomicReference<String> reason = new AtomicReference<>();
    private volatile Runnable onChange = () -> { };

    static boolean isCircuitOpen(Throwable t) {
        for (Class<?> c = t.getClass(); c != null; c = c.getSuperclass()) {
            if (c.getName().equals("org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException")) {
                return true;
            }
        }
        return false;
    }

    void onChange(Runnable r) {
        onChange = r;
    }

    boolean isOpen() {
        return open.get();
    }

    String reason() {
        return reason.get();
    }

    void open(Throwable cause) {
        if (open.compareAndSet(false, true)) {
            reason.set(cause.getMessage());
            LOG.log(System.Logger.Level.WARNING, "meteor-job: the DDP call circuit is OPEN after repeated link failures; "
                    + "queues stop fetching work until it closes (" + cause.getMessage() + ")");
            onChange.run();
        }
    }

    void success() {
        if (open.compareAndSet(true, false)) {
            reason.set(null);
            LOG.log(System.Logger.Level.INFO, "meteor-job: the DDP call circuit is CLOSED again; queues fetch work");
            onChange.run();
        }
    }
}
