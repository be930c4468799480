package io.github.meteorjob;

import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * Options of a {@link JobQueue} ({@link JobCollection#processJobs}). Start from {@link #defaults()}
 * and change what you need with the {@code with...} methods.
 *
 * @param concurrency  how many workers run at once (default 1)
 * @param payload      how many jobs one worker call receives (default 1)
 * @param prefetch     how many extra jobs are fetched and held locally (default 0)
 * @param pollInterval how often the queue asks for work (default 5 s); {@code null} or zero means never,
 *                     only {@link JobQueue#trigger()} (and the push trigger) fetch
 * @param workTimeout  the lease, passed to {@code getWork}: the server fails a job whose worker stays silent this
 *                     long, so a crashed or cut-off worker's jobs do not stay {@code running} for ever (they go
 *                     back to waiting/ready when they have retries left). Default {@link #DEFAULT_WORK_TIMEOUT}
 *                     (60 s); {@code null} or {@link Duration#ZERO} for no lease
 * @param autoExtend   while a job runs, the queue sends a progress call at this interval, which renews its
 *                     {@code workTimeout} lease; {@code null} (the default) extends automatically every third
 *                     of {@code workTimeout}; {@link Duration#ZERO} never extends (the worker must call
 *                     {@code progress()} itself). An explicit interval must be shorter than {@code workTimeout}
 *                     (checked by {@link #validated()} when the queue starts)
 * @param pushTrigger  subscribe to the server's {@code <root>.jobs} publication and fetch as soon as a ready
 *                     job of the queue's types appears (falls back to polling when the server has no such publication)
 * @param executor     where workers run; {@code null} for the default (virtual threads when the JVM has them,
 *                     else a bounded pool of {@code concurrency} threads)
 * @param errorHandler receives errors that have no caller to go to (failed getWork, worker contract
 *                     violations...); {@code null} logs them
 */
public record QueueOptions(int concurrency, int payload, int prefetch, Duration pollInterval, Duration workTimeout,
                           Duration autoExtend, boolean pushTrigger, Executor executor, Consumer<Throwable> errorHandler) {

    /** The default concurrency, 1; the one place this default is written ({@code @ProcessJobs} uses it too). */
    public static final int DEFAULT_CONCURRENCY = 1;

    /** The default payload, 1 job per worker call. */
    public static final int DEFAULT_PAYLOAD = 1;

    /** The default prefetch, 0 extra jobs held locally. */
    public static final int DEFAULT_PREFETCH = 0;

    /** The default poll interval in milliseconds (5 s); the one place this default is written. */
    public static final long DEFAULT_POLL_INTERVAL_MS = 5_000;

    /** The default poll interval, 5 seconds. */
    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofMillis(DEFAULT_POLL_INTERVAL_MS);

    /** The default lease in milliseconds (60 s); the one place this default is written. */
    public static final long DEFAULT_WORK_TIMEOUT_MS = 60_000;

    /** The default lease, 60 seconds, renewed by automatic extension while the worker runs. */
    public static final Duration DEFAULT_WORK_TIMEOUT = Duration.ofMillis(DEFAULT_WORK_TIMEOUT_MS);

    /** With automatic extension the lease is renewed this many times per {@code workTimeout}. */
    public static final int AUTO_EXTENSIONS_PER_LEASE = 3;

    public QueueOptions {
        Checks.nonNegativeInteger("concurrency", concurrency);
        Checks.nonNegativeInteger("payload", payload);
        Checks.nonNegativeInteger("prefetch", prefetch);
        if (pollInterval != null && pollInterval.isNegative()) {
            throw new IllegalArgumentException("pollInterval must be >= 0 (zero or null: never poll), was " + pollInterval);
        }
        if (workTimeout != null && (workTimeout.isNegative() || (!workTimeout.isZero() && workTimeout.toMillis() < 1))) {
            throw new IllegalArgumentException("workTimeout must be zero (no lease) or at least 1 ms, was " + workTimeout);
        }
        if (workTimeout != null && workTimeout.isZero()) {
            workTimeout = null;
        }
        if (autoExtend != null && (autoExtend.isNegative() || (!autoExtend.isZero() && autoExtend.toMillis() < 1))) {
            throw new IllegalArgumentException("autoExtend must be zero (never extend), null (automatic) or at least 1 ms, was "
                    + autoExtend);
        }
    }

    /**
     * These options, after the checks that involve several of them (made when a queue starts, so the
     * {@code with...} calls may come in any order).
     *
     * @throws IllegalArgumentException when an explicit {@code autoExtend} is not shorter than {@code workTimeout}
     */
    public QueueOptions validated() {
        if (autoExtend != null && !autoExtend.isZero() && workTimeout != null && autoExtend.compareTo(workTimeout) >= 0) {
            throw new IllegalArgumentException("autoExtend (" + autoExtend.toMillis() + " ms) must be shorter than workTimeout ("
                    + workTimeout.toMillis() + " ms), or the lease lapses between extensions");
        }
        return this;
    }

    /**
     * The defaults: concurrency 1, payload 1, prefetch 0, poll every 5 s, and a 60 s lease ({@code workTimeout})
     * extended automatically while the worker runs. meteor-job itself has no lease by default; use
     * {@code withWorkTimeout(Duration.ZERO)} for that behaviour.
     */
    public static QueueOptions defaults() {
        return new QueueOptions(DEFAULT_CONCURRENCY, DEFAULT_PAYLOAD, DEFAULT_PREFETCH, DEFAULT_POLL_INTERVAL, DEFAULT_WORK_TIMEOUT, null, false, null, null);
    }

    /**
     * The interval at which the queue renews the lease of a running job, or {@code null} when it does not:
     * no lease, {@code autoExtend} zero, else {@code autoExtend} or, when that is null, a third of the lease.
     */
    public Duration effectiveAutoExtend() {
        if (workTimeout == null || (autoExtend != null && autoExtend.isZero())) {
            return null;
        }
        if (autoExtend != null) {
            return autoExtend;
        }
        return Duration.ofMillis(Math.max(1, workTimeout.toMillis() / AUTO_EXTENSIONS_PER_LEASE));
    }

    /** Whether the queue polls at all. */
    public boolean polls() {
        return pollInterval != null && !pollInterval.isZero();
    }

    public QueueOptions withConcurrency(int concurrency) {
        return with(c -> c.concurrency = concurrency);
    }

    public QueueOptions withPayload(int payload) {
        return with(c -> c.payload = payload);
    }

    public QueueOptions withPrefetch(int prefetch) {
        return with(c -> c.prefetch = prefetch);
    }

    /** {@code null} or zero: never poll. */
    public QueueOptions withPollInterval(Duration pollInterval) {
        return with(c -> c.pollInterval = pollInterval);
    }

    /** The lease; {@code null} or zero for none. */
    public QueueOptions withWorkTimeout(Duration workTimeout) {
        return with(c -> c.workTimeout = workTimeout);
    }

    /** The lease renewal interval; {@code null} automatic (a third of the lease), zero never. */
    public QueueOptions withAutoExtend(Duration autoExtend) {
        return with(c -> c.autoExtend = autoExtend);
    }

    public QueueOptions withPushTrigger(boolean pushTrigger) {
        return with(c -> c.pushTrigger = pushTrigger);
    }

    public QueueOptions withExecutor(Executor executor) {
        return with(c -> c.executor = executor);
    }

    public QueueOptions withErrorHandler(Consumer<Throwable> errorHandler) {
        return with(c -> c.errorHandler = errorHandler);
    }

    /** A copy with one change: the {@code with...} methods differ only in the component they set. */
    private QueueOptions with(Consumer<Copy> change) {
        Copy c = new Copy(this);
        change.accept(c);
        return new QueueOptions(c.concurrency, c.payload, c.prefetch, c.pollInterval, c.workTimeout, c.autoExtend,
                c.pushTrigger, c.executor, c.errorHandler);
    }

    private static final class Copy {
        int concurrency;
        int payload;
        int prefetch;
        Duration pollInterval;
        Duration workTimeout;
        Duration autoExtend;
        boolean pushTrigger;
        Executor executor;
        Consumer<Throwable> errorHandler;

        Copy(QueueOptions o) {
            concurrency = o.concurrency;
            payload = o.payload;
            prefetch = o.prefetch;
            pollInterval = o.pollInterval;
            workTimeout = o.workTimeout;
            autoExtend = o.autoExtend;
            pushTrigger = o.pushTrigger;
            executor = o.executor;
            errorHandler = o.errorHandler;
        }
    }
}
