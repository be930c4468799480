package io.github.meteorjob.cdi;

import io.github.meteorjob.ConnectionEvent;
import io.github.meteorjob.Job;
import io.github.meteorjob.JobBatch;
import io.github.meteorjob.JobCollection;
import io.github.meteorjob.JobQueue;
import io.github.meteorjob.ProcessJobs;
import io.github.meteorjob.QueueOptions;
import io.github.meteorjob.ShutdownLevel;
import io.github.meteorjob.WorkerEvent;
import io.github.meteorjob.ddp.ConnectionListener;
import io.github.meteorjob.ddp.ConnectionState;
import io.github.meteorjob.ddp.DdpClient;
import io.github.meteorjob.ddp.DdpClientOptions;
import io.github.meteorjob.ddp.LoginResult;
import io.github.meteorjob.ddp.UserIdentity;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.BeforeDestroyed;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.NotificationOptions;
import jakarta.enterprise.event.ObserverException;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The CDI integration at run time, shared by the portable and the build-compatible extension:
 * owns the application's DDP connection (through {@link FaultTolerantDdpClient}), the
 * {@code @Collection} handles, the worker executor and one {@link JobQueue} per
 * {@link QueueDefinition}. Starts when the application scope is initialized and shuts the queues
 * down gracefully when it is about to be destroyed.
 */
@ApplicationScoped
public class MeteorJobRuntime {

    private static final System.Logger LOG = System.getLogger(MeteorJobRuntime.class.getName());

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
    private final Map<String, JobCollection> collections = new ConcurrentHashMap<>();
    private final Map<String, JobQueue> queues = new LinkedHashMap<>();
    private final Map<String, QueueOptionsValues> effective = new LinkedHashMap<>();

    private volatile ConfigReader config;
    private volatile DdpClient raw;
    private volatile FaultTolerantDdpClient client;
    private volatile String url;
    private volatile boolean credentials;
    private volatile boolean connected;
    private volatile boolean queuesStarted;
    private volatile boolean stopping;
    private volatile String lastError;
    private volatile ExecutorSelection executor;
    private volatile ScheduledExecutorService timer;
    private volatile CompletableFuture<Void> stopped;
    private volatile int connectAttempts;
    private volatile long firstConnectAttempt;

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
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "meteor-job-cdi-timer");
            t.setDaemon(true);
            return t;
        });
        if (ensureClient() == null) {
            if (!definitions.queues().isEmpty()) {
                LOG.log(System.Logger.Level.WARNING, "meteor-job: meteor-job.url is not set; the queues "
                        + effective.keySet() + " do not run");
            }
            return;
        }
        int enabled = 0;
        for (QueueDefinition d : definitions.queues()) {
            if (effective.get(d.name()).enabled()) {
                enabled += effective.get(d.name()).concurrency();
            }
        }
        int poolSize = config.getInt("meteor-job.executor.pool-size").orElse(Math.max(1, enabled));
        if (enabled > 0) {
            executor = ExecutorSelection.select(beans, config, poolSize);
        }
        connect();
    }

    /** The raw connection is created on first use, so injected collections work before startup completes. */
    private synchronized FaultTolerantDdpClient ensureClient() {
        if (client != null) {
            return client;
        }
        ConfigReader c = config != null ? config : ConfigReader.current();
        String u = c.get("meteor-job.url").orElse(null);
        if (u == null) {
            return null;
        }
        DdpClientOptions.Builder b = DdpClientOptions.builder(u);
        String token = c.get("meteor-job.login.token").orElse(null);
        String password = c.get("meteor-job.login.password").orElse(null);
        String email = c.get("meteor-job.login.email").orElse(null);
        String username = c.get("meteor-job.login.username").orElse(null);
        if (token != null) {
            b.resumeToken(token);
        } else if (password != null) {
            if ((email == null) == (username == null)) {
                throw new IllegalArgumentException("meteor-job.login.password needs exactly one of meteor-job.login.email "
                        + "or meteor-job.login.username");
            }
            b.login(email != null ? UserIdentity.email(email) : UserIdentity.username(username), password);
        } else if (email != null || username != null) {
            throw new IllegalArgumentException("meteor-job.login.email/username is set but meteor-job.login.password is not");
        }
        c.getLong("meteor-job.connect-timeout").ifPresent(ms -> b.connectTimeout(Duration.ofMillis(ms)));
        c.getLong("meteor-job.call-timeout").ifPresent(ms -> b.callTimeout(Duration.ofMillis(ms)));
        credentials = token != null || password != null;
        url = u;
        DdpClient r = DdpClient.create(b.build());
        r.addConnectionListener(new ConnectionListener() {
            @Override
            public void stateChanged(ConnectionState previous, ConnectionState current, Throwable cause) {
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

            @Override
            public void loggedIn(LoginResult login) {
                fire(ConnectionEvent.Kind.LOGGED_IN, null);
            }
        });
        circuit.onChange(this::circuitChanged);
        raw = r;
        client = new FaultTolerantDdpClient(r, guard, retry, circuit);
        return client;
    }

    private void connect() {
        if (stopping) {
            return;
        }
        if (connectAttempts++ == 0) {
            firstConnectAttempt = System.nanoTime();
        }
        raw.connect().whenComplete((ok, error) -> {
            if (error == null) {
                connected = true;
                LOG.log(System.Logger.Level.INFO, "meteor-job: connected to " + url
                        + (credentials ? " and logged in" : ""));
                startQueues();
                return;
            }
            Throwable cause = FaultTolerantDdpClient.unwrap(error);
            lastError = cause.getClass().getSimpleName() + ": " + cause.getMessage();
            // the DDP client's own schedule: quick while the server has been unreachable for under a minute
            long delay = io.github.meteorjob.ddp.ReconnectPolicy.DEFAULT.delay(connectAttempts,
                    Duration.ofNanos(System.nanoTime() - firstConnectAttempt),
                    java.util.concurrent.ThreadLocalRandom.current().nextDouble()).toMillis();
            delay = config.getLong("meteor-job.reconnect-delay").orElse(delay);
            LOG.log(connectAttempts == 1 ? System.Logger.Level.WARNING : System.Logger.Level.DEBUG,
                    "meteor-job: cannot connect to " + url + " (" + lastError + "); retrying in the background every "
                            + delay + " ms");
            fire(ConnectionEvent.Kind.CONNECT_FAILED, lastError);
            if (!stopping) {
                timer.schedule(this::connect, delay, TimeUnit.MILLISECONDS);
            }
        });
    }

    private synchronized void startQueues() {
        if (queuesStarted || stopping) {
            return;
        }
        queuesStarted = true;
        for (QueueDefinition d : definitions.queues()) {
            QueueOptionsValues o = effective.get(d.name());
            if (!o.enabled()) {
                LOG.log(System.Logger.Level.INFO, "meteor-job: queue " + d.name() + " is disabled");
                continue;
            }
            QueueOptions options = o.toQueueOptions()
                    .withExecutor(executor.executor())
                    .withErrorHandler(e -> queueError(d, e));
            JobCollection jc = collection(d.collection());
            JobQueue q = d.batch()
                    ? jc.processBatches(List.of(d.type()), options, jobs -> deliverBatch(d, jobs))
                    : jc.processJobsAsync(List.of(d.type()), options, job -> deliver(d, job));
            queues.put(d.name(), q);
            LOG.log(System.Logger.Level.INFO, "meteor-job: processing " + d.name() + " with " + o
                    + " for " + d.observers());
        }
    }

    private void queueError(QueueDefinition d, Throwable e) {
        Throwable cause = FaultTolerantDdpClient.unwrap(e);
        boolean circuitOpen = false;
        for (Throwable t = e; t != null && !circuitOpen; t = t.getCause() == t ? null : t.getCause()) {
            circuitOpen = CircuitState.isCircuitOpen(t);
        }
        if (circuitOpen || stopping) {
            LOG.log(System.Logger.Level.DEBUG, "meteor-job: queue " + d.name() + ": " + cause);
        } else {
            LOG.log(System.Logger.Level.WARNING, "meteor-job: queue " + d.name() + ": " + cause);
        }
    }

    private void circuitChanged() {
        if (circuit.isOpen()) {
            LOG.log(System.Logger.Level.WARNING, "meteor-job: queues " + queues.keySet()
                    + " fetch no work while the DDP call circuit is open");
        }
    }

    // ---- delivery ----

    private ProcessJobs qualifier(QueueDefinition d) {
        return ProcessJobs.Literal.of(d.collection(), d.type());
    }

    /** One job: sync observers on this (executor) thread, then async observers; then done or fail. */
    private CompletionStage<?> deliver(QueueDefinition d, Job job) {
        long started = System.nanoTime();
        fireWorker(WorkerEvent.Kind.STARTED, d, job, 0, null);
        CompletionStage<Void> observed;
        try {
            if (d.syncObservers()) {
                events.select(Job.class, qualifier(d)).fire(job);
            }
            observed = d.asyncObservers()
                    ? events.select(Job.class, qualifier(d)).fireAsync(job, NotificationOptions.ofExecutor(executor.executor()))
                    .thenApply(j -> (Void) null)
                    : CompletableFuture.completedFuture(null);
        } catch (RuntimeException e) {
            observed = CompletableFuture.failedFuture(e);
        }
        return observed.handle((ok, error) -> {
            long ms = (System.nanoTime() - started) / 1_000_000;
            if (error == null) {
                fireWorker(WorkerEvent.Kind.COMPLETED, d, job, ms, null);
                return complete(job);
            }
            Throwable cause = observerCause(error);
            fireWorker(WorkerEvent.Kind.FAILED, d, job, ms, cause);
            return failJob(job, cause);
        }).thenCompose(s -> s);
    }

    private void deliverBatch(QueueDefinition d, List<Job> jobs) {
        long started = System.nanoTime();
        JobBatch batch = new JobBatch(jobs);
        jobs.forEach(j -> fireWorker(WorkerEvent.Kind.STARTED, d, j, 0, null));
        Throwable failure = null;
        try {
            if (d.syncObservers()) {
                events.select(JobBatch.class, qualifier(d)).fire(batch);
            }
            if (d.asyncObservers()) {
                // notified on the container's async executor: this worker thread waits, and waiting for a
                // thread of its own (possibly saturated) pool could deadlock
                events.select(JobBatch.class, qualifier(d)).fireAsync(batch).toCompletableFuture().join();
            }
        } catch (RuntimeException e) {
            failure = observerCause(e);
        }
        long ms = (System.nanoTime() - started) / 1_000_000;
        List<CompletableFuture<?>> completions = new ArrayList<>();
        for (Job j : jobs) {
            fireWorker(failure == null ? WorkerEvent.Kind.COMPLETED : WorkerEvent.Kind.FAILED, d, j, ms, failure);
            completions.add((failure == null ? complete(j) : failJob(j, failure)).toCompletableFuture());
        }
        // the batch worker contract: every job has its done/fail answered before we return
        CompletableFuture.allOf(completions.toArray(CompletableFuture[]::new)).exceptionally(e -> null).join();
    }

    private static boolean alreadyCompleted(Job job) {
        return job instanceof io.github.meteorjob.job.DefaultJob dj && dj.isCompletionSent();
    }

    /** done() unless the observer already completed or failed the job itself. */
    private static CompletionStage<?> complete(Job job) {
        if (alreadyCompleted(job)) {
            return CompletableFuture.completedFuture(null);
        }
        try {
            return job.done();
        } catch (IllegalStateException alreadyCompleted) {
            return CompletableFuture.completedFuture(null);
        }
    }

    /** fail() with the exception (class and message only), unless the observer already completed the job. */
    private static CompletionStage<?> failJob(Job job, Throwable cause) {
        if (alreadyCompleted(job)) {
            return CompletableFuture.completedFuture(null);
        }
        try {
            return job.fail(cause);
        } catch (IllegalStateException alreadyCompleted) {
            return CompletableFuture.completedFuture(null);
        }
    }

    /** The observer's own exception, without the container's and the future's wrappers. */
    static Throwable observerCause(Throwable error) {
        Throwable t = error;
        for (int i = 0; i < 5; i++) {
            if (t instanceof CompletionException && t.getCause() == null && t.getSuppressed().length > 0) {
                t = t.getSuppressed()[0];
            } else if ((t instanceof CompletionException || t instanceof ObserverException
                    || t instanceof java.util.concurrent.ExecutionException) && t.getCause() != null) {
                t = t.getCause();
            } else if (t instanceof CompletionException && t.getSuppressed().length > 0) {
                t = t.getSuppressed()[0];
            } else {
                break;
            }
        }
        return t;
    }

    private void fireWorker(WorkerEvent.Kind kind, QueueDefinition d, Job job, long ms, Throwable error) {
        try {
            events.select(WorkerEvent.class).fireAsync(new WorkerEvent(kind, d.collection(), d.type(), job.id(),
                    Duration.ofMillis(ms), error == null ? null : error.getClass().getName() + ": " + error.getMessage()));
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "meteor-job: cannot fire WorkerEvent: " + e);
        }
    }

    private void fire(ConnectionEvent.Kind kind, String detail) {
        try {
            events.select(ConnectionEvent.class).fireAsync(new ConnectionEvent(kind, url, detail, Instant.now()));
        } catch (RuntimeException e) {
            // the container may be going down
            LOG.log(System.Logger.Level.DEBUG, "meteor-job: cannot fire ConnectionEvent: " + e);
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
            }
        }
        if (done != null) {
            done.join();
            return;
        }
        try {
            ConfigReader c = config != null ? config : ConfigReader.current();
            String levelName = c.get("meteor-job.shutdown", "NORMAL").toUpperCase(Locale.ROOT);
            ShutdownLevel level;
            try {
                level = ShutdownLevel.valueOf(levelName);
            } catch (IllegalArgumentException e) {
                LOG.log(System.Logger.Level.WARNING, "meteor-job.shutdown must be SOFT, NORMAL or HARD, was '" + levelName
                        + "'; using NORMAL");
                level = ShutdownLevel.NORMAL;
            }
            long timeoutMs = c.getLong("meteor-job.shutdown-timeout").orElse(30_000L);
            List<CompletableFuture<Void>> all = new ArrayList<>();
            List<JobQueue> running;
            synchronized (this) {
                running = new ArrayList<>(queues.values());
            }
            for (JobQueue q : running) {
                all.add(q.shutdown(level).toCompletableFuture());
            }
            if (!all.isEmpty()) {
                LOG.log(System.Logger.Level.INFO, "meteor-job: shutting down " + all.size() + " queue(s) (" + level + ")");
                try {
                    CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(timeoutMs, TimeUnit.MILLISECONDS);
                } catch (TimeoutException e) {
                    LOG.log(System.Logger.Level.WARNING, "meteor-job: queues did not finish within " + timeoutMs
                            + " ms (meteor-job.shutdown-timeout); closing anyway");
                } catch (Exception e) {
                    LOG.log(System.Logger.Level.WARNING, "meteor-job: queue shutdown failed: " + e);
                }
            }
            if (raw != null) {
                raw.close();
            }
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

    // ---- accessors for beans, the health check and tests ----

    /** The application's connection (method calls go through Fault Tolerance). */
    public DdpClient client() {
        FaultTolerantDdpClient c = ensureClient();
        if (c == null) {
            throw new IllegalStateException("meteor-job.url is not configured; set it (e.g. ws://127.0.0.1:3000/websocket) "
                    + "in MicroProfile Config, a system property or the environment (METEOR_JOB_URL)");
        }
        return c;
    }

    /** The handle for one collection root, on {@link #client()}. */
    public JobCollection collection(String root) {
        JobCollection existing = collections.get(root);
        if (existing != null) {
            return existing;
        }
        // client() before computeIfAbsent: ensureClient() locks this runtime, and startQueues() calls collection()
        // while holding that lock; resolving the client inside the map's bin lock deadlocked an injection racing
        // with startup (seen in Quarkus: main thread vs. the connect callback)
        DdpClient c = client();
        return collections.computeIfAbsent(root, r -> JobCollectionFactory.create(c, r));
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
        return connected && raw != null && raw.state() == ConnectionState.CONNECTED;
    }

    /** Logged in, or no credentials configured. */
    public boolean isLoggedIn() {
        return !credentials || (raw != null && raw.login() != null);
    }

    public boolean isCircuitOpen() {
        return circuit.isOpen();
    }

    public String url() {
        return url;
    }

    /** The last connection problem, or {@code null}. */
    public String lastError() {
        return lastError;
    }
}
