package io.github.meteorjob.ddp;

import io.github.meteorjob.DdpException;
import jakarta.json.JsonArray;

import java.util.concurrent.CompletionStage;

/** A subscription to a publication; re-sent after every reconnect until stopped. */
public interface Subscription extends AutoCloseable {

    /** The DDP subscription id. */
    String id();

    /** The publication name. */
    String name();

    /** The parameters sent with {@code sub}. */
    JsonArray params();

    /**
     * Completes when the server reports the subscription {@code ready} (the first time);
     * fails with {@link DdpException} when the server answers {@code nosub} with an error,
     * or with {@link DdpConnectionLostException} when the client is closed before.
     */
    CompletionStage<Void> ready();

    /** Whether the server reported it ready. */
    boolean isReady();

    /**
     * Unsubscribes. Completes when the server confirms with {@code nosub} (immediately when
     * not connected). Documents stay in the cache until the server removes them.
     */
    CompletionStage<Void> stop();

    /** Same as {@link #stop()} without waiting. */
    @Override
    default void close() {
        stop();
    }
}
