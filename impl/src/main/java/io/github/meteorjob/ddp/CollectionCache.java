package io.github.meteorjob.ddp;

import io.github.meteorjob.ejson.Ejson;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;

import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** The local copy of one collection. Written by the reader thread only; read from anywhere. */
final class CollectionCache implements DocumentCache {

    private static final System.Logger LOG = System.getLogger(CollectionCache.class.getName());

    private final String name;
    private final ConcurrentHashMap<String, JsonObject> docs = new ConcurrentHashMap<>();
    /** Documents not seen again since a reconnect; removed when the resync ends. */
    private final Set<String> stale = ConcurrentHashMap.newKeySet();
    private final CopyOnWriteArrayList<DocumentListener> docListeners = new CopyOnWriteArrayList<>();

    CollectionCache(String name) {
        this.name = name;
    }

    void added(String id, JsonObject fields) {
        Objects.requireNonNull(id, "id");
        stale.remove(id);
        docs.put(id, fields);
        tell(dl -> dl.added(name, id, fields));
    }

    void changed(String id, JsonObject fields, List<String> cleared) {
        Objects.requireNonNull(id, "id");
        JsonObject old = docs.get(id);
        JsonObjectBuilder b = old == null ? Ejson.builders().createObjectBuilder()
                : Ejson.builders().createObjectBuilder(old);
        for (Map.Entry<String, JsonValue> e : fields.entrySet()) {
            b.add(e.getKey(), e.getValue());
        }
        for (String c : cleared) {
            b.remove(c);
        }
        docs.put(id, b.build());
        tell(dl -> dl.changed(name, id, fields, cleared));
    }

    void removed(String id) {
        Objects.requireNonNull(id, "id");
        if (docs.remove(id) == null) {
            return;
        }
        tell(dl -> dl.removed(name, id));
    }

    /** A reconnect begins: every document is stale until the server sends it again. */
    void markAllStale() {
        stale.clear();
        stale.addAll(docs.keySet());
    }

    /** The resync ended: documents the server did not send again are gone. */
    void removeStale() {
        for (String id : List.copyOf(stale)) {
            stale.remove(id);
            removed(id);
        }
    }

    private void tell(Consumer<DocumentListener> event) {
        for (DocumentListener dl : docListeners) {
            try {
                event.accept(dl);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "document listener failed: {0}", e.toString());
            }
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Optional<JsonObject> get(String id) {
        return Optional.ofNullable(docs.get(id));
    }

    @Override
    public Map<String, JsonObject> snapshot() {
        return Map.copyOf(docs);
    }

    @Override
    public int size() {
        return docs.size();
    }

    @Override
    public AutoCloseable addListener(DocumentListener listener) {
        Objects.requireNonNull(listener, "listener");
        docListeners.add(listener);
        return () -> docListeners.remove(listener);
    }
}
