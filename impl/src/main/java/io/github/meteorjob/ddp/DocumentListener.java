package io.github.meteorjob.ddp;

import jakarta.json.JsonObject;

import java.util.List;

/**
 * Receives changes of a {@link DocumentCache}. Callbacks run on the connection's reader
 * thread after the cache was updated; they must be quick and must not block.
 */
public interface DocumentListener {

    /** A document was added with these fields. */
    default void added(String collection, String id, JsonObject fields) {
    }

    /**
     * A document changed: {@code fields} were set (merged), {@code cleared} fields were removed.
     */
    default void changed(String collection, String id, JsonObject fields, List<String> cleared) {
    }

    /** A document was removed. */
    default void removed(String collection, String id) {
    }
}
