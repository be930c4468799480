package io.github.meteorjob.ddp;

import java.lang.System.Logger.Level;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** The registered {@link ConnectionListener}s; a listener that throws is logged and the others still run. */
final class ConnectionEvents {

    private static final System.Logger LOG = System.getLogger(ConnectionEvents.class.getName());

    private final CopyOnWriteArrayList<ConnectionListener> listeners = new CopyOnWriteArrayList<>();

    AutoCloseable add(ConnectionListener listener) {
        Objects.requireNonNull(listener, "listener");
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    /** Whether no listener is registered (lets hot paths skip building an event nobody hears). */
    boolean isEmpty() {
        return listeners.isEmpty();
    }

    void fire(Consumer<ConnectionListener> event) {
        for (ConnectionListener cl : listeners) {
            try {
                event.accept(cl);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "connection listener failed: {0}", e.toString());
            }
        }
    }
}
