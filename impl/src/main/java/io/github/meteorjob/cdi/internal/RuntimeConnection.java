package io.github.meteorjob.cdi.internal;

import io.github.meteorjob.ConnectionEvent;
import io.github.meteorjob.cdi.DdpCallGuard;
import io.github.meteorjob.cdi.DdpCallRetry;
import io.github.meteorjob.ddp.ConnectionListener;
import io.github.meteorjob.ddp.ConnectionState;
import io.github.meteorjob.ddp.DdpClient;
import io.github.meteorjob.ddp.DdpClientOptions;
import io.github.meteorjob.ddp.LoginResult;
import io.github.meteorjob.ddp.ReconnectPolicy;
import io.github.meteorjob.ddp.UserIdentity;
import io.github.meteorjob.internal.Async;
import jakarta.enterprise.event.Event;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The application's DDP connection: created from configuration on first use (so injected collections work
 * before startup completes), connected in the background with the DDP client's reconnect schedule until it
 * succeeds, its changes fired as {@link ConnectionEvent}s and logged. Method calls go through Fault Tolerance
 * ({@link FaultTolerantDdpClient}).
 */
final class RuntimeConnection {

    private static final System.Logger LOG = System.getLogger(MeteorJobRuntime.class.getName());

    private final Event<Object> events;
    private final DdpCallGuard guard;
    private final DdpCallRetry retry;
    private final CircuitState circuit;
    private final Supplier<ConfigReader> config;

    private volatile DdpClient raw;
    private volatile FaultTolerantDdpClient client;
    private volatile String url;
    private volatile boolean credentials;
    private volatile boolean connected;
    private volatile boolean stopping;
    private volatile String lastError;
    /** The last connect attempt failed at the login (the server answered the login method with an error). */
    private volatile boolean loginRefused;
    /** Why starting the queues once connected threw, or null. */
    private volatile String startFailure;
    private int connectAttempts;
    private long firstConnectAttempt;

    RuntimeConnection(Event<Object> events, DdpCallGuard guard, DdpCallRetry retry, CircuitState circuit,
                      Supplier<ConfigReader> config) {
        this.events = events;
        this.guard = guard;
        this.retry = retry;
        this.circuit = circuit;
        this.config = config;
    }

    /** The client, created on first use; {@code null} when {@code meteor-job.url} is not set. */
    synchronized FaultTolerantDdpClient client() {
        if (client != null) {
            return client;
        }
        ConfigReader c = config.get();
        String u = c.get(ConfigKeys.URL).orElse(null);
        if (u == null) {
            return null;
        }
        DdpClientOptions.Builder b = DdpClientOptions.builder(u);
        String token = c.get(ConfigKeys.LOGIN_TOKEN).orElse(null);
        String password = c.get(ConfigKeys.LOGIN_PASSWORD).orElse(null);
        String email = c.get(ConfigKeys.LOGIN_EMAIL).orElse(null);
        String username = c.get(ConfigKeys.LOGIN_USERNAME).orElse(null);
        if (token != null) {
            b.resumeToken(token);
        } else if (password != null) {
            if ((email == null) == (username == null)) {
                throw new IllegalArgumentException(ConfigKeys.LOGIN_PASSWORD + " needs exactly one of " + ConfigKeys.LOGIN_EMAIL
                        + " or " + ConfigKeys.LOGIN_USERNAME);
            }
            b.login(email != null ? UserIdentity.email(email) : UserIdentity.username(username), password);
        } else if (email != null || username != null) {
            throw new IllegalArgumentException("meteor-job.login.email/username is set but " + ConfigKeys.LOGIN_PASSWORD
                    + " is not");
        }
        c.getLong(ConfigKeys.CONNECT_TIMEOUT).ifPresent(ms -> b.connectTimeout(Duration.ofMillis(ms)));
        c.getLong(ConfigKeys.CALL_TIMEOUT).ifPresent(ms -> b.callTimeout(Duration.ofMillis(ms)));
        TlsSettings.apply(c, b);
        credentials = token != null || password != null;
        url = u;
        DdpClient r = DdpClient.create(b.build());
        r.addConnectionListener(new ConnectionListener() {
            @Override
            public void stateChanged(ConnectionState previous, ConnectionState current, Throwable cause) {
                changed(previous, current, cause);
            }

            @Override
            public void loggedIn(LoginResult login) {
                fire(ConnectionEvent.Kind.LOGGED_IN, null);
            }
        });
        raw = r;
        client = new FaultTolerantDdpClient(r, guard, retry, circuit);
        return client;
    }

    private void changed(ConnectionState previous, ConnectionState current, Throwable cause) {
        if (current == ConnectionState.CONNECTED) {
            connected = true;
            lastError = null;
            fire(ConnectionEvent.Kind.CONNECTED, null);
        } else if (current == ConnectionState.CLOSED) {
            connected = false;
            LOG.log(stopping ? System.Logger.Level.DEBUG : System.Logger.Level.WARNING,
                    "meteor-job: connection to " + url + " closed");
            fire(ConnectionEvent.Kind.CLOSED, null);
        } else if (previous == ConnectionState.CONNECTED) {
            connected = false;
            lastError = cause == null ? current.name() : cause.getMessage();
            LOG.log(System.Logger.Level.WARNING, "meteor-job: connection to " + url + " lost"
                    + (cause == null ? "" : " (" + cause.getMessage() + ")") + "; reconnecting");
            fire(ConnectionEvent.Kind.DISCONNECTED, lastError);
        }
    }

    /**
     * Connects, retrying on {@code timer} until it succeeds or {@link #close()} is called; then runs
     * {@code onConnected} once. Call after {@link #client()} returned a client.
     */
    void connect(ScheduledExecutorService timer, Runnable onConnected) {
        if (stopping) {
            return;
        }
        synchronized (this) {
            if (connectAttempts++ == 0) {
                firstConnectAttempt = System.nanoTime();
            }
        }
        raw.connect().whenComplete((ok, error) -> {
            if (error == null) {
                connected = true;
                loginRefused = false;
                LOG.log(System.Logger.Level.INFO, "meteor-job: connected to " + url
                        + (credentials ? " and logged in" : ""));
                try {
                    onConnected.run();
                } catch (RuntimeException | LinkageError e) {
                    // inside whenComplete a throw would vanish with the stage, and no queue would ever start; kept
                    // apart from lastError, which a reconnect clears, so that readiness stays DOWN
                    startFailure = e.toString();
                    LOG.log(System.Logger.Level.ERROR, "meteor-job: starting the queues failed (" + e
                            + "); no job will be processed until the application is restarted", e);
                }
                return;
            }
            Throwable cause = Async.unwrap(error);
            lastError = cause.getClass().getSimpleName() + ": " + cause.getMessage();
            // Meteor refuses a login with 403 ("User not found", "Incorrect password") or, after several, its rate
            // limiter's too-many-requests; a link that cannot open fails with other errors (connect-failed, ...)
            loginRefused = credentials && cause instanceof io.github.meteorjob.DdpException d
                    && (d.errorCode() == 403 || d.error().toString().contains("too-many-requests"));
            int attempts;
            long since;
            synchronized (this) {
                attempts = connectAttempts;
                since = System.nanoTime() - firstConnectAttempt;
            }
            // the DDP client's own schedule: quick while the server has been unreachable for under a minute
            long delay = ReconnectPolicy.DEFAULT.delay(attempts, Duration.ofNanos(since),
                    ThreadLocalRandom.current().nextDouble()).toMillis();
            delay = config.get().getLong(ConfigKeys.RECONNECT_DELAY).orElse(delay);
            LOG.log(attempts == 1 ? System.Logger.Level.WARNING : System.Logger.Level.DEBUG,
                    "meteor-job: cannot connect to " + url + " (" + lastError + "); retrying in the background every "
                            + delay + " ms");
            fire(ConnectionEvent.Kind.CONNECT_FAILED, lastError);
            if (!stopping) {
                timer.schedule(() -> connect(timer, onConnected), delay, TimeUnit.MILLISECONDS);
            }
        });
    }

    /** From now on a closed connection is expected: no retries, no warnings. */
    void stopping() {
        stopping = true;
    }

    void close() {
        stopping = true;
        if (raw != null) {
            raw.close();
        }
    }

    /**
     * What readiness and the runtime's accessors report, read once.
     *
     * @param url          the configured URL, or null before {@link #client()} ran
     * @param connected    connected now
     * @param loggedIn     logged in, or no credentials configured
     * @param loginRefused the last connect attempt failed because the server refused the login
     * @param lastError    the last connection problem, or null
     * @param startFailure why starting the queues failed (the exception), or null when they started or have not yet
     */
    record Status(String url, boolean connected, boolean loggedIn, boolean loginRefused, String lastError,
                  String startFailure) {
        /** Before the connection exists. */
        static final Status NONE = new Status(null, false, true, false, null, null);
    }

    Status status() {
        DdpClient r = raw;
        return new Status(url, connected && r != null && r.state() == ConnectionState.CONNECTED,
                !credentials || (r != null && r.login() != null), loginRefused, lastError, startFailure);
    }

    private void fire(ConnectionEvent.Kind kind, String detail) {
        try {
            events.select(ConnectionEvent.class).fireAsync(new ConnectionEvent(kind, url, detail, Instant.now()));
        } catch (RuntimeException e) {
            // the container may be going down
            LOG.log(System.Logger.Level.DEBUG, "meteor-job: cannot fire ConnectionEvent: " + e);
        }
    }
}
