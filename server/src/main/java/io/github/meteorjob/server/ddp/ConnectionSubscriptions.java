package io.github.meteorjob.server.ddp;

import io.github.meteorjob.DdpException;
import jakarta.json.JsonArray;
import jakarta.json.JsonObjectBuilder;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static io.github.meteorjob.server.ddp.JsonSupport.JSON;

/**
 * The subscriptions of one {@link DdpConnection} and the merge box they share: starting a
 * publication for its caller, stopping it, re-running all of them when the user changes. Called
 * on the connection's method thread, so no two of these run at once.
 */
final class ConnectionSubscriptions {

    private static final System.Logger LOG = System.getLogger(DdpConnection.class.getName());

    private final DdpServer server;
    private final Outbox outbox;
    private final Map<String, DdpSubscription> subscriptions = new ConcurrentHashMap<>();
    private final MergeBox mergeBox;

    ConnectionSubscriptions(DdpServer server, Outbox outbox) {
        this.server = server;
        this.outbox = outbox;
        this.mergeBox = new MergeBox(outbox::send);
    }

    int count() {
        return subscriptions.size();
    }

    /** Meteor's {@code sub}: runs the publication {@code name} for {@code caller}. */
    void subscribe(String id, String name, JsonArray params, MethodInvocation caller) {
        DdpServer.Registered<PublicationHandler> publication = server.findPublication(name);
        if (publication == null) {
            sendNosub(id, DdpErrors.subscriptionNotFound(name));
            return;
        }
        if (subscriptions.containsKey(id)) {
            return; // as Meteor: a second sub with the same id is ignored (it matters on reconnect)
        }
        DdpSubscription sub = new DdpSubscription(new DdpSubscription.Request(id, name, params), caller, mergeBox);
        subscriptions.put(id, sub);
        start(sub, publication);
    }

    /** Meteor's {@code unsub} (no error) or the end of a failed publication: stops it and sends {@code nosub}. */
    void unsubscribe(String id, DdpException error) {
        DdpSubscription sub = subscriptions.remove(id);
        if (sub != null) {
            sub.stop();
        }
        sendNosub(id, error);
    }

    /**
     * Re-runs every subscription for a new caller, as Meteor's {@code _setUserId}. Each new run
     * publishes before the old one stops, so the merge box sends the client only the difference.
     */
    void rerun(MethodInvocation caller) {
        for (DdpSubscription old : List.copyOf(subscriptions.values())) {
            DdpSubscription fresh = old.recreate(caller);
            subscriptions.put(old.request().id(), fresh);
            start(fresh, server.findPublication(old.request().name()));
            old.stop();
        }
    }

    /** The connection is over: every publication releases its observers; no {@code nosub} is sent. */
    void stopAll() {
        for (String id : List.copyOf(subscriptions.keySet())) {
            DdpSubscription sub = subscriptions.remove(id);
            if (sub != null) {
                sub.stop();
            }
        }
    }

    /**
     * Runs a subscription's publication for its caller. A caller without the level gets what a Meteor
     * publication written {@code if (!allowed) return this.ready();} gives: {@code ready} and no
     * documents. The subscription stays, so a later login (which re-runs it) makes it live.
     */
    private void start(DdpSubscription sub, DdpServer.Registered<PublicationHandler> publication) {
        if (publication == null || !server.access().permits(sub.invocation().userId(), publication.levels())) {
            LOG.log(System.Logger.Level.DEBUG, "subscription {0} on connection {1} publishes nothing until a user with level {2} logs in",
                    sub.request().name(), sub.invocation().connectionId(), publication == null ? "?" : publication.levels());
            sub.ready();
            return;
        }
        try {
            publication.handler().publish(sub, sub.request().params());
        } catch (DdpException e) {
            unsubscribe(sub.request().id(), e);
        } catch (RuntimeException | Error e) {
            LOG.log(System.Logger.Level.ERROR, "publication " + sub.request().name() + " failed", e);
            unsubscribe(sub.request().id(), DdpErrors.internal());
        }
    }

    private void sendNosub(String id, DdpException error) {
        JsonObjectBuilder b = JSON.createObjectBuilder().add("msg", "nosub").add("id", id);
        if (error != null) {
            b.add("error", DdpErrors.toJson(error));
        }
        outbox.send(b.build());
    }
}
