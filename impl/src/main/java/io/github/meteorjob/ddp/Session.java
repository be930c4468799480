package io.github.meteorjob.ddp;

import io.github.meteorjob.DdpException;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The connection's life: the attempts to open a link (timeout, version retry), the login and
 * re-sending of subscriptions and calls that make a new link ready, reconnection after a drop along
 * the {@link ReconnectPolicy}, and closing. Owns the current {@link Link} and the
 * {@link ConnectionState}; state changes happen under one lock, listeners are told after each.
 *
 * <p>A new link becomes ready in this order: WebSocket open, DDP {@code connected}, heartbeat
 * started, login (resume token or configured credentials), subscriptions re-sent (starting the
 * resync after a reconnect), pending calls sent, state CONNECTED.
 */
final class Session {

    private static final System.Logger LOG = System.getLogger(Session.class.getName());

    private final DdpClientOptions options;
    /** What the connection has seen and who listens to it; the client reads and registers through these. */
    final Counters counters = new Counters();
    final ConnectionEvents events = new ConnectionEvents();
    /** The parts that {@link DefaultDdpClient} hands the application's calls, logins and subscriptions to. */
    final PendingCalls calls;
    final Subscriptions subscriptions;
    final Login login;
    private final Heartbeat heartbeat;
    private final VersionNegotiation versions;
    private final IncomingFrames frames;
    private final WebSocketConnector connector;

    private final Object lifecycle = new Object();
    private volatile ConnectionState state = ConnectionState.DISCONNECTED;
    private volatile Link link;
    private CompletableFuture<Void> connectFuture;
    /** Links made so far (under the lifecycle lock, as are all attempts): the generation number of the newest. */
    private int generations;
    private int attempts;
    /** System.nanoTime() of the drop that started the current outage; set on its first reconnect attempt. */
    private long outageStart;
    private ScheduledFuture<?> reconnectTask;

    Session(DdpClientOptions options) {
        this.options = options;
        this.calls = new PendingCalls(this, counters, events, options.callTimeout());
        this.subscriptions = new Subscriptions(this);
        this.heartbeat = new Heartbeat(options, counters, this::linkClosed);
        this.login = new Login(options.credentials(), calls, events);
        this.versions = new VersionNegotiation(options.url());
        this.frames = new IncomingFrames(options, counters, calls, subscriptions, heartbeat, versions);
        this.connector = new WebSocketConnector(options);
    }

    ConnectionState state() {
        return state;
    }

    boolean isClosed() {
        return state == ConnectionState.CLOSED;
    }

    /** The current link when calls and subscriptions may be sent on it directly, else {@code null}. */
    Link readyLink() {
        Link l = link;
        return l != null && l.appReady ? l : null;
    }

    CompletionStage<Duration> ping() {
        return heartbeat.ping(link);
    }

    CompletionStage<Void> connect() {
        synchronized (lifecycle) {
            switch (state) {
                case CLOSED:
                    return CompletableFuture.failedFuture(new IllegalStateException("the DDP client is closed"));
                case CONNECTED:
                    return CompletableFuture.completedFuture(null);
                case CONNECTING:
                    return connectFuture.minimalCompletionStage();
                case RECONNECTING:
                    // the first connect() completed long ago: wait for the next successful reconnect
                    if (connectFuture == null || connectFuture.isDone()) {
                        connectFuture = new CompletableFuture<>();
                    }
                    return connectFuture.minimalCompletionStage();
                default:
                    break;
            }
            connectFuture = new CompletableFuture<>();
            attempts = 0;
            versions.reset();
            CompletableFuture<Void> f = connectFuture;
            changeState(ConnectionState.CONNECTING, null);
            startAttempt();
            return f.minimalCompletionStage();
        }
    }

    /** Starts one connection attempt; called with the lifecycle lock held. */
    private void startAttempt() {
        Link l = new Link(++generations, connector.bufferLimit(), versions.connectFrame(),
                frames::onText, this::linkClosed);
        link = l;
        ScheduledFuture<?> timer = DdpRuntime.TIMER.schedule(() -> l.handshake.completeExceptionally(
                        new DdpException("connect-timeout", "No DDP session with " + options.url()
                                + " within " + options.connectTimeout())),
                options.connectTimeout().toNanos(), TimeUnit.NANOSECONDS);
        l.handshake.whenComplete((session, e) -> {
            timer.cancel(false);
            if (e != null) {
                l.kill();
                attemptFailed(l, e);
            } else {
                afterHandshake(l);
            }
        });
        connector.open(l);
    }

    private void afterHandshake(Link l) {
        if (l != link || state == ConnectionState.CLOSED || l.dead.get()) {
            l.kill();
            return;
        }
        heartbeat.start(l);
        login.onConnect(l).whenComplete((r, e) -> {
            if (e != null) {
                Throwable cause = Failures.unwrap(e);
                if (cause instanceof DdpConnectionLostException) {
                    return; // the link died during login: linkClosed handles it
                }
                if (state == ConnectionState.CONNECTING) {
                    l.kill();
                    attemptFailed(l, cause);
                    return;
                }
                login.refused(cause);
            }
            goReady(l);
        });
    }

    private void goReady(Link l) {
        boolean reconnected;
        synchronized (lifecycle) {
            if (l != link || state == ConnectionState.CLOSED || l.dead.get()) {
                return;
            }
            l.appReady = true;
            reconnected = state == ConnectionState.RECONNECTING;
            attempts = 0;
            versions.reset();
        }
        // subscriptions first, then the calls in the order they were made
        subscriptions.resend(l, reconnected);
        calls.flush(l);
        if (reconnected) {
            counters.reconnects.increment();
        }
        CompletableFuture<Void> f;
        synchronized (lifecycle) {
            if (l != link || state == ConnectionState.CLOSED) {
                return;
            }
            changeState(ConnectionState.CONNECTED, null);
            f = connectFuture;
        }
        if (f != null) {
            f.complete(null);
        }
    }

    /** A connection attempt failed before the session was ready. */
    private void attemptFailed(Link l, Throwable cause) {
        CompletableFuture<Void> failConnect = null;
        synchronized (lifecycle) {
            if (l != link || state == ConnectionState.CLOSED) {
                return;
            }
            if (versions.retryNow(cause)) {
                LOG.log(Level.DEBUG, "server proposed DDP version {0}; reconnecting with it", versions.version());
                startAttempt();
                return;
            }
            if (state == ConnectionState.CONNECTING) {
                link = null;
                changeState(ConnectionState.DISCONNECTED, cause);
                failConnect = connectFuture;
            } else {
                LOG.log(Level.DEBUG, "reconnection attempt {0} to {1} failed: {2}", attempts, options.url(),
                        cause.toString());
                scheduleReconnect(cause);
            }
        }
        if (failConnect != null) {
            failConnect.completeExceptionally(VersionNegotiation.reported(cause));
        }
    }

    /** Called with the lifecycle lock held. */
    private void scheduleReconnect(Throwable cause) {
        ReconnectPolicy policy = options.reconnect();
        attempts++;
        if (attempts > policy.maxAttempts()) {
            LOG.log(Level.WARNING, "giving up reconnecting to {0} after {1} attempts", options.url(),
                    policy.maxAttempts());
            closeInternal(new DdpConnectionLostException("(none)", null,
                    "gave up reconnecting after " + policy.maxAttempts() + " attempts", cause));
            return;
        }
        if (attempts == 1) {
            outageStart = System.nanoTime();
        }
        Duration d = policy.delay(attempts, Duration.ofNanos(System.nanoTime() - outageStart),
                ThreadLocalRandom.current().nextDouble());
        link = null;
        changeState(ConnectionState.RECONNECTING, cause);
        reconnectTask = DdpRuntime.TIMER.schedule(() -> {
            synchronized (lifecycle) {
                if (state == ConnectionState.RECONNECTING && link == null) {
                    startAttempt();
                }
            }
        }, d.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** The link is gone (closed by either side, failed, or declared dead by the heartbeat). */
    private void linkClosed(Link l, Throwable cause) {
        if (!l.kill()) {
            return;
        }
        if (!l.handshake.isDone()) {
            l.handshake.completeExceptionally(cause);
            return; // attemptFailed takes over
        }
        calls.linkLost(l, cause);
        heartbeat.linkLost(cause);
        synchronized (lifecycle) {
            if (l != link || state == ConnectionState.CLOSED) {
                return;
            }
            if (!l.appReady) {
                // dropped during login: same as a failed attempt
                attemptFailed(l, cause);
                return;
            }
            LOG.log(Level.INFO, "DDP connection to {0} lost ({1}); reconnecting", options.url(),
                    Failures.describe(cause));
            if (options.reconnect().maxAttempts() == 0) {
                closeInternal(new DdpConnectionLostException("(none)", null, "reconnection disabled", cause));
                return;
            }
            scheduleReconnect(cause);
        }
    }

    void close() {
        synchronized (lifecycle) {
            if (state == ConnectionState.CLOSED) {
                return;
            }
            closeInternal(null);
        }
    }

    /** Called with the lifecycle lock held. */
    private void closeInternal(Throwable cause) {
        if (reconnectTask != null) {
            reconnectTask.cancel(false);
        }
        Link l = link;
        link = null;
        changeState(ConnectionState.CLOSED, cause);
        String why = cause == null ? "the client was closed" : Failures.describe(cause);
        if (l != null) {
            l.kill();
            if (!l.handshake.isDone()) {
                l.handshake.completeExceptionally(new IOException("client closed"));
            }
        }
        calls.closed(why, cause);
        heartbeat.closed(why, cause);
        subscriptions.closed(why, cause);
        if (connectFuture != null) {
            connectFuture.completeExceptionally(new DdpConnectionLostException("connect", null, why, cause));
        }
        connector.release();
    }

    /** Called with the lifecycle lock held; listeners run after the change. */
    private void changeState(ConnectionState next, Throwable cause) {
        ConnectionState prev = state;
        if (prev == next) {
            return;
        }
        state = next;
        events.fire(cl -> cl.stateChanged(prev, next, cause));
    }
}
