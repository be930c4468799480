package io.github.meteorjob.server.jobs;

import java.time.Duration;

/**
 * Watches a collection's timers and commits, for metrics: what {@link ServerJobEvent}s do not tell. Called
 * on the thread doing the work (partly under the collection's lock): keep it short and do not throw.
 */
public interface CollectionObserver {

    /** Observes nothing. */
    CollectionObserver NONE = new CollectionObserver() { };

    /** A waiting job was promoted by the timers, {@code lateness} after its {@code after}. */
    default void promotedOnTime(String type, Duration lateness) {
    }

    /** A running job was failed by the timers because its {@code expiresAfter} passed. */
    default void expired(String type) {
    }

    /** A method's writes waited {@code nanos} for the store to make them durable. */
    default void durableWait(long nanos) {
    }
}
