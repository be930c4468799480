package io.github.meteorjob.ddp;

import jakarta.json.JsonValue;

import java.util.concurrent.CompletionStage;

/**
 * A method call with both of its DDP outcomes: the {@code result} and the {@code updated}
 * notice (the server's writes of the call are visible in the client's subscriptions).
 * Obtained from {@link DefaultDdpClient#invoke}; not part of the public API.
 */
interface DdpCall {

    /** The DDP call id. */
    String id();

    /** The method name. */
    String method();

    /** The result, as from {@link DdpClient#call(String, jakarta.json.JsonArray, CallOptions)}. */
    CompletionStage<JsonValue> result();

    /**
     * Completes when the server reported the call {@code updated}; also completes when the link
     * drops after the result arrived (the data is re-sent by the subscriptions), and fails like
     * {@link #result()} when the call fails.
     */
    CompletionStage<Void> updated();
}
