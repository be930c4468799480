package io.github.meteorjob.it.faults;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP proxy on 127.0.0.1 that forwards every accepted connection to a target port on 127.0.0.1 and, once
 * {@link #startFaults} is called, injects faults into randomly chosen live connections: {@link Fault#DELAY}
 * (each chunk held back for a while), {@link Fault#DROP} (both sides closed normally, FIN),
 * {@link Fault#RESET} (half of the next chunk forwarded, then both sides reset with RST, so the peer sees a frame
 * cut in the middle) and {@link Fault#HALF_OPEN} (nothing forwarded any more, nothing closed: the peers must
 * notice by themselves; the sockets are closed after {@link #HALF_OPEN_HOLD}).
 * The choices come from one seeded {@link Random}; thread timing still varies from run to run, so a seed
 * reproduces the sequence of fault kinds and gaps, not the exact bytes hit. Injection stops by itself after
 * {@code maxFaults} faults or after {@code window}, whichever comes first.
 */
final class FaultProxy implements AutoCloseable {

    enum Fault { DELAY, DROP, RESET, HALF_OPEN }

    /** How long a half-open connection keeps its sockets before the proxy closes them. */
    static final Duration HALF_OPEN_HOLD = Duration.ofSeconds(20);

    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "fault-proxy-timer");
        t.setDaemon(true);
        return t;
    });

    private final ServerSocket listener;
    private final int targetPort;
    private final List<Link> links = new CopyOnWriteArrayList<>();
    private final Map<Fault, AtomicInteger> injected = new EnumMap<>(Fault.class);
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private volatile boolean closed;
    private volatile Thread injector;

    FaultProxy(int targetPort) throws IOException {
        this.targetPort = targetPort;
        for (Fault f : Fault.values()) {
            injected.put(f, new AtomicInteger());
        }
        listener = new ServerSocket();
        listener.setReuseAddress(true);
        listener.bind(new InetSocketAddress(LOOPBACK, 0));
        Thread acceptor = new Thread(this::acceptLoop, "fault-proxy-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return listener.getLocalPort();
    }

    /** Connections accepted so far (workers reconnecting after a fault make new ones). */
    long accepted() {
        return accepted.get();
    }

    /** Accepted connections whose target refused to connect (server down). */
    long refused() {
        return refused.get();
    }

    /** Faults injected so far, by kind. */
    Map<Fault, Integer> injected() {
        Map<Fault, Integer> m = new EnumMap<>(Fault.class);
        injected.forEach((k, v) -> m.put(k, v.get()));
        return m;
    }

    int injectedTotal() {
        return injected.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    /**
     * Starts injecting: after a random gap in [{@code minGap}, {@code maxGap}] one fault of a random kind into
     * one random live connection, until {@code maxFaults} were injected or {@code window} has passed.
     */
    void startFaults(long seed, int maxFaults, Duration window, Duration minGap, Duration maxGap) {
        Random random = new Random(seed);
        long end = System.nanoTime() + window.toNanos();
        Thread t = new Thread(() -> {
            try {
                int count = 0;
                while (!closed && count < maxFaults && System.nanoTime() < end) {
                    long gap = minGap.toMillis() + (long) (random.nextDouble() * (maxGap.toMillis() - minGap.toMillis()));
                    Thread.sleep(gap);
                    List<Link> live = new ArrayList<>();
                    for (Link l : links) {
                        if (l.open()) {
                            live.add(l);
                        }
                    }
                    Fault fault = Fault.values()[random.nextInt(Fault.values().length)];
                    long delayMs = 20 + random.nextInt(400);
                    long delayFor = 200 + random.nextInt(2000);
                    int pick = random.nextInt(Integer.MAX_VALUE);
                    if (live.isEmpty()) {
                        continue;
                    }
                    Link link = live.get(pick % live.size());
                    switch (fault) {
                        case DELAY -> link.delay(delayMs, delayFor);
                        case DROP -> link.drop();
                        case RESET -> link.armReset();
                        case HALF_OPEN -> link.halfOpen();
                    }
                    injected.get(fault).incrementAndGet();
                    count++;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "fault-proxy-injector");
        t.setDaemon(true);
        injector = t;
        t.start();
    }

    /** Injects {@code fault} into every live connection now (delay: 300 ms per chunk for 2 s); counted like the others. */
    void inject(Fault fault) {
        for (Link link : links) {
            if (link.open()) {
                switch (fault) {
                    case DELAY -> link.delay(300, 2000);
                    case DROP -> link.drop();
                    case RESET -> link.armReset();
                    case HALF_OPEN -> link.halfOpen();
                }
                injected.get(fault).incrementAndGet();
            }
        }
    }

    /** Stops injecting (connections already faulted stay as they are). */
    void stopFaults() throws InterruptedException {
        Thread t = injector;
        if (t != null) {
            t.interrupt();
            t.join(5000);
        }
    }

    /** Whether injection has ended (by itself or by {@link #stopFaults}). */
    boolean faultsDone() {
        Thread t = injector;
        return t != null && !t.isAlive();
    }

    private void acceptLoop() {
        while (!closed) {
            Socket client;
            try {
                client = listener.accept();
            } catch (IOException e) {
                return; // closed
            }
            accepted.incrementAndGet();
            Socket server = new Socket();
            try {
                server.connect(new InetSocketAddress(LOOPBACK, targetPort), 2000);
            } catch (IOException e) {
                refused.incrementAndGet();
                quietClose(client);
                quietClose(server);
                continue;
            }
            try {
                client.setTcpNoDelay(true);
                server.setTcpNoDelay(true);
            } catch (SocketException ignored) {
                // not important
            }
            Link link = new Link(client, server);
            links.removeIf(l -> !l.open());
            links.add(link);
            link.start();
        }
    }

    @Override
    public void close() throws Exception {
        closed = true;
        stopFaults();
        listener.close();
        for (Link l : links) {
            l.drop();
        }
    }

    private static void daemon(String name, Runnable body) {
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        t.start();
    }

    private static void quietClose(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    /** One proxied connection: a pump per direction. */
    private static final class Link {
        private final Socket client;
        private final Socket server;
        private volatile boolean halfOpen;
        private volatile boolean resetArmed;
        private volatile long delayMs;
        private volatile long delayUntil;
        private volatile boolean done;

        Link(Socket client, Socket server) {
            this.client = client;
            this.server = server;
        }

        void start() {
            daemon("fault-proxy-up", () -> pump(client, server));
            daemon("fault-proxy-down", () -> pump(server, client));
        }

        boolean open() {
            return !done && !halfOpen;
        }

        void delay(long ms, long forMs) {
            delayMs = ms;
            delayUntil = System.nanoTime() + forMs * 1_000_000L;
        }

        void armReset() {
            resetArmed = true;
            // an idle link gets its reset anyway (heartbeats normally make the next chunk come soon)
            TIMER.schedule(() -> {
                if (resetArmed && !done) {
                    reset();
                }
            }, 3, TimeUnit.SECONDS);
        }

        void halfOpen() {
            halfOpen = true;
            TIMER.schedule(this::drop, HALF_OPEN_HOLD.toMillis(), TimeUnit.MILLISECONDS);
        }

        synchronized void drop() {
            done = true;
            quietClose(client);
            quietClose(server);
        }

        synchronized void reset() {
            resetArmed = false;
            done = true;
            try {
                client.setSoLinger(true, 0);
                server.setSoLinger(true, 0);
            } catch (SocketException ignored) {
                // already closed
            }
            quietClose(client);
            quietClose(server);
        }

        private void pump(Socket from, Socket to) {
            byte[] buf = new byte[16 * 1024];
            try {
                InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream();
                int n;
                while ((n = in.read(buf)) >= 0) {
                    if (halfOpen) {
                        continue; // swallow; keep reading only to notice this side closing
                    }
                    if (resetArmed && n >= 2) {
                        synchronized (this) {
                            if (resetArmed) {
                                out.write(buf, 0, n / 2);
                                out.flush();
                                reset();
                                return;
                            }
                        }
                    }
                    long d = delayMs;
                    if (d > 0) {
                        if (System.nanoTime() < delayUntil) {
                            Thread.sleep(d);
                        } else {
                            delayMs = 0;
                        }
                    }
                    out.write(buf, 0, n);
                    out.flush();
                }
            } catch (IOException e) {
                // the other pump or a fault closed the link
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (halfOpen) {
                quietClose(from); // the peer that closed sees it; the other one is held until HALF_OPEN_HOLD
            } else {
                drop();
            }
        }
    }
}
