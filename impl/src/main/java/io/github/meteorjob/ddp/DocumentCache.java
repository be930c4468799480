package io.github.meteorjob.ddp;

import jakarta.json.JsonObject;

import java.util.Map;
import java.util.Optional;

/**
 * The client-side copy of one collection, fed by the {@code added/changed/removed} messages of
 * the client's subscriptions. Documents are the fields as sent (EJSON wire form) without
 * {@code _id}. Thread safe; reads are lock free.
 */
public interface DocumentCache {

    /** The collection name. */
    String name();

    /** The document's fields, if present. */
    Optional<JsonObject> get(String id);

    /** An immutable snapshot of all documents by id. */
    Map<String, JsonObject> snapshot();

    /** Number of documents. */
    int size();

    /** Registers a listener; closing the returned handle removes it. */
    AutoCloseable addListener(DocumentListener listener);
}
