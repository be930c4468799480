package io.github.meteorjob.ddp;

import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;

/**
 * One WebSocket connection (a "generation"): the endpoint the container calls, and a lock-free
 * queue of outgoing frames drained by one sender at a time through the asynchronous remote, so
 * sending never blocks the caller. Replaced by a new link on every reconnect.
 */
final class Link extends Endpoint {

    private static final System.Logger LOG = System.getLogger(Link.class.getName());

    /** Generation number; calls and subscriptions remember on which link they were sent. */
    final int gen;
    /** Completes with the DDP session id on {@code connected}, fails when the attempt fails. */
    final CompletableFuture<String> handshake = new CompletableFuture<>();
    final AtomicBoolean dead = new AtomicBoolean();
    /** Login done and subscriptions re-sent: calls and subscriptions may go out directly. */
    volatile boolean appReady;
    volatile long lastReceived = System.nanoTime();
    /** System.nanoTime() of the unanswered heartbeat ping, 0 when none is outstanding. */
    volatile long pingSentAt;
    volatile ScheduledFuture<?> heartbeat;

    private final int bufferLimit;
    private final String connectFrame;
    private final BiConsumer<Link, String> onText;
    private final BiConsumer<Link, Throwable> onClosed;
    private final ConcurrentLinkedQueue<String> out = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean sending = new AtomicBoolean();
    private volatile Session session;
    private volatile RemoteEndpoint.Async remote;

    /**
     * @param connectFrame the DDP {@code connect} frame sent when the socket opens
     * @param onText       receives every text frame on the container's reader thread
     * @param onClosed     told when the socket closes or fails (possibly more than once)
     */
    Link(int gen, int bufferLimit, String connectFrame, BiConsumer<Link, String> onText,
         BiConsumer<Link, Throwable> onClosed) {
        this.gen = gen;
        this.bufferLimit = bufferLimit;
        this.connectFrame = connectFrame;
        this.onText = onText;
        this.onClosed = onClosed;
    }

    @Override
    public void onOpen(Session s, EndpointConfig config) {
        session = s;
        s.setMaxTextMessageBufferSize(bufferLimit);
        s.setMaxIdleTimeout(0);
        remote = s.getAsyncRemote();
        s.addMessageHandler(String.class, (MessageHandler.Whole<String>) text -> {
            try {
                onText.accept(this, text);
            } catch (RuntimeException e) {
                // never throw into the container's reader
                LOG.log(Level.WARNING, "unexpected failure handling a frame: {0}", e.toString());
            }
        });
        if (dead.get()) {
            closeQuietly(s, CloseReason.CloseCodes.GOING_AWAY, "attempt abandoned");
            return;
        }
        send(connectFrame);
    }

    @Override
    public void onClose(Session s, CloseReason reason) {
        onClosed.accept(this, new IOException("WebSocket closed: " + reason.getCloseCode().getCode()
                + (reason.getReasonPhrase() == null || reason.getReasonPhrase().isEmpty() ? ""
                : " " + reason.getReasonPhrase())));
    }

    @Override
    public void onError(Session s, Throwable thr) {
        onClosed.accept(this, thr);
    }

    /** Marks the link dead (once) and closes its socket; false when it already was. */
    boolean kill() {
        if (!dead.compareAndSet(false, true)) {
            return false;
        }
        appReady = false;
        ScheduledFuture<?> h = heartbeat;
        if (h != null) {
            h.cancel(false);
        }
        Session s = session;
        if (s != null) {
            closeQuietly(s, CloseReason.CloseCodes.GOING_AWAY, "link closed by client");
        }
        out.clear();
        return true;
    }

    /** Queues a frame; one sender at a time drains the queue through the async remote. */
    void send(String frame) {
        if (dead.get()) {
            return;
        }
        out.offer(frame);
        drain();
    }

    private void drain() {
        while (true) {
            if (!sending.compareAndSet(false, true)) {
                return;
            }
            String f = out.poll();
            if (f == null) {
                sending.set(false);
                if (out.isEmpty()) {
                    return;
                }
                continue;
            }
            RemoteEndpoint.Async r = remote;
            if (r == null || dead.get()) {
                sending.set(false);
                return;
            }
            Sent s = new Sent();
            try {
                r.sendText(f, s);
            } catch (RuntimeException e) {
                sending.set(false);
                onClosed.accept(this, e);
                return;
            }
            if (s.handOff.compareAndSet(false, true)) {
                return; // the completion will continue draining
            }
            // completed synchronously: keep draining on this thread (no recursion)
            sending.set(false);
        }
    }

    static void closeQuietly(Session s, CloseReason.CloseCodes code, String reason) {
        try {
            if (s.isOpen()) {
                s.close(new CloseReason(code, reason));
            }
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.DEBUG, "closing a WebSocket failed: {0}", e.toString());
        }
    }

    /** Completion of one send; whichever of sender and completion comes second continues. */
    private final class Sent implements SendHandler {
        final AtomicBoolean handOff = new AtomicBoolean();

        @Override
        public void onResult(SendResult result) {
            if (!result.isOK()) {
                LOG.log(Level.DEBUG, "sending a frame failed: {0}", String.valueOf(result.getException()));
                sending.set(false);
                onClosed.accept(Link.this, result.getException() == null
                        ? new IOException("send failed") : result.getException());
                return;
            }
            if (!handOff.compareAndSet(false, true)) {
                sending.set(false);
                drain();
            }
        }
    }
}
