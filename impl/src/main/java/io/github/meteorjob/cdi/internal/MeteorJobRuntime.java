package io.github.meteorjob.cdi.internal;

import io.github.meteorjob.JobCollection;
import io.github.meteorjob.JobQueue;
import io.github.meteorjob.QueueOptions;
import io.github.meteorjob.ShutdownLevel;
import io.github.meteorjob.cdi.DdpCallGuard;
import io.github.meteorjob.cdi.DdpCallRetry;
import io.github.meteorjob.ddp.DdpClient;
import io.github.meteorjob.DdpException;
import io.github.meteorjob.internal.Async;
import io.github.meteorjob.internal.ClassPresence;
import io.github.meteorjob.internal.RepeatedWarnings;
import io.github.meteorjob.observability.Observability;
import io.github.meteorjob.job.internal.DefaultJobCollection;
import io.github.meteorjob.job.internal.DefaultJobQueue;
import io.github.meteorjob.job.internal.Dispatch;
import io.github.meteorjob.job.internal.JobOutcome;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.BeforeDestroyed;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The CDI integration at run time, shared by the portable and the build-compatible extension: the life cycle
 * of the queues. At application start it reads and checks the configuration, opens the connection
 * ({@link RuntimeConnection}) and, once connected, starts one {@link JobQueue} per {@link QueueDefinition} whose
 * jobs {@link JobDelivery} hands to the observers; before the application scope is destroyed it shuts the
 * queues down gracefully. Also the source of the synthetic beans ({@code DdpClient}, {@code @Collection}).
 */
@ApplicationScoped
public class MeteorJobRuntime {

    private static final System.Logger LOG = System.getLogger(MeteorJobRuntime.class.getName());
    private static final RepeatedWarnings WARNINGS = new RepeatedWarnings(LOG);

    /** The readiness check reports a queue DOWN after this many failed getWork calls in a row. */
    public static final int GET_WORK_FAILURES_FOR_DOWN = 3;

    @Inject
    @Any
    Instance<Object> beans;
    @Inject
    Event<Object> events;
    @Inject
    DdpCallGuard guard;
    @Inject
    DdpCallRetry retry;
    @Inject
    QueueDefinitions definitions;

    private final CircuitState circuit = new CircuitState();
    private final Map<String, DefaultJobCollection> collections = new ConcurrentHashMap<>();
    private final Map<String, JobQueue> queues = new LinkedHashMap<>();
    private final Map<String, QueueOptionsValues> effective = new LinkedHashMap<>();

    private volatile ConfigReader config;
    private volatile RuntimeConnection connection;
    private volatile boolean queuesStarted;
    private volatile boolean stopping;
    private volatile ExecutorSelection executor;
    private volatile ScheduledExecutorService timer;
    private volatile CompletableFuture<Void> stopped;
    private volatile Observability observability;
    /** {@link #observability()} in the application's context captured at startup. */
    private volatile java.util.function.Supplier<Observability> observabilitySource = this::observability;
    private volatile AutoCloseable circuitGauge;

    /** Starts at application startup (the observer makes the container create this bean). */
    void onStartup(@Observes @Initialized(ApplicationScoped.class) Object ignored) {
        start();
    }

    /** Graceful shutdown while the application's beans are still alive. */
    void onShutdown(@Observes @BeforeDestroyed(ApplicationScoped.class) Object ignored) {
        stop();
    }

    @PreDestroy
    void destroy() {
        stop();
    }

    /** Reads configuration, validates the queues, connects in the background and starts queues once connected. */
    public synchronized void start() {
        if (timer != null) {
            return;
        }
        config = ConfigReader.current();
        // fail fast (at startup) on bad configuration overrides and misspelt keys
        for (QueueDefinition d : definitions.queues()) {
            effective.put(d.name(), d.effectiveOptions(config));
        }
        ConfigValidation.Result keys = ConfigValidation.check(config, definitions.queues());
        keys.warnings().forEach(w -> LOG.log(System.Logger.Level.WARNING, "meteor-job: " + w));
        if (!keys.errors().isEmpty()) {
            throw new IllegalArgumentException("meteor-job: " + String.join("; ", keys.errors()));
        }
        timer = Executors.newSingleThreadScheduledExecutor(Async.daemonThreads("meteor-job-cdi-timer"));
        if (connection().client() == null) {
            if (!definitions.queues().isEmpty()) {
                LOG.log(System.Logger.Level.WARNING, "meteor-job: " + ConfigKeys.URL + " is not set; the queues "
                        + effective.keySet() + " do not run");
            }
            return;
        }
        int enabled = 0;
        for (QueueOptionsValues o : effective.values()) {
            if (o.enabled()) {
                enabled += o.concurrency();
            }
        }
        int poolSize = config.getInt(ConfigKeys.EXECUTOR_POOL_SIZE).orElse(Math.max(1, enabled));
        if (enabled > 0) {
            executor = ExecutorSelection.select(beans, config, poolSize);
        }
        // the queues start on the WebSocket client's thread; the beans are resolved there with this (startup)
        // thread's application context, which Open Liberty's MicroProfile Telemetry needs (see StartupContext)
        observabilitySource = StartupContext.capture(this::observability);
        connection().connect(timer, this::startQueues);
    }

    /** The connection, created on first use so injected collections work before startup. */
    private synchronized RuntimeConnection connection() {
        if (connection == null) {
            circuit.onChange(this::circuitChanged);
            connection = new RuntimeConnection(events, guard, retry, circuit,
                    () -> config != null ? config : ConfigReader.current());
        }
        return connection;
    }

    private synchronized void startQueues() {
        if (queuesStarted || stopping) {
            return;
        }
        queuesStarted = true;
        JobDelivery delivery = new JobDelivery(events, executor == null ? null : executor.executor());
        Observability obs = observabilitySource.get();
        circuitGauge = obs.metrics().observeCircuit(circuit::isOpen);
        for (QueueDefinition d : definitions.queues()) {
            QueueOptionsValues o = effective.get(d.name());
            if (!o.enabled()) {
                LOG.log(System.Logger.Level.INFO, "meteor-job: queue " + d.name() + " is disabled");
                continue;
            }
            QueueOptions options = o.toQueueOptions()
                    .withExecutor(executor.executor())
                    .withErrorHandler(e -> queueError(d, e));
            Dispatch dispatch = d.batch()
                    ? Dispatch.batch(jobs -> delivery.deliverBatch(d, jobs))
                    : Dispatch.async(job -> delivery.deliver(d, job));
            if (o.timeout() > 0) {
                dispatch = TimedDispatch.of(dispatch, java.time.Duration.ofMillis(o.timeout()), d.name(), timer);
            }
            // return = done, throw = fail: the observers' contract, applied by the queue's JobOutcome
            queues.put(d.name(), DefaultJobQueue.start(collection(d.collection()), List.of(d.type()), options, dispatch,
                    JobOutcome.Policy.RETURN_IS_DONE, obs));
            LOG.log(System.Logger.Level.INFO, "meteor-job: processing " + d.name() + " with " + o
                    + " for " + d.observers());
        }
    }

    private void queueError(QueueDefinition d, Throwable e) {
        Throwable cause = Async.unwrap(e);
        boolean circuitOpen = false;
        for (Throwable t = e; t != null && !circuitOpen; t = t.getCause() == t ? null : t.getCause()) {
            circuitOpen = CircuitState.isCircuitOpen(t);
        }
        String message = "meteor-job: queue " + d.name() + ": " + cause;
        if (circuitOpen || stopping) {
            LOG.log(System.Logger.Level.DEBUG, message);
        } else {
            // a worker refused every poll would otherwise log several lines a second
            WARNINGS.log(System.Logger.Level.WARNING, message);
        }
    }

    /**
     * Metrics and tracing through the application's {@code OpenTelemetry} and Micrometer {@code MeterRegistry} beans
     * when it has them (MicroProfile Telemetry provides the former), else the libraries' global instances.
     */
    private Observability observability() {
        Observability o = observability;
        if (o == null) {
            o = Observability.of(bean("io.opentelemetry.api.OpenTelemetry"),
                    bean("io.micrometer.core.instrument.MeterRegistry"));
            observability = o;
        }
        return o;
    }

    private Object bean(String className) {
        if (!ClassPresence.has(className)) {
            return null;
        }
        try {
            Class<?> type = Class.forName(className, false, MeteorJobRuntime.class.getClassLoader());
            Instance<?> found = beans.select(type);
            return found.isResolvable() ? found.get() : null;
        } catch (ClassNotFoundException | LinkageError | RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, () -> "no " + className + " bean: " + e);
            return null;
        }
    }

    private void circuitChanged() {
        if (circuit.isOpen()) {
            LOG.log(System.Logger.Level.WARNING, "meteor-job: queues " + queues().keySet()
                    + " fetch no work while the DDP call circuit is open");
        }
    }

    // ---- shutdown ----

    /**
     * Shuts the queues down with {@code meteor-job.shutdown} (SOFT, NORMAL (default) or HARD), waiting at most
     * {@code meteor-job.shutdown-timeout} ms (default 30000), then closes the connection.
     */
    public void stop() {
        CompletableFuture<Void> done;
        synchronized (this) {
            if (stopped != null) {
                done = stopped;
            } else {
                stopped = new CompletableFuture<>();
                done = null;
                stopping = true;
                if (connection != null) {
                    connection.stopping();
                }
            }
        }
        if (done != null) {
            done.join();
            return;
        }
        try {
            shutDownQueues(config != null ? config : ConfigReader.current());
            if (connection != null) {
                connection.close();
            }
            Async.closeQuietly(circuitGauge, LOG, "removing the circuit gauge");
            if (timer != null) {
                timer.shutdownNow();
            }
            if (executor != null) {
                executor.close();
            }
        } finally {
            stopped.complete(null);
        }
    }

    private void shutDownQueues(ConfigReader c) {
        String levelName = c.get(ConfigKeys.SHUTDOWN, "NORMAL").toUpperCase(Locale.ROOT);
        ShutdownLevel level;
        try {
            level = ShutdownLevel.valueOf(levelName);
        } catch (IllegalArgumentException e) {
            LOG.log(System.Logger.Level.WARNING, ConfigKeys.SHUTDOWN + " must be SOFT, NORMAL or HARD, was '" + levelName
                    + "'; using NORMAL");
            level = ShutdownLevel.NORMAL;
        }
        long timeoutMs = c.getLong(ConfigKeys.SHUTDOWN_TIMEOUT).orElse(30_000L);
        List<CompletableFuture<Void>> all = new ArrayList<>();
        for (JobQueue q : queues().values()) {
            all.add(q.shutdown(level).toCompletableFuture());
        }
        if (all.isEmpty()) {
            return;
        }
        LOG.log(System.Logger.Level.INFO, "meteor-job: shutting down " + all.size() + " queue(s) (" + level + ")");
        try {
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(timeoutMs, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            LOG.log(System.Logger.Level.WARNING, "meteor-job: queues did not finish within " + timeoutMs
                    + " ms (" + ConfigKeys.SHUTDOWN_TIMEOUT + "); closing anyway");
        } catch (Exception e) {
            LOG.log(System.Logger.Level.WARNING, "meteor-job: queue shutdown failed: " + e);
        }
    }

    // ---- accessors for beans, the health check and tests ----

    /** The application's connection (method calls go through Fault Tolerance). */
    public DdpClient client() {
        DdpClient c = connection().client();
        if (c == null) {
            throw new IllegalStateException(ConfigKeys.URL + " is not configured; set it (e.g. ws://127.0.0.1:3000/websocket) "
                    + "in MicroProfile Config, a system property or the environment (METEOR_JOB_URL)");
        }
        return c;
    }

    /** The handle for one collection root, on {@link #client()}. */
    public DefaultJobCollection collection(String root) {
        DefaultJobCollection existing = collections.get(root);
        if (existing != null) {
            return existing;
        }
        // client() before computeIfAbsent: client() locks the connection, and startQueues() calls collection()
        // while holding this runtime's lock; resolving the client inside the map's bin lock deadlocked an injection
        // racing with startup (seen in Quarkus: main thread vs. the connect callback)
        DdpClient c = client();
        return collections.computeIfAbsent(root, r -> DefaultJobCollection.create(c, r, Clock.systemUTC()));
    }

    /** The running queues by {@code collection/type}. */
    public synchronized Map<String, JobQueue> queues() {
        return Map.copyOf(queues);
    }

    /** The options each queue runs with (annotation plus configuration) by {@code collection/type}. */
    public synchronized Map<String, QueueOptionsValues> effectiveOptions() {
        return Map.copyOf(effective);
    }

    /** The executor choice, or {@code null} when no queue is enabled. */
    public ExecutorSelection executor() {
        return executor;
    }

    public boolean isConnected() {
        return status().connected();
    }

    /** Logged in, or no credentials configured. */
    public boolean isLoggedIn() {
        return status().loggedIn();
    }

    public boolean isCircuitOpen() {
        return circuit.isOpen();
    }

    public String url() {
        return status().url();
    }

    private RuntimeConnection.Status status() {
        RuntimeConnection c = connection;
        return c == null ? RuntimeConnection.Status.NONE : c.status();
    }

    /**
     * Why the application is not ready, each reason naming what to fix; empty when ready. Not ready when not
     * connected, when the login was refused, when starting the queues failed, when the DDP call circuit is open, or
     * when a queue's last {@value #GET_WORK_FAILURES_FOR_DOWN} getWork calls failed.
     */
    public List<String> readinessProblems() {
        List<String> problems = new ArrayList<>();
        RuntimeConnection.Status s = status(); // one reading: the connection changes on other threads
        String error = s.lastError() == null ? "" : " (" + s.lastError() + ")";
        if (!s.connected() && !s.loginRefused()) {
            problems.add("not connected to " + s.url() + error + "; check " + ConfigKeys.URL + " and that the server is up");
        } else if (s.loginRefused() || !s.loggedIn()) {
            problems.add("login refused" + error + "; check " + ConfigKeys.LOGIN_USERNAME + " / " + ConfigKeys.LOGIN_EMAIL
                    + " / " + ConfigKeys.LOGIN_PASSWORD + " / " + ConfigKeys.LOGIN_TOKEN);
        }
        if (s.startFailure() != null) {
            problems.add("starting the queues failed (" + s.startFailure() + "); no job is processed until the "
                    + "application is restarted; see the ERROR logged with its stack trace (a LinkageError means a "
                    + "library on the class path is not the version meteor-job was built with)");
        }
        if (isCircuitOpen()) {
            problems.add("the DDP call circuit is open after repeated call failures (" + circuit.reason()
                    + "); queues fetch no work until it closes");
        }
        queues().forEach((name, q) -> {
            if (q instanceof DefaultJobQueue dq && dq.getWorkFailuresInARow() >= GET_WORK_FAILURES_FOR_DOWN) {
                problems.add(getWorkProblem(name, dq.getWorkFailuresInARow(), dq.lastGetWorkFailure()));
            }
        });
        return problems;
    }

    private static String getWorkProblem(String queue, int count, Throwable last) {
        String what = "queue " + queue + ": the last " + count + " getWork calls failed (" + (last == null ? "?"
                : last.getMessage()) + ")";
        if (last instanceof DdpException d && d.errorCode() == 403) {
            return what + ": the user lacks worker permission; set " + ConfigKeys.LOGIN_USERNAME + " (or "
                    + ConfigKeys.LOGIN_EMAIL + ") and " + ConfigKeys.LOGIN_PASSWORD + ", or " + ConfigKeys.LOGIN_TOKEN
                    + ", to a user allowed to work on this collection";
        }
        return what;
    }

    /** The last connection problem, or {@code null}. */
    public String lastError() {
        return status().lastError();
    }
}
