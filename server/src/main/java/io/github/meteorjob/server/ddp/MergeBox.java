package io.github.meteorjob.server.ddp;

import static io.github.meteorjob.server.ddp.JsonSupport.JSON;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;

import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Meteor's per-connection merge box: what the client has been sent, per collection and
 * document, as the union of what every subscription published. A document shared by two
 * subscriptions is {@code added} once and {@code removed} when the last one drops it; a field
 * set by several subscriptions shows the value of the one that set it first.
 */
final class MergeBox {

    private record Key(String collection, String id) {
    }

    /** One document as the subscriptions see it; insertion order of subscriptions decides precedence. */
    private static final class DocView {
        final LinkedHashMap<Object, Map<String, JsonValue>> bySubscription = new LinkedHashMap<>();

        Map<String, JsonValue> visible() {
            Map<String, JsonValue> merged = new LinkedHashMap<>();
            for (Map<String, JsonValue> fields : bySubscription.values()) {
                fields.forEach(merged::putIfAbsent);
            }
            return merged;
        }
    }

    private final Map<Key, DocView> docs = new HashMap<>();
    private final Map<Object, Set<Key>> docsOfSubscription = new HashMap<>();
    private final Consumer<JsonObject> out;

    MergeBox(Consumer<JsonObject> out) {
        this.out = out;
    }

    /** Sends a message that is not about documents (a subscription's {@code ready}) on the same output. */
    void send(JsonObject message) {
        out.accept(message);
    }

    synchronized void added(Object subscription, String collection, String id, JsonObject fields) {
        Key key = new Key(collection, id);
        DocView view = docs.get(key);
        boolean isNew = view == null;
        if (isNew) {
            view = new DocView();
            docs.put(key, view);
        }
        Map<String, JsonValue> before = isNew ? Map.of() : view.visible();
        Map<String, JsonValue> mine = view.bySubscription.computeIfAbsent(subscription, s -> new LinkedHashMap<>());
        fields.forEach((name, value) -> {
            if (!"_id".equals(name)) {
                mine.put(name, value);
            }
        });
        docsOfSubscription.computeIfAbsent(subscription, s -> new LinkedHashSet<>()).add(key);
        if (isNew) {
            JsonObjectBuilder f = JSON.createObjectBuilder();
            view.visible().forEach(f::add);
            out.accept(JSON.createObjectBuilder().add("msg", "added").add("collection", collection)
                    .add("id", id).add("fields", f).build());
        } else {
            sendDiff(key, before, view.visible());
        }
    }

    synchronized void changed(Object subscription, String collection, String id, JsonObject fields,
                              Collection<String> cleared) {
        Key key = new Key(collection, id);
        DocView view = docs.get(key);
        Map<String, JsonValue> mine = view == null ? null : view.bySubscription.get(subscription);
        if (mine == null) {
            return; // the subscription never added this document: nothing the client knows to change
        }
        Map<String, JsonValue> before = view.visible();
        if (fields != null) {
            fields.forEach((name, value) -> {
                if (!"_id".equals(name)) {
                    mine.put(name, value);
                }
            });
        }
        if (cleared != null) {
            cleared.forEach(mine::remove);
        }
        sendDiff(key, before, view.visible());
    }

    synchronized void removed(Object subscription, String collection, String id) {
        Key key = new Key(collection, id);
        Set<Key> mineKeys = docsOfSubscription.get(subscription);
        if (mineKeys != null) {
            mineKeys.remove(key);
        }
        removeInternal(subscription, key);
    }

    /** Drops everything a stopped subscription published. */
    synchronized void removeAll(Object subscription) {
        Set<Key> keys = docsOfSubscription.remove(subscription);
        if (keys != null) {
            for (Key key : keys) {
                removeInternal(subscription, key);
            }
        }
    }

    /** Number of documents the client currently holds (for tests and stats). */
    synchronized int size() {
        return docs.size();
    }

    private void removeInternal(Object subscription, Key key) {
        DocView view = docs.get(key);
        if (view == null || !view.bySubscription.containsKey(subscription)) {
            return;
        }
        Map<String, JsonValue> before = view.visible();
        view.bySubscription.remove(subscription);
        if (view.bySubscription.isEmpty()) {
            docs.remove(key);
            out.accept(JSON.createObjectBuilder().add("msg", "removed").add("collection", key.collection())
                    .add("id", key.id()).build());
        } else {
            sendDiff(key, before, view.visible());
        }
    }

    private void sendDiff(Key key, Map<String, JsonValue> before, Map<String, JsonValue> after) {
        FieldDiff diff = FieldDiff.between(before, after);
        if (diff.isEmpty()) {
            return;
        }
        JsonObjectBuilder msg = JSON.createObjectBuilder().add("msg", "changed")
                .add("collection", key.collection()).add("id", key.id());
        if (!diff.fields().isEmpty()) {
            msg.add("fields", diff.fields());
        }
        if (!diff.cleared().isEmpty()) {
            JsonArrayBuilder c = JSON.createArrayBuilder();
            diff.cleared().forEach(c::add);
            msg.add("cleared", c);
        }
        out.accept(msg.build());
    }
}
