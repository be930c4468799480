package io.github.meteorjob.ddp;

import io.github.meteorjob.DdpException;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;

/**
 * Pings in both directions: answers the server's pings, pings an idle link and declares it dead
 * when the ping stays unanswered (as Meteor's heartbeat does), and measures round trips for
 * {@link DdpClient#ping()}.
 */
final class Heartbeat {

    private static final System.Logger LOG = System.getLogger(Heartbeat.class.getName());
    private static final JsonProvider JSON = JsonProvider.provider();

    private final DdpClientOptions options;
    private final Counters counters;
    private final BiConsumer<Link, Throwable> dead;
    private final AtomicLong pingIds = new AtomicLong();
    private final ConcurrentHashMap<String, PingWait> pings = new ConcurrentHashMap<>();

    /** @param dead told when a link's heartbeat ping went unanswered */
    Heartbeat(DdpClientOptions options, Counters counters, BiConsumer<Link, Throwable> dead) {
        this.options = options;
        this.counters = counters;
        this.dead = dead;
    }

    /** Starts the idle check of a link whose handshake succeeded; it stops when the link dies. */
    void start(Link l) {
        Duration interval = options.heartbeatInterval();
        if (interval.isZero()) {
            return;
        }
        long intervalNanos = interval.toNanos();
        long timeoutNanos = options.heartbeatTimeout().toNanos();
        long period = Math.max(TimeUnit.MILLISECONDS.toNanos(10), Math.min(intervalNanos, timeoutNanos) / 4);
        l.heartbeat = DdpRuntime.TIMER.scheduleAtFixedRate(() -> {
            if (l.dead.get()) {
                ScheduledFuture<?> self = l.heartbeat;
                if (self != null) {
                    self.cancel(false);
                }
                return;
            }
            long now = System.nanoTime();
            long sent = l.pingSentAt;
            if (sent != 0) {
                if (now - sent >= timeoutNanos) {
                    LOG.log(Level.WARNING, "no answer to a heartbeat ping from {0} within {1}; the link is dead",
                            options.url(), options.heartbeatTimeout());
                    dead.accept(l, new DdpException(JSON.createValue("heartbeat-timeout"),
                            "no pong within " + options.heartbeatTimeout(), null));
                }
            } else if (now - l.lastReceived >= intervalNanos) {
                l.pingSentAt = now == 0 ? 1 : now;
                counters.pingsSent.increment();
                l.send(DdpFrames.ping(null));
            }
        }, period, period, TimeUnit.NANOSECONDS);
    }

    /** Any frame proves the link alive, as in Meteor's heartbeat. */
    static void received(Link l) {
        l.lastReceived = System.nanoTime();
        l.pingSentAt = 0;
    }

    /** A round trip on the link; fails when it is not connected or no pong comes within the heartbeat timeout. */
    CompletionStage<Duration> ping(Link l) {
        if (l == null || !l.handshake.isDone() || l.dead.get()) {
            return CompletableFuture.failedFuture(new DdpConnectionLostException("ping", null, "not connected", null));
        }
        String id = "p" + pingIds.incrementAndGet();
        PingWait p = new PingWait(System.nanoTime());
        pings.put(id, p);
        ScheduledFuture<?> t = DdpRuntime.TIMER.schedule(() -> {
            if (pings.remove(id, p)) {
                p.future.completeExceptionally(new DdpTimeoutException("ping", id, options.heartbeatTimeout()));
            }
        }, options.heartbeatTimeout().toNanos(), TimeUnit.NANOSECONDS);
        p.future.whenComplete((d, e) -> t.cancel(false));
        counters.pingsSent.increment();
        l.send(DdpFrames.ping(id));
        return p.future.minimalCompletionStage();
    }

    /** A {@code ping} frame from the server: answered with a pong echoing its id. */
    void onPing(Link l, JsonObject f) {
        counters.pingsReceived.increment();
        JsonValue id = f.get("id");
        l.send(DdpFrames.pong(id instanceof JsonString s ? s.getString() : null));
    }

    /** A {@code pong} frame. */
    void onPong(JsonObject f) {
        JsonValue id = f.get("id");
        if (id instanceof JsonString s) {
            PingWait p = pings.remove(s.getString());
            if (p != null) {
                p.future.complete(Duration.ofNanos(System.nanoTime() - p.start));
            }
        }
    }

    /** The link dropped: round trips in flight fail. */
    void linkLost(Throwable cause) {
        for (Map.Entry<String, PingWait> e : pings.entrySet()) {
            if (pings.remove(e.getKey(), e.getValue())) {
                e.getValue().future.completeExceptionally(
                        new DdpConnectionLostException("ping", e.getKey(), Failures.describe(cause), cause));
            }
        }
    }

    /** The client closed: round trips in flight fail. */
    void closed(String why, Throwable cause) {
        for (PingWait p : pings.values()) {
            p.future.completeExceptionally(new DdpConnectionLostException("ping", null, why, cause));
        }
        pings.clear();
    }

    private static final class PingWait {
        final long start;
        final CompletableFuture<Duration> future = new CompletableFuture<>();

        PingWait(long start) {
            this.start = start;
        }
    }
}
