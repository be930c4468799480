package io.github.meteorjob.server.ddp;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import static io.github.meteorjob.server.ddp.JsonSupport.JSON;

/**
 * One subscription of a {@link DdpConnection}: what its publication adds, changes and removes
 * goes through the connection's merge box; once stopped, nothing more does and the publication's
 * stop callbacks run.
 */
final class DdpSubscription implements PublicationContext {

    private static final System.Logger LOG = System.getLogger(DdpConnection.class.getName());

    private final String id;
    private final String name;
    private final JsonArray params;
    private final MethodInvocation invocation;
    private final Set<String> levels;
    private final MergeBox mergeBox;
    private final Consumer<JsonObject> send;
    private final AtomicBoolean stopped = new AtomicBoolean();
    private final AtomicBoolean readySent = new AtomicBoolean();
    private final List<Runnable> onStop = new CopyOnWriteArrayList<>();

    DdpSubscription(String id, String name, JsonArray params, MethodInvocation invocation, Set<String> levels,
                    MergeBox mergeBox, Consumer<JsonObject> send) {
        this.id = id;
        this.name = name;
        this.params = params;
        this.invocation = invocation;
        this.levels = levels;
        this.mergeBox = mergeBox;
        this.send = send;
    }

    String id() {
        return id;
    }

    String name() {
        return name;
    }

    JsonArray params() {
        return params;
    }

    /** The same subscription for another caller (Meteor's {@code _recreate}, used when the user changes). */
    DdpSubscription recreate(MethodInvocation caller) {
        return new DdpSubscription(id, name, params, caller, levels, mergeBox, send);
    }

    /** The levels that may see this subscription's publication. */
    Set<String> levels() {
        return levels;
    }

    @Override
    public MethodInvocation invocation() {
        return invocation;
    }

    @Override
    public void added(String collection, String docId, JsonObject fields) {
        synchronized (mergeBox) { // so a concurrent stop() cannot leave this document behind
            if (!stopped.get()) {
                mergeBox.added(this, collection, docId, fields == null ? JsonValue.EMPTY_JSON_OBJECT : fields);
            }
        }
    }

    @Override
    public void changed(String collection, String docId, JsonObject fields, Collection<String> cleared) {
        synchronized (mergeBox) { // so a concurrent stop() cannot leave this document behind
            if (!stopped.get()) {
                mergeBox.changed(this, collection, docId, fields, cleared);
            }
        }
    }

    @Override
    public void removed(String collection, String docId) {
        synchronized (mergeBox) { // so a concurrent stop() cannot leave this document behind
            if (!stopped.get()) {
                mergeBox.removed(this, collection, docId);
            }
        }
    }

    @Override
    public void ready() {
        if (!stopped.get() && readySent.compareAndSet(false, true)) {
            send.accept(JSON.createObjectBuilder().add("msg", "ready")
                    .add("subs", JSON.createArrayBuilder().add(id)).build());
        }
    }

    @Override
    public void onStop(Runnable callback) {
        onStop.add(callback);
        if (stopped.get() && onStop.remove(callback)) {
            callback.run();
        }
    }

    @Override
    public boolean isStopped() {
        return stopped.get();
    }

    /** Stops for good: withdraws this subscription's documents and runs the stop callbacks once. */
    void stop() {
        synchronized (mergeBox) {
            if (!stopped.compareAndSet(false, true)) {
                return;
            }
            mergeBox.removeAll(this);
        }
        for (Runnable callback : onStop) {
            if (onStop.remove(callback)) {
                try {
                    callback.run();
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.WARNING, "onStop callback of subscription " + id + " failed", e);
                }
            }
        }
    }
}
