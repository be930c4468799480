package io.github.meteorjob.ddp;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Threads shared by all clients: one daemon timer for call timeouts, heartbeats and reconnect
 * delays (tasks are short and never block), and a small daemon pool that opens WebSocket
 * connections, because {@code WebSocketContainer.connectToServer} blocks until the handshake ends.
 */
final class DdpRuntime {

    static final ScheduledThreadPoolExecutor TIMER;
    static final ExecutorService CONNECTOR = Executors.newCachedThreadPool(daemon("ddp-connect-"));

    static {
        TIMER = new ScheduledThreadPoolExecutor(1, daemon("ddp-timer-"));
        TIMER.setRemoveOnCancelPolicy(true);
    }

    private DdpRuntime() {
    }

    private static ThreadFactory daemon(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
