package io.github.meteorjob.server.ddp;

import jakarta.json.JsonObject;

import java.util.Collection;

/**
 * One running subscription of one client. Thread safe; calls after {@link #isStopped()}
 * are ignored. The transport merges the documents of all subscriptions of a connection
 * per collection (Meteor's merge box) so a document shared by two subscriptions is
 * added once and removed when the last one drops it.
 */
public interface PublicationContext {

    MethodInvocation invocation();

    void added(String collection, String id, JsonObject fields);

    /** {@code fields} holds new values; {@code cleared} the names of removed fields. */
    void changed(String collection, String id, JsonObject fields, Collection<String> cleared);

    void removed(String collection, String id);

    /** Sends {@code ready} for this subscription (once). */
    void ready();

    /** Registers a callback run once when the client unsubscribes or disconnects. */
    void onStop(Runnable callback);

    boolean isStopped();
}
