package io.github.meteorjob.ddp;

import io.github.meteorjob.internal.Async;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;

/**
 * Threads shared by all clients: one daemon timer for call timeouts, heartbeats and reconnect
 * delays (tasks are short and never block), and a small daemon pool that opens WebSocket
 * connections, because {@code WebSocketContainer.connectToServer} blocks until the handshake ends.
 */
final class DdpRuntime {

    static final ScheduledThreadPoolExecutor TIMER;
    static final ExecutorService CONNECTOR = Executors.newCachedThreadPool(Async.numberedDaemonThreads("ddp-connect-"));

    static {
        TIMER = new ScheduledThreadPoolExecutor(1, Async.numberedDaemonThreads("ddp-timer-"));
        TIMER.setRemoveOnCancelPolicy(true);
    }

    private DdpRuntime() {
    }
}
