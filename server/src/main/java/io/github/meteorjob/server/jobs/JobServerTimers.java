package io.github.meteorjob.server.jobs;

import io.github.meteorjob.DdpException;
import io.github.meteorjob.server.store.JobDoc;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import static io.github.meteorjob.JobStatus.RUNNING;
import static io.github.meteorjob.server.jobs.JobTransitions.JSON;

/**
 * Whether a collection's job server runs, and its timers: the periodic safety-net sweep, the
 * one-shot wake-up on the earliest due promotion or expiry (re-armed after every write), and the
 * timer that fails jobs still running after a shutdown's timeout. Like job-collection, the server
 * starts stopped. State is guarded by the collection's lock; the timers write through
 * {@link CommitPoint#write}.
 */
final class JobServerTimers extends CollectionPart {

    private static final System.Logger LOG = System.getLogger(JobCollectionServer.class.getName());

    /** Longest single wait of the promotion timer; see {@link #armWakeup()}. */
    private static final Duration MAX_TIMER_DELAY = Duration.ofDays(1);

    private final JobServerOptions options;
    private final JobTransitions transitions;
    private final ScheduledExecutorService scheduler;
    private final boolean ownScheduler;

    // guarded by the collection's lock
    // volatile as well: health checks read them without taking the lock
    private volatile boolean stopped = true;
    private volatile boolean closed;
    private ScheduledFuture<?> shutdownTimer;
    private ScheduledFuture<?> sweep;
    private ScheduledFuture<?> wakeup;
    private Instant wakeupAt;
    private volatile CollectionObserver observer = CollectionObserver.NONE;
    /** When a sweep of the running job server last finished ({@link System#nanoTime()}), for health checks. */
    private volatile long lastSweepNanos = System.nanoTime();

    JobServerTimers(JobTransitions transitions, JobServerOptions options) {
        super(transitions);
        this.options = options;
        this.transitions = transitions;
        if (options.scheduler() != null) {
            this.scheduler = options.scheduler();
            this.ownScheduler = false;
        } else {
            this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "job-server-" + root);
                t.setDaemon(true);
                return t;
            });
            this.ownScheduler = true;
        }
    }

    /** Whether the job server is stopped (hands out nothing). Under the lock. */
    boolean isStopped() {
        return stopped;
    }

    /** {@code startJobServer}'s writes: start the sweep and promote what is due. Under the lock. */
    JsonValue start() {
        if (closed) {
            throw new DdpException(503, "Job server for '" + root + "' is closed");
        }
        if (shutdownTimer != null) {
            shutdownTimer.cancel(false);
            shutdownTimer = null;
        }
        stopped = false;
        lastSweepNanos = System.nanoTime();
        if (sweep == null) {
            long ms = saturatedMillis(options.promoteInterval(), 1);
            sweep = scheduler.scheduleWithFixedDelay(this::timerSweep, ms, ms, TimeUnit.MILLISECONDS);
        }
        sweep();
        return JsonValue.TRUE;
    }

    /** {@code shutdownJobServer}'s writes: stop, and fail jobs still running after {@code timeoutMs}. Under the lock. */
    JsonValue shutdown(long timeoutMs) {
        if (shutdownTimer != null) {
            shutdownTimer.cancel(false);
        }
        stopped = true;
        cancelWakeup();
        if (!closed) {
            shutdownTimer = scheduler.schedule(this::failRunningAtShutdown, timeoutMs, TimeUnit.MILLISECONDS);
        }
        return JsonValue.TRUE;
    }

    private void failRunningAtShutdown() {
        try {
            commits.write(() -> {
                if (!stopped) {
                    return null; // restarted meanwhile
                }
                shutdownTimer = null;
                List<String> running = new ArrayList<>(store.idsByStatus(RUNNING.wireName()));
                if (!running.isEmpty()) {
                    LOG.log(System.Logger.Level.WARNING, "Failing {0} jobs of {1} on job server shutdown", running.size(), root);
                }
                JsonObject err = JSON.createObjectBuilder().add("value", "Running at Job Server shutdown.").build();
                for (String id : running) {
                    JobDoc d = store.get(id);
                    if (d != null && d.runId != null) {
                        transitions.fail(id, d.runId, err, false);
                    }
                }
                return null;
            });
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "job server shutdown of " + root + " failed", e);
        }
    }

    /** job-collection's {@code _promote_jobs}: only while started. Runs under the lock. */
    Object sweep() {
        if (stopped || closed) {
            return null;
        }
        Instant now = transitions.now();
        JsonObject err = JSON.createObjectBuilder().add("value", "Failed for exceeding worker set workTimeout").build();
        CollectionObserver obs = observer;
        for (String id : store.expiredIds(now)) {
            JobDoc d = store.get(id);
            if (d != null && d.runId != null && transitions.fail(id, d.runId, err, false)) {
                obs.expired(d.type);
            }
        }
        List<JobDoc> due = new ArrayList<>();
        if (obs != CollectionObserver.NONE) {
            // ready() promotes exactly these (waiting, no pending depends, after <= now); read their after first
            for (String id : store.promotableIds(now)) {
                JobDoc d = store.get(id);
                if (d != null) {
                    due.add(d);
                }
            }
        }
        transitions.ready(List.of(), false, now, now);
        for (JobDoc d : due) {
            obs.promotedOnTime(d.type, Duration.between(d.after, now));
        }
        lastSweepNanos = System.nanoTime();
        return null;
    }

    void observer(CollectionObserver observer) {
        this.observer = observer == null ? CollectionObserver.NONE : observer;
    }

    /** Time since the last sweep, or empty while stopped (the timers are then off on purpose). Any thread. */
    Optional<Duration> sinceLastSweep() {
        if (stopped || closed) {
            return Optional.empty();
        }
        return Optional.of(Duration.ofNanos(System.nanoTime() - lastSweepNanos));
    }

    private void timerSweep() {
        try {
            commits.write(this::sweep);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "promotion sweep of " + root + " failed", e);
        }
    }

    /**
     * Arms the one-shot timer on the earliest due promotion or expiry. Under the lock, after the
     * commit: a failure here must not turn a committed write into an error answer (nor every
     * later call), so it is logged and the periodic sweep stays the fallback.
     */
    void rearm() {
        if (stopped || closed) {
            return;
        }
        try {
            armWakeup();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "cannot arm the promotion timer of " + root
                    + "; due jobs are promoted by the periodic sweep", e);
        }
    }

    private void armWakeup() {
        Instant next = null;
        Optional<Instant> p = store.earliestPromotable();
        Optional<Instant> e = store.earliestExpiry();
        if (p.isPresent()) {
            next = p.get();
        }
        if (e.isPresent()) {
            // expired means expiresAfter < now: due one millisecond later
            Instant ex = e.get().plusMillis(1);
            next = next == null || ex.isBefore(next) ? ex : next;
        }
        if (next == null) {
            return;
        }
        if (wakeup != null && !wakeup.isDone() && wakeupAt != null && !wakeupAt.isAfter(next)) {
            return; // an earlier (or equal) wake-up is already armed; it re-arms after it runs
        }
        cancelWakeup();
        // Dates reach ±8.64e15 ms (year 275760), beyond what Duration.toNanos() can hold: wait at
        // most MAX_TIMER_DELAY, then sweep (nothing due) and re-arm. A job centuries ahead thus
        // costs one idle wake-up a day and never fires during this process's life.
        Instant now = transitions.now();
        Duration delay = Duration.between(now, next);
        if (delay.compareTo(MAX_TIMER_DELAY) > 0) {
            delay = MAX_TIMER_DELAY;
            next = now.plus(delay);
        }
        wakeupAt = next;
        wakeup = scheduler.schedule(this::wakeup, Math.max(0, delay.toNanos()), TimeUnit.NANOSECONDS);
    }

    /** The one-shot timer: sweeps, then arms itself again on whatever is due next. */
    private void wakeup() {
        try {
            commits.write(() -> {
                // this timer has fired: let rearm() schedule the next one
                wakeup = null;
                wakeupAt = null;
                return sweep();
            });
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "promotion timer of " + root + " failed", e);
        }
    }

    private void cancelWakeup() {
        if (wakeup != null) {
            wakeup.cancel(false);
            wakeup = null;
            wakeupAt = null;
        }
    }

    /** Stops for good and cancels every timer. Under the lock. */
    void close() {
        closed = true;
        stopped = true;
        cancelWakeup();
        if (sweep != null) {
            sweep.cancel(false);
            sweep = null;
        }
        if (shutdownTimer != null) {
            shutdownTimer.cancel(false);
            shutdownTimer = null;
        }
    }

    /** The executor of the timers (also runs the collection's other background work, e.g. retention). */
    ScheduledExecutorService scheduler() {
        return scheduler;
    }

    /** Shuts the scheduler down when it is the server's own; outside the lock. */
    void shutdownOwnScheduler() {
        if (ownScheduler) {
            scheduler.shutdownNow();
        }
    }

    /** A duration in milliseconds, at least {@code min}; one too long for a long saturates instead of throwing. */
    static long saturatedMillis(Duration d, long min) {
        long ms;
        try {
            ms = d.toMillis();
        } catch (ArithmeticException e) {
            ms = d.isNegative() ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
        return Math.max(min, ms);
    }
}
