package io.github.meteorjob.server.fuzz;

import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import org.glassfish.tyrus.client.ClientManager;

import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A WebSocket client that sends any text or bytes and keeps every frame the server sends, raw and
 * in arrival order; it interprets nothing, so it can see exactly what the server answered.
 */
final class FuzzClient implements AutoCloseable {

    private final ClientManager manager;
    private final Session session;
    private final List<String> received = new ArrayList<>();
    private final List<String> oddities = new ArrayList<>();
    private final CompletableFuture<CloseReason> closed = new CompletableFuture<>();

    private FuzzClient(ClientManager manager, URI uri) throws Exception {
        this.manager = manager;
        CompletableFuture<Void> opened = new CompletableFuture<>();
        Endpoint endpoint = new Endpoint() {
            @Override
            public void onOpen(Session s, EndpointConfig config) {
                s.setMaxTextMessageBufferSize(256 * 1024 * 1024);
                s.addMessageHandler(String.class, (MessageHandler.Whole<String>) text -> {
                    synchronized (received) {
                        received.add(text);
                        received.notifyAll();
                    }
                });
                s.addMessageHandler(ByteBuffer.class, (MessageHandler.Whole<ByteBuffer>) bytes -> {
                    synchronized (received) {
                        oddities.add("the server sent a binary frame of " + bytes.remaining() + " bytes");
                        received.notifyAll();
                    }
                });
                opened.complete(null);
            }

            @Override
            public void onClose(Session s, CloseReason reason) {
                closed.complete(reason);
                synchronized (received) {
                    received.notifyAll();
                }
            }

            @Override
            public void onError(Session s, Throwable t) {
                synchronized (received) {
                    oddities.add("client error: " + t);
                    received.notifyAll();
                }
            }
        };
        this.session = manager.connectToServer(endpoint, ClientEndpointConfig.Builder.create().build(), uri);
        opened.get(10, TimeUnit.SECONDS);
    }

    /**
     * Connects with a client manager of its own, shut down on {@link #close()}. Never one manager for
     * several connections: Tyrus shuts a manager's executors down when its last session closes, and a
     * connection opened at that moment gets the terminated executor; its handshake then fails on the
     * client side (RejectedExecutionException in GrizzlyClientFilter) and surfaces 30 s later as
     * "Handshake response not received" (Tyrus issue #640). That was the fuzzer's unanswered handshake.
     */
    static FuzzClient open(java.util.function.Supplier<ClientManager> managers, String url) throws Exception {
        ClientManager manager = managers.get();
        try {
            return new FuzzClient(manager, URI.create(url));
        } catch (Exception | Error e) {
            manager.shutdown();
            throw e;
        }
    }

    /** Sends a text frame; false when the socket is already gone. */
    boolean sendText(String text) {
        try {
            session.getBasicRemote().sendText(text);
            return true;
        } catch (IOException | RuntimeException e) {
            synchronized (received) {
                oddities.add("send failed: " + e);
            }
            return false;
        }
    }

    /** For reports: whether the socket is open, and how it closed. */
    String state() {
        return "open=" + session.isOpen() + ", closed=" + closed.getNow(null) + ", client notes=" + oddities();
    }

    boolean sendBinary(String text) {
        try {
            session.getBasicRemote().sendBinary(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** Frames received so far (a copy). */
    List<String> received() {
        synchronized (received) {
            return new ArrayList<>(received);
        }
    }

    List<String> oddities() {
        synchronized (received) {
            return new ArrayList<>(oddities);
        }
    }

    /** Waits until {@code done} holds for the frames received so far, the socket closes, or the deadline passes. */
    boolean await(java.util.function.Predicate<List<String>> done, long deadlineNanos) throws InterruptedException {
        synchronized (received) {
            while (true) {
                if (done.test(received)) {
                    return true;
                }
                long left = deadlineNanos - System.nanoTime();
                if (left <= 0 || closed.isDone()) {
                    return done.test(received);
                }
                received.wait(Math.max(1, left / 1_000_000));
            }
        }
    }

    /** The close reason, once the socket closed. */
    CompletableFuture<CloseReason> closed() {
        return closed;
    }

    @Override
    public void close() {
        try {
            if (session.isOpen()) {
                session.close();
            }
        } catch (IOException | RuntimeException ignored) {
            // gone already
        }
        manager.shutdown();
    }
}
