package io.github.meteorjob.server.ddp;

import jakarta.json.JsonObject;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The ordered outbound queue of one {@link DdpConnection}: frames leave in the order they were
 * queued, one at a time on the worker pool, and a client that does not read them is closed instead
 * of growing the heap.
 */
final class Outbox {

    private static final System.Logger LOG = System.getLogger(DdpConnection.class.getName());

    private final DdpConnection connection;
    private final DdpServer server;
    private final Session session;
    /** Speaks SockJS framing ({@link SockJs}) instead of bare DDP frames. */
    private final boolean sockJs;
    private final SerialExecutor sender;
    private final Queue<String> outgoing = new ConcurrentLinkedQueue<>();
    private final AtomicLong outgoingBytes = new AtomicLong();
    private volatile long lastSentNanos = System.nanoTime();

    Outbox(DdpConnection connection, DdpServer server, Session session, boolean sockJs) {
        this.connection = connection;
        this.server = server;
        this.session = session;
        this.sockJs = sockJs;
        this.sender = new SerialExecutor(server.workers());
    }

    void send(JsonObject msg) {
        // defence in depth: input is cleaned, but a handler might still produce a lone surrogate
        sendRaw(Utf16.escapeLone(msg.toString()));
    }

    /** Sends a DDP message already in its wire form. */
    void sendRaw(String text) {
        enqueue(sockJs ? SockJs.message(text) : text);
    }

    /** Runs {@code task} after every frame queued so far has been sent. */
    void afterQueued(Runnable task) {
        sender.execute(task);
    }

    boolean isEmpty() {
        return outgoing.isEmpty();
    }

    long lastSentNanos() {
        return lastSentNanos;
    }

    /** Queues a frame as it goes on the wire. */
    void enqueue(String text) {
        if (connection.isClosed()) {
            return;
        }
        lastSentNanos = System.nanoTime();
        long size = text.length();
        long queued = outgoingBytes.addAndGet(size);
        long bound = server.options().maxQueuedBytes();
        if (queued > bound && queued != size) {
            // a client that does not read must not grow the heap; one large message alone may pass
            outgoingBytes.addAndGet(-size);
            LOG.log(System.Logger.Level.DEBUG, "connection {0} does not read its messages; closing", connection.sessionId());
            outgoing.clear();
            connection.close(CloseReason.CloseCodes.VIOLATED_POLICY, "client does not read its messages (limit " + bound + ")");
            return;
        }
        server.queued(queued);
        outgoing.add(text);
        sender.execute(this::flush);
    }

    private void flush() {
        String text;
        while ((text = outgoing.poll()) != null) {
            outgoingBytes.addAndGet(-text.length());
            if (connection.isClosed() || !session.isOpen()) {
                outgoing.clear();
                return;
            }
            try {
                // bounded wait: a client that stops reading stalls the socket, and then the server stops
                // reading its frames too, so the queue alone would never notice it
                session.getAsyncRemote().sendText(text).get(server.options().heartbeatTimeout().toMillis(),
                        TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                LOG.log(System.Logger.Level.DEBUG, "connection {0} does not read its messages; closing", connection.sessionId());
                outgoing.clear();
                connection.close(CloseReason.CloseCodes.VIOLATED_POLICY, "client does not read its messages");
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                outgoing.clear();
                connection.close(CloseReason.CloseCodes.GOING_AWAY, "server shutting down");
                return;
            } catch (ExecutionException | RuntimeException | Error e) {
                // Tyrus throws java.lang.Error for text it cannot encode: never drop a reply silently
                LOG.log(e instanceof Error ? System.Logger.Level.WARNING : System.Logger.Level.DEBUG,
                        "send failed on connection " + connection.sessionId() + "; closing it", e);
                outgoing.clear();
                connection.close(CloseReason.CloseCodes.CLOSED_ABNORMALLY, "send failed");
                return;
            }
        }
    }
}
