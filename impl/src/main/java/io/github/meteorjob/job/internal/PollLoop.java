package io.github.meteorjob.job.internal;

import io.github.meteorjob.GetWorkOptions;
import io.github.meteorjob.Job;
import io.github.meteorjob.JobException;
import io.github.meteorjob.QueueOptions;
import io.github.meteorjob.ddp.DdpConnectionLostException;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A queue's fetching: the poll timer, the getWork calls (never two outstanding, none while paused, stopping or
 * disconnected), their answers taken into {@link QueueState#tasks}, and the fallback to polling when the push
 * trigger is unavailable.
 *
 * <p>Its fields are guarded by the queue's {@link QueueState} lock, since whether to fetch depends on that state.
 */
final class PollLoop {

    private final QueueContext queue;
    /** The queue's state, whose lock guards this loop's fields. */
    private final QueueState state;
    private final Duration getWorkBound;
    /** Told after each answer, with the jobs a shutdown refuses: fails them, starts workers, ends a shutdown. */
    private final Consumer<List<DefaultJob>> taken;

    private boolean getWorkOutstanding;
    /** volatile: read without the lock by {@link #interval()} for the liveness snapshot */
    private volatile boolean pollFallback;
    /**
     * When the loop last ran or was (re)scheduled, and when the outstanding getWork was sent (0: none). Plain volatile
     * writes, so the liveness snapshot reads them without the lock and the loop pays next to nothing.
     */
    private volatile long lastRun = System.nanoTime();
    private volatile long outstandingSince;
    private ScheduledFuture<?> poll;
    /** getWork calls that failed in a row (the health check's signal), and the last failure. */
    private int getWorkFailuresInARow;
    private Throwable lastGetWorkFailure;

    PollLoop(QueueContext queue, Duration getWorkBound, Consumer<List<DefaultJob>> taken) {
        this.queue = queue;
        this.state = queue.state();
        this.getWorkBound = getWorkBound;
        this.taken = taken;
    }

    int failuresInARow() {
        synchronized (state) {
            return getWorkFailuresInARow;
        }
    }

    Throwable lastFailure() {
        synchronized (state) {
            return getWorkFailuresInARow == 0 ? null : lastGetWorkFailure;
        }
    }

    boolean isFetching() {
        synchronized (state) {
            return getWorkOutstanding;
        }
    }

    /** Since the loop last ran or was scheduled. */
    Duration sinceLastRun(long now) {
        return Duration.ofNanos(now - lastRun);
    }

    /** How long the outstanding getWork call has waited, or {@code null} when none is outstanding. */
    Duration outstandingFor(long now) {
        long since = outstandingSince;
        return since == 0 ? null : Duration.ofNanos(now - since);
    }

    Duration bound() {
        return getWorkBound;
    }

    /** Asks for work soon on the timer thread, so that the caller (often a network thread) never sends it. */
    void fetchSoon() {
        queue.timer().execute(this::getWork);
    }

    /** The interval the queue polls at now, or {@code null} when it does not poll. */
    Duration interval() {
        if (queue.options().polls()) {
            return queue.options().pollInterval();
        }
        return pollFallback ? QueueOptions.DEFAULT_POLL_INTERVAL : null;
    }

    /** (Re)starts the poll timer if the queue polls and is active; called under the state lock. */
    void schedule() {
        cancel();
        lastRun = System.nanoTime();
        Duration interval = interval();
        if (interval != null && state.active()) {
            long ms = Math.max(1, interval.toMillis());
            poll = queue.timer().scheduleAtFixedRate(this::getWork, ms, ms, TimeUnit.MILLISECONDS);
        }
    }

    /** Stops the poll timer; called under the state lock. */
    void cancel() {
        if (poll != null) {
            poll.cancel(false);
            poll = null;
        }
    }

    /** The push trigger is unavailable: poll at the default interval instead. */
    void fallBack(Throwable cause) {
        synchronized (state) {
            if (state.shuttingDown != null) {
                return;
            }
        }
        queue.report().accept(new JobException("push trigger unavailable (" + cause.getMessage() + "); polling instead",
                cause));
        synchronized (state) {
            pollFallback = true;
            if (!state.paused && poll == null) {
                schedule();
            }
        }
    }

    /** Sends a getWork call for the free room, if the queue may fetch now; never waits for the answer. */
    void getWork() {
        lastRun = System.nanoTime();
        int count;
        QueueOptions options = queue.options();
        synchronized (state) {
            // never two getWork calls outstanding; no fetching while paused, stopping or disconnected
            if (getWorkOutstanding || !state.active() || !state.connected) {
                return;
            }
            count = options.prefetch() + options.payload() * (options.concurrency() - state.running.size())
                    - state.tasks.size();
            if (count <= 0) {
                return;
            }
            getWorkOutstanding = true;
        }
        long sent = System.nanoTime();
        outstandingSince = sent;
        CompletionStage<List<Job>> stage;
        try {
            stage = queue.collection().getWork(queue.types(), new GetWorkOptions(count, options.workTimeout()));
        } catch (RuntimeException e) {
            stage = CompletableFuture.failedFuture(e);
        }
        // an answer after the bound still delivers its jobs (they are leased to us)
        Duration limit = getWorkBound;
        AnswerBound.await(stage, limit, queue.timer(), () -> new JobException("getWork() got no answer within "
                        + limit.toMillis() + " ms; the next poll asks again"),
                (jobs, err) -> received(count, jobs, err, sent),
                jobs -> {
                    if (jobs != null && !jobs.isEmpty()) {
                        receivedLate(jobs);
                    }
                });
    }

    /** Jobs from a getWork answer that came after {@link #getWorkBound}: ours all the same, so run them. */
    private void receivedLate(List<Job> jobs) {
        List<DefaultJob> toFail;
        synchronized (state) {
            toFail = state.take(jobs);
        }
        taken.accept(toFail);
    }

    private void received(int asked, List<Job> jobs, Throwable err, long sent) {
        queue.metrics().getWork(jobs, err == null ? null : DefaultJobQueue.unwrap(err), System.nanoTime() - sent);
        List<DefaultJob> toFail = List.of();
        synchronized (state) {
            getWorkOutstanding = false;
            outstandingSince = 0;
            if (err == null) {
                getWorkFailuresInARow = 0;
                if (jobs.size() > asked) {
                    queue.report().accept(new JobException("getWork() returned jobs (" + jobs.size()
                            + ") in excess of maxJobs (" + asked + ")"));
                }
                toFail = state.take(jobs);
            }
        }
        if (err != null) {
            failed(DefaultJobQueue.unwrap(err));
        }
        taken.accept(toFail);
    }

    private void failed(Throwable cause) {
        synchronized (state) {
            getWorkFailuresInARow++;
            lastGetWorkFailure = cause;
        }
        queue.report().accept(new JobException("getWork() failed: " + cause.getMessage() + "; the next poll asks again",
                cause));
        boolean refetch;
        synchronized (state) {
            refetch = state.connected && cause instanceof DdpConnectionLostException;
        }
        if (refetch) {
            // the link came back before this failure arrived, so the reconnect did not fetch: do it now
            fetchSoon();
        }
    }
}
