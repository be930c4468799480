package io.github.meteorjob.ddp;

import io.github.meteorjob.DdpException;
import io.github.meteorjob.wire.MeteorErrors;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The client's subscriptions and the document caches they feed: sends {@code sub}/{@code unsub},
 * re-sends every subscription on a new link, applies {@code added/changed/removed}, and after a
 * reconnect removes the cached documents the server did not send again once all re-sent
 * subscriptions are ready (the resync).
 */
final class Subscriptions {


    private final Session session;
    private final AtomicLong subIds = new AtomicLong();
    private final ConcurrentHashMap<String, SubscriptionImpl> subs = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, CollectionCache> caches = new ConcurrentHashMap<>();
    /** Subscriptions re-sent after a reconnect that are not ready yet. */
    private final Set<String> resyncSubs = ConcurrentHashMap.newKeySet();

    Subscriptions(Session session) {
        this.session = session;
    }

    Subscription subscribe(String name, JsonArray params) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("publication name must not be empty");
        }
        SubscriptionImpl s = new SubscriptionImpl(subIds.incrementAndGet(), name, params);
        if (session.isClosed()) {
            s.ready.completeExceptionally(new DdpConnectionLostException("sub " + name, null, "the client is closed", null));
            s.stopped.complete(null);
            return s;
        }
        subs.put(s.id, s);
        Link l = session.readyLink();
        if (l != null) {
            trySend(l, s);
        }
        return s;
    }

    private void trySend(Link l, SubscriptionImpl s) {
        if (s.markSent(l.gen)) {
            l.send(DdpFrames.sub(s.id, s.name, s.params));
        }
    }

    CollectionCache collection(String name) {
        Objects.requireNonNull(name, "name");
        return caches.computeIfAbsent(name, CollectionCache::new);
    }

    /**
     * The link is ready: sends every subscription (in the order they were made); after a reconnect
     * first starts the resync.
     */
    void resend(Link l, boolean reconnected) {
        List<SubscriptionImpl> pending = new ArrayList<>(subs.values());
        pending.sort(Comparator.comparingLong(s -> s.seq));
        if (reconnected) {
            startResync(pending);
        }
        for (SubscriptionImpl s : pending) {
            trySend(l, s);
        }
    }

    /** After a reconnect, documents not re-sent by the time every subscription is ready are stale. */
    private void startResync(List<SubscriptionImpl> active) {
        resyncSubs.clear();
        for (CollectionCache c : caches.values()) {
            c.markAllStale();
        }
        for (SubscriptionImpl s : active) {
            if (!s.stopping) {
                resyncSubs.add(s.id);
            }
        }
        if (resyncSubs.isEmpty()) {
            finishResync();
        }
    }

    private void finishResync() {
        for (CollectionCache c : caches.values()) {
            c.removeStale();
        }
    }

    /** An {@code added} or {@code addedBefore} frame. */
    void onAdded(JsonObject f) {
        collection(f.getString("collection")).added(f.getString("id"), fields(f));
    }

    /** A {@code changed} frame: merges fields, drops the {@code cleared} ones. */
    void onChanged(JsonObject f) {
        CollectionCache c = collection(f.getString("collection"));
        JsonArray cleared = f.containsKey("cleared") ? f.getJsonArray("cleared") : JsonValue.EMPTY_JSON_ARRAY;
        List<String> names = new ArrayList<>(cleared.size());
        for (JsonValue v : cleared) {
            names.add(((JsonString) v).getString());
        }
        c.changed(f.getString("id"), fields(f), names);
    }

    /** A {@code removed} frame. */
    void onRemoved(JsonObject f) {
        collection(f.getString("collection")).removed(f.getString("id"));
    }

    private static JsonObject fields(JsonObject f) {
        JsonValue v = f.get("fields");
        return v instanceof JsonObject o ? o : JsonValue.EMPTY_JSON_OBJECT;
    }

    /** A {@code ready} frame. */
    void onReady(JsonObject f) {
        for (JsonValue v : f.getJsonArray("subs")) {
            String id = ((JsonString) v).getString();
            SubscriptionImpl s = subs.get(id);
            if (s != null) {
                s.isReady = true;
                s.ready.complete(null);
            }
            if (resyncSubs.remove(id) && resyncSubs.isEmpty()) {
                finishResync();
            }
        }
    }

    /** A {@code nosub} frame: the server ended (or refused) a subscription. */
    void onNosub(JsonObject f) {
        String id = f.getString("id");
        SubscriptionImpl s = subs.remove(id);
        if (resyncSubs.remove(id) && resyncSubs.isEmpty()) {
            finishResync();
        }
        if (s == null) {
            return;
        }
        JsonValue err = f.get("error");
        if (err != null && err.getValueType() != JsonValue.ValueType.NULL) {
            s.ready.completeExceptionally(MeteorErrors.fromJson(err));
        } else if (!s.ready.isDone()) {
            s.ready.completeExceptionally(stoppedBeforeReady(s.name));
        }
        s.stopped.complete(null);
    }

    /** The client closed: every subscription ends. */
    void closed(String why, Throwable cause) {
        for (SubscriptionImpl s : subs.values()) {
            s.ready.completeExceptionally(new DdpConnectionLostException("sub " + s.name, s.id, why, cause));
            s.stopped.complete(null);
        }
        subs.clear();
    }

    private static DdpException stoppedBeforeReady(String name) {
        return new DdpException("nosub", "subscription to '" + name + "' was stopped before it was ready");
    }

    /** One subscription, re-sent on every new link until stopped. */
    private final class SubscriptionImpl implements Subscription {
        final String id;
        final long seq;
        final String name;
        final JsonArray params;
        final CompletableFuture<Void> ready = new CompletableFuture<>();
        final CompletableFuture<Void> stopped = new CompletableFuture<>();
        final SentOnLink sent = new SentOnLink();
        volatile boolean isReady;
        volatile boolean stopping;

        /** @param seq the subscription's number on this client: its DDP id and its place when re-sent */
        SubscriptionImpl(long seq, String name, JsonArray params) {
            this.id = "s" + seq;
            this.seq = seq;
            this.name = name;
            this.params = params == null ? JsonValue.EMPTY_JSON_ARRAY : params;
        }

        /** True when it should go out on this link: not stopped and not yet sent on it. */
        boolean markSent(int gen) {
            return !stopping && sent.mark(gen);
        }

        @Override
        public String id() {
            return id;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public JsonArray params() {
            return params;
        }

        @Override
        public CompletionStage<Void> ready() {
            return ready.minimalCompletionStage();
        }

        @Override
        public boolean isReady() {
            return isReady;
        }

        @Override
        public CompletionStage<Void> stop() {
            if (!stopping) {
                stopping = true;
                Link l = session.readyLink();
                if (l != null && sent.gen() == l.gen) {
                    l.send(DdpFrames.unsub(id));
                } else {
                    subs.remove(id);
                    stopped.complete(null);
                }
                if (!ready.isDone()) {
                    ready.completeExceptionally(stoppedBeforeReady(name));
                }
            }
            return stopped.minimalCompletionStage();
        }

        @Override
        public String toString() {
            return "Subscription[" + id + " " + name + (isReady ? " ready" : "") + (stopping ? " stopped" : "") + "]";
        }
    }
}
