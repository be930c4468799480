package io.github.meteorjob.ddp;

import io.github.meteorjob.ejson.Ejson;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.lang.System.Logger.Level;

/**
 * Reads the frames of a link on the container's reader thread, one at a time: drops oversized and
 * malformed ones (logged and counted, never thrown), and hands each message to the part of the
 * client it is for.
 */
final class IncomingFrames {

    private static final System.Logger LOG = System.getLogger(IncomingFrames.class.getName());

    private final DdpClientOptions options;
    private final Counters counters;
    private final PendingCalls calls;
    private final Subscriptions subs;
    private final Heartbeat heartbeat;
    private final VersionNegotiation versions;
    private final HotFrames hot;

    IncomingFrames(DdpClientOptions options, Counters counters, PendingCalls calls, Subscriptions subs,
                   Heartbeat heartbeat, VersionNegotiation versions) {
        this.options = options;
        this.counters = counters;
        this.calls = calls;
        this.subs = subs;
        this.heartbeat = heartbeat;
        this.versions = versions;
        this.hot = new HotFrames(calls);
    }

    void onText(Link l, String text) {
        Heartbeat.received(l);
        if (text.length() > options.maxFrameSize()) {
            counters.oversizedFrames.increment();
            LOG.log(Level.WARNING, "dropped a frame of {0} characters from {1} (limit {2})", text.length(),
                    options.url(), options.maxFrameSize());
            return;
        }
        try {
            if (hot.read(text) == HotFrames.Outcome.HANDLED) {
                return;
            }
        } catch (RuntimeException e) {
            // not JSON, or a result frame without a string id, or content the call's handling rejects
            counters.malformedFrames.increment();
            LOG.log(Level.WARNING, "ignored a malformed frame from {0}: {1}", options.url(), e.toString());
            return;
        }
        JsonObject f;
        try {
            JsonValue v = Ejson.parse(text);
            if (!(v instanceof JsonObject o)) {
                counters.malformedFrames.increment();
                LOG.log(Level.WARNING, "ignored a frame that is not a JSON object ({0})", v.getValueType());
                return;
            }
            f = o;
        } catch (IllegalArgumentException e) {
            counters.malformedFrames.increment();
            LOG.log(Level.WARNING, "ignored a malformed frame from {0}: {1}", options.url(), e.getMessage());
            return;
        }
        try {
            dispatch(l, f);
        } catch (RuntimeException e) {
            counters.malformedFrames.increment();
            LOG.log(Level.WARNING, "ignored a frame with unexpected content ({0})", e.toString());
            LOG.log(Level.DEBUG, "the frame was: {0}", Ejson.stringify(f));
        }
    }

    private void dispatch(Link l, JsonObject f) {
        JsonValue m = f.get("msg");
        if (!(m instanceof JsonString ms)) {
            if (m == null) {
                return; // e.g. {"server_id":"0"}: DDP says ignore
            }
            counters.malformedFrames.increment();
            LOG.log(Level.WARNING, "ignored a frame whose msg is not a string");
            return;
        }
        switch (ms.getString()) {
            case "result" -> calls.onResult(f);
            case "updated" -> calls.onUpdated(f);
            case "added", "addedBefore" -> subs.onAdded(f);
            case "changed" -> subs.onChanged(f);
            case "removed" -> subs.onRemoved(f);
            case "movedBefore" -> {
                // ordered collections: the cache is unordered, nothing to do
            }
            case "ready" -> subs.onReady(f);
            case "nosub" -> subs.onNosub(f);
            case "ping" -> heartbeat.onPing(l, f);
            case "pong" -> heartbeat.onPong(f);
            case "connected" -> l.handshake.complete(f.getString("session", ""));
            case "failed" -> versions.onFailed(l, f);
            case "error" -> LOG.log(Level.WARNING, "server {0} reported a bad message: {1}", options.url(),
                    f.getString("reason", "(no reason)"));
            default -> {
                counters.unknownMessages.increment();
                LOG.log(Level.DEBUG, "ignored unknown DDP message {0}", ms.getString());
            }
        }
    }
}
