package io.github.meteorjob.ddp;

import io.github.meteorjob.wire.MeteorErrors;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The method calls awaiting their {@code result} (and, when asked, their {@code updated} notice):
 * sends them when a link is ready, re-sends idempotent ones on the next link, fails the others when
 * their link drops, and fails calls past their timeout.
 */
final class PendingCalls {

    private static final System.Logger LOG = System.getLogger(PendingCalls.class.getName());
    private static final long SWEEP_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    /**
     * Debug option {@code -Dio.github.meteorjob.ddp.callSites=true}: every call records where it was made and its
     * failures carry that stack as a suppressed {@link CallSite}. Off by default: taking a stack trace per call
     * costs microseconds on the hot path (see docs/benchmarks.md).
     */
    static boolean recordCallSites = Boolean.getBoolean("io.github.meteorjob.ddp.callSites");

    private final Session session;
    private final Counters counters;
    private final ConnectionEvents events;
    private final Duration defaultTimeout;
    private final AtomicLong callIds = new AtomicLong();
    private final ConcurrentHashMap<String, Call> calls = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Call> awaitingUpdated = new ConcurrentHashMap<>();
    private final AtomicBoolean sweeping = new AtomicBoolean();

    /** Without listeners (the frame-reading tests and benchmarks build one alone). */
    PendingCalls(Session session, Counters counters, Duration defaultTimeout) {
        this(session, counters, new ConnectionEvents(), defaultTimeout);
    }

    PendingCalls(Session session, Counters counters, ConnectionEvents events, Duration defaultTimeout) {
        this.session = session;
        this.counters = counters;
        this.events = events;
        this.defaultTimeout = defaultTimeout;
    }

    /** Registers a call and sends it now when a link is ready, else when one is. */
    Call start(String method, JsonArray params, CallOptions callOptions, boolean trackUpdated) {
        if (method == null || method.isEmpty()) {
            throw new IllegalArgumentException("method name must not be empty");
        }
        CallOptions o = callOptions == null ? CallOptions.DEFAULT : callOptions;
        JsonArray p = params == null ? JsonValue.EMPTY_JSON_ARRAY : params;
        String id = Long.toString(callIds.incrementAndGet());
        Call c = Call.of(id, method, DdpFrames.method(id, method, p), o.idempotent(), false,
                o.timeout() == null ? defaultTimeout : o.timeout(), trackUpdated);
        if (trackUpdated) {
            c.result.whenComplete((r, e) -> {
                if (e != null && awaitingUpdated.remove(id, c)) {
                    c.updated.completeExceptionally(e);
                }
            });
            awaitingUpdated.put(id, c);
        }
        if (session.isClosed()) {
            fail(c, new DdpConnectionLostException(method, null, "the client is closed", null));
            return c;
        }
        register(c);
        Link l = session.readyLink();
        if (l != null) {
            trySend(l, c);
        }
        return c;
    }

    /**
     * Sends a call of the session itself (login) on this link, before the link is ready for
     * the application's calls; it is never re-sent on another link.
     */
    CompletionStage<JsonValue> startInternal(Link l, String method, JsonArray params) {
        String id = Long.toString(callIds.incrementAndGet());
        Call c = Call.of(id, method, DdpFrames.method(id, method, params), false, true, defaultTimeout, false);
        register(c);
        if (c.sent.mark(l.gen)) {
            l.send(c.frame);
            counters.callsSent.increment();
        }
        return c.result;
    }

    private void register(Call c) {
        calls.put(c.id, c);
        if (!sweeping.get() && sweeping.compareAndSet(false, true)) {
            DdpRuntime.TIMER.schedule(this::sweepTimeouts, SWEEP_NANOS, TimeUnit.NANOSECONDS);
        }
    }

    /**
     * Fails calls past their deadline. One sweep every 10 ms while calls are outstanding replaces a
     * timer task per call (scheduling and cancelling those took a third of the call path);
     * timeouts therefore fire up to 10 ms late.
     */
    private void sweepTimeouts() {
        long now = System.nanoTime();
        for (Call c : calls.values()) {
            if (now - c.deadline() >= 0 && calls.remove(c.id, c)) {
                counters.timeouts.increment();
                fail(c, new DdpTimeoutException(c.method, c.id, c.timeout));
            }
        }
        if (calls.isEmpty()) {
            sweeping.set(false);
            // a call registered between the check and the reset saw the flag set: re-check
            if (calls.isEmpty() || !sweeping.compareAndSet(false, true)) {
                return;
            }
        }
        DdpRuntime.TIMER.schedule(this::sweepTimeouts, SWEEP_NANOS, TimeUnit.NANOSECONDS);
    }

    private void trySend(Link l, Call c) {
        if (c.sent.mark(l.gen)) {
            counters.callsSent.increment();
            l.send(c.frame);
        }
    }

    /** The link is ready: sends the application's calls not yet sent on it, in the order they were made. */
    void flush(Link l) {
        List<Call> pending = new ArrayList<>(calls.values());
        pending.sort(Comparator.comparingLong(c -> c.seq));
        for (Call c : pending) {
            if (!c.internal) {
                trySend(l, c);
            }
        }
    }

    /**
     * The link dropped: calls in flight on it that may not run twice fail (idempotent ones wait for
     * the next link), and calls whose result already came count as updated (the subscriptions
     * re-send the data).
     */
    void linkLost(Link l, Throwable cause) {
        for (Call c : calls.values()) {
            if (c.sent.gen() == l.gen && (c.internal || !c.idempotent) && calls.remove(c.id, c)) {
                fail(c, new DdpConnectionLostException(c.method, c.id,
                        Failures.describe(cause), cause));
            }
        }
        for (Map.Entry<String, Call> e : awaitingUpdated.entrySet()) {
            if (!calls.containsKey(e.getKey()) && awaitingUpdated.remove(e.getKey(), e.getValue())) {
                e.getValue().updated.complete(null);
            }
        }
    }

    /** The client closed: every outstanding call fails. */
    void closed(String why, Throwable cause) {
        for (Call c : calls.values()) {
            if (calls.remove(c.id, c)) {
                fail(c, new DdpConnectionLostException(c.method,
                        c.sent.gen() == 0 ? null : c.id, why, cause));
            }
        }
        for (Call c : awaitingUpdated.values()) {
            c.updated.complete(null);
        }
        awaitingUpdated.clear();
    }

    /** A {@code result} frame. */
    void onResult(JsonObject f) {
        onResult(((JsonString) f.get("id")).getString(), f.get("result"), f.get("error"));
    }

    /**
     * A {@code result} frame, already taken apart (see {@link HotFrames}).
     *
     * @param result the {@code result} member, null when absent
     * @param err    the {@code error} member, null when absent
     */
    void onResult(String id, JsonValue result, JsonValue err) {
        Call c = calls.remove(id);
        if (c == null) {
            counters.unknownResultIds.increment();
            LOG.log(Level.DEBUG, "result for unknown call id {0}", id);
            return;
        }
        if (err != null && err.getValueType() != JsonValue.ValueType.NULL) {
            counters.errors.increment();
            fail(c, MeteorErrors.fromJson(err));
        } else {
            counters.results.increment();
            ended(c, null);
            c.result.complete(result == null ? JsonValue.NULL : result);
        }
    }

    private void fail(Call c, Throwable failure) {
        ended(c, failure);
        c.fail(failure);
    }

    /**
     * Tells the listeners that a call ended, before its stage completes, so that whoever waits for the stage finds
     * the call already counted.
     */
    private void ended(Call c, Throwable failure) {
        if (events.isEmpty()) {
            return;
        }
        long nanos = System.nanoTime() - c.made;
        events.fire(l -> l.callCompleted(c.method, nanos, failure));
    }

    /** An {@code updated} frame. */
    void onUpdated(JsonObject f) {
        JsonValue methods = f.get("methods");
        if (!(methods instanceof JsonArray a) || !awaitsUpdated()) {
            return;
        }
        for (JsonValue v : a) {
            if (v instanceof JsonString s) {
                onUpdated(s.getString());
            }
        }
    }

    /** Whether any call waits for its {@code updated} notice (when none does, the frame can be skipped). */
    boolean awaitsUpdated() {
        return !awaitingUpdated.isEmpty();
    }

    /** One method id of an {@code updated} frame. */
    void onUpdated(String methodId) {
        Call c = awaitingUpdated.remove(methodId);
        if (c != null) {
            c.updated.complete(null);
        }
    }

    /**
     * One outstanding method call: what was sent and the stages it completes. {@code updated} is {@code null}
     * unless the caller asked for the {@code updated} notice; {@code made} (System.nanoTime()) starts both its
     * timeout and its measured duration; {@code site} is where the call was made, when {@link #recordCallSites}
     * is on.
     *
     * @param internal a call of the session itself (login): bound to the link it was sent on
     */
    record Call(String id, long seq, String method, String frame, boolean idempotent, boolean internal,
                Duration timeout, CompletableFuture<JsonValue> result, CompletableFuture<Void> updated,
                SentOnLink sent, CallSite site, long made) implements DdpCall {

        static Call of(String id, String method, String frame, boolean idempotent, boolean internal,
                       Duration timeout, boolean trackUpdated) {
            return new Call(id, Long.parseLong(id), method, frame, idempotent, internal, timeout,
                    new CompletableFuture<>(), trackUpdated ? new CompletableFuture<>() : null, new SentOnLink(),
                    recordCallSites ? new CallSite(method, Thread.currentThread()) : null, System.nanoTime());
        }

        /** System.nanoTime() past which the call has timed out. */
        long deadline() {
            return made + timeout.toNanos();
        }

        /** Fails the call; the failure carries the call site when one was recorded. */
        void fail(Throwable failure) {
            if (site != null) {
                failure.addSuppressed(site);
            }
            result.completeExceptionally(failure);
        }
    }

    /** Where a call that failed was made (debug option {@link #recordCallSites}). */
    static final class CallSite extends RuntimeException {
        private static final long serialVersionUID = 1L;

        CallSite(String method, Thread caller) {
            super("call of method '" + method + "' made on thread " + caller.getName());
        }
    }
}
