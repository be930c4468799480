package io.github.meteorjob.server.ddp;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import static io.github.meteorjob.server.ddp.JsonSupport.JSON;

/**
 * One subscription of a {@link DdpConnection}: what its publication adds, changes and removes
 * goes through the connection's merge box; once stopped, nothing more does and the publication's
 * stop callbacks run.
 */
final class DdpSubscription implements PublicationContext {

    private static final System.Logger LOG = System.getLogger(DdpConnection.class.getName());

    private final Request request;
    private final MethodInvocation invocation;
    private final MergeBox mergeBox;
    private final AtomicBoolean stopped = new AtomicBoolean();
    private final AtomicBoolean readySent = new AtomicBoolean();
    private final List<Runnable> onStop = new CopyOnWriteArrayList<>();

    /** What the client's {@code sub} message asked for: the subscription's id, the publication and its arguments. */
    record Request(String id, String name, JsonArray params) {
    }

    DdpSubscription(Request request, MethodInvocation invocation, MergeBox mergeBox) {
        this.request = request;
        this.invocation = invocation;
        this.mergeBox = mergeBox;
    }

    Request request() {
        return request;
    }

    /** The same subscription for another caller (Meteor's {@code _recreate}, used when the user changes). */
    DdpSubscription recreate(MethodInvocation caller) {
        return new DdpSubscription(request, caller, mergeBox);
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
            mergeBox.send(JSON.createObjectBuilder().add("msg", "ready")
                    .add("subs", JSON.createArrayBuilder().add(request.id())).build());
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
                    LOG.log(System.Logger.Level.WARNING, "onStop callback of subscription " + request.id() + " failed", e);
                }
            }
        }
    }
}
