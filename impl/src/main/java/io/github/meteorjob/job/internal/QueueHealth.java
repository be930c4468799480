package io.github.meteorjob.job.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Whether a queue's own machinery is moving, as a snapshot taken without locks (so a stuck queue cannot stall the
 * check that reports it). Being disconnected, refused or paused is not being stuck: that is readiness.
 *
 * @param stopped             a shutdown began (nothing below is a problem then)
 * @param active              started, not paused, not shutting down
 * @param connected           the queue's connection is up
 * @param pollInterval        the interval the queue polls at, or {@code null} when it does not poll (push trigger)
 * @param sinceLastPoll       since the poll loop last ran or was scheduled
 * @param getWorkOutstanding  how long the outstanding getWork call has waited, or {@code null} when none is
 * @param getWorkBound        the longest the queue waits for a getWork answer before it stops waiting
 * @param oldestNotStarted    how long the oldest worker handed to the executor has waited for a thread, or
 *                            {@code null} when every worker has started
 * @param oldestRunning       how long the oldest worker slot has been taken, or {@code null} when none is
 * @param executorShutDown    the queue's executor is shut down
 * @param lastRejection       the executor's refusal of the last worker handed to it, or {@code null}
 */
public record QueueHealth(boolean stopped, boolean active, boolean connected, Duration pollInterval,
                          Duration sinceLastPoll, Duration getWorkOutstanding, Duration getWorkBound,
                          Duration oldestNotStarted, Duration oldestRunning, boolean executorShutDown,
                          Throwable lastRejection) {

    /** The least time a part must be stuck before it counts: one minute. */
    public static final Duration MIN_STALL = Duration.ofMinutes(1);
    /** How many poll intervals a poll loop may miss before it counts as stuck (when that is over a minute). */
    public static final int STALL_POLLS = 10;

    /** The default stall limit for a queue polling at {@code pollInterval}: the longer of a minute and 10 intervals. */
    public static Duration defaultStallAfter(Duration pollInterval) {
        if (pollInterval == null) {
            return MIN_STALL;
        }
        Duration polls = pollInterval.multipliedBy(STALL_POLLS);
        return polls.compareTo(MIN_STALL) > 0 ? polls : MIN_STALL;
    }

    /**
     * The stuck parts, each named with what was seen and the limit it passed; empty when the queue is live.
     *
     * @param stallAfter   how long a part may stand still (see {@link #defaultStallAfter(Duration)})
     * @param localTimeout the queue's local worker timeout, or {@code null} when it has none
     */
    public List<String> stuck(Duration stallAfter, Duration localTimeout) {
        List<String> problems = new ArrayList<>();
        if (stopped) {
            return problems;
        }
        if (executorShutDown) {
            problems.add("its executor is shut down while the queue runs, so no worker can start");
        } else if (lastRejection != null) {
            problems.add("its executor rejected the last worker (" + lastRejection + ")");
        }
        if (active && connected && pollInterval != null && sinceLastPoll.compareTo(stallAfter) > 0) {
            problems.add("its poll loop has not run for " + sinceLastPoll.toMillis() + " ms (poll interval "
                    + pollInterval.toMillis() + " ms, limit " + stallAfter.toMillis() + " ms)");
        }
        if (getWorkOutstanding != null && getWorkOutstanding.compareTo(getWorkBound.plus(stallAfter)) > 0) {
            problems.add("a getWork call has waited " + getWorkOutstanding.toMillis() + " ms, past its bound of "
                    + getWorkBound.toMillis() + " ms plus " + stallAfter.toMillis() + " ms");
        }
        if (oldestNotStarted != null && oldestNotStarted.compareTo(stallAfter) > 0) {
            problems.add("a worker has waited " + oldestNotStarted.toMillis() + " ms for a thread of its executor "
                    + "(limit " + stallAfter.toMillis() + " ms): the executor's threads are all busy or blocked");
        }
        if (localTimeout != null && oldestRunning != null
                && oldestRunning.compareTo(localTimeout.plus(stallAfter)) > 0) {
            problems.add("a worker slot has been taken for " + oldestRunning.toMillis() + " ms, past its timeout of "
                    + localTimeout.toMillis() + " ms plus " + stallAfter.toMillis() + " ms, without being freed");
        }
        return problems;
    }
}
