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
 * @param workTimeout  passed to {@code getWork}: the server fails a job whose worker stays silent this long;
 *                     {@code null} for none
 * @param autoExtend   when set, every running job gets a progress call at this interval, which keeps its
 *                     {@code workTimeout} lease alive; {@code null} for none
 * @param pushTrigger  subscribe to the server's {@code <root>.jobs} publication and fetch as soon as a ready
 *                     job of the queue's types appears (falls back to polling when the server has no such publication)
 * @param executor     where workers run; {@code null} for the default (virtual threads when the JVM has them,
 *                     else a bounded pool of {@code concurrency} threads)
 * @param errorHandler receives errors that have no caller to go to (failed getWork, worker contract
 *                     violations...); {@code null} logs them
 */
public record QueueOptions(int concurrency, int payload, int prefetch, Duration pollInterval, Duration workTimeout,
                           Duration autoExtend, boolean pushTrigger, Executor executor, Consumer<Throwable> errorHandler) {

    /** The default poll interval, 5 seconds. */
    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(5);

    public QueueOptions {
        if (concurrency < 0) {
            throw new IllegalArgumentException("concurrency must be an integer >= 0, was " + concurrency);
        }
        if (payload < 0) {
            throw new IllegalArgumentException("payload must be an integer >= 0, was " + payload);
        }
        if (prefetch < 0) {
            throw new IllegalArgumentException("prefetch must be an integer >= 0, was " + prefetch);
        }
        if (pollInterval != null && pollInterval.isNegative()) {
            throw new IllegalArgumentException("pollInterval must be >= 0 (zero or null: never poll), was " + pollInterval);
        }
        if (workTimeout != null && workTimeout.toMillis() < 1) {
            throw new IllegalArgumentException("workTimeout must be a positive number of milliseconds, was " + workTimeout);
        }
        if (autoExtend != null && autoExtend.toMillis() < 1) {
            throw new IllegalArgumentException("autoExtend must be a positive number of milliseconds, was " + autoExtend);
        }
    }

    /** meteor-job's defaults: concurrency 1, payload 1, prefetch 0, poll every 5 s, no work timeout. */
    public static QueueOptions defaults() {
        return new QueueOptions(1, 1, 0, DEFAULT_POLL_INTERVAL, null, null, false, null, null);
    }

    /** Whether the queue polls at all. */
    public boolean polls() {
        return pollInterval != null && !pollInterval.isZero();
    }

    public QueueOptions withConcurrency(int concurrency) {
        return new QueueOptions(concurrency, payload, prefetch, pollInterval, workTimeout, autoExtend, pushTrigger, executor, errorHandler);
    }

    public QueueOptions withPayload(int payload) {
        return new QueueOptions(concurrency, payload, prefetch, pollInterval, workTimeout, autoExtend, pushTrigger, executor, errorHandler);
    }

    public QueueOptions withPrefetch(int prefetch) {
        return new QueueOptions(concurrency, payload, prefetch, pollInterval, workTimeout, autoExtend, pushTrigger, executor, errorHandler);
    }

    /** {@code null} or zero: never poll. */
    public QueueOptions withPollInterval(Duration pollInterval) {
        return new QueueOptions(concurrency, payload, prefetch, pollInterval, workTimeout, autoExtend, pushTrigger, executor, errorHandler);
    }

    public QueueOptions withWorkTimeout(Duration workTimeout) {
        return new QueueOptions(concurrency, payload, prefetch, pollInterval, workTimeout, autoExtend, pushTrigger, executor, errorHandler);
    }

    public QueueOptions withAutoExtend(Duration autoExtend) {
        return new QueueOptions(concurrency, payload, prefetch, pollInterval, workTimeout, autoExtend, pushTrigger, executor, errorHandler);
    }

    public QueueOptions withPushTrigger(boolean pushTrigger) {
        return new QueueOptions(concurrency, payload, prefetch, pollInterval, workTimeout, autoExtend, pushTrigger, executor, errorHandler);
    }

    public QueueOptions withExecutor(Executor executor) {
        return new QueueOptions(concurrency, payload, prefetch, pollInterval, workTimeout, autoExtend, pushTrigger, executor, errorHandler);
    }

    public QueueOptions withErrorHandler(Consumer<Throwable> errorHandler) {
        return new QueueOptions(concurrency, payload, prefetch, pollInterval, workTimeout, autoExtend, pushTrigger, executor, errorHandler);
    }
}
