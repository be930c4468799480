package io.github.meteorjob.job.internal;

import io.github.meteorjob.Job;
import io.github.meteorjob.ShutdownLevel;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * What a queue's parts ({@link DefaultJobQueue}, {@link PollLoop}, {@link WorkerSlots}) decide on together: the
 * fetched jobs waiting for a slot, the running tasks, and the paused/connected/shutdown flags.
 *
 * <p>Every field is guarded by this object's monitor. It is one lock for the whole queue on purpose: whether to
 * fetch, how many jobs to ask for, whether to start a worker and whether a shutdown is over each read several of
 * these fields at once, and must see them consistent.
 */
final class QueueState {

    final Deque<DefaultJob> tasks = new ArrayDeque<>();
    final Map<Long, WorkerSlots.Task> running = new LinkedHashMap<>();
    /**
     * Shutdown fails not yet answered. Counted under the lock in the same step that takes the jobs away, so no
     * other thread can see the queue empty and finish the shutdown before the fails are sent.
     */
    int shutdownFailsPending;
    boolean paused = true;
    boolean connected;
    ShutdownLevel shuttingDown;
    CompletableFuture<Void> shutdownStage;

    /**
     * Takes fetched jobs into the queue; called under the lock. Jobs that arrive after a normal or hard shutdown
     * began, or after any shutdown finished, are returned (and counted) to go back to the server at once instead of
     * sitting "running" until their lease expires.
     */
    List<DefaultJob> take(List<Job> jobs) {
        List<DefaultJob> toFail = new ArrayList<>();
        boolean refuse = shuttingDown == ShutdownLevel.NORMAL || shuttingDown == ShutdownLevel.HARD
                || (shutdownStage != null && shutdownStage.isDone());
        for (Job j : jobs) {
            if (refuse) {
                toFail.add((DefaultJob) j);
            } else {
                tasks.add((DefaultJob) j);
            }
        }
        shutdownFailsPending += toFail.size();
        return toFail;
    }

    /** Whether the queue may fetch or start work; called under the lock. */
    boolean active() {
        return !paused && shuttingDown == null;
    }
}
