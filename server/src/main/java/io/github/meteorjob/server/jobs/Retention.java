package io.github.meteorjob.server.jobs;

import io.github.meteorjob.JobFilter;
import io.github.meteorjob.JobSort;
import io.github.meteorjob.JobStatus;
import io.github.meteorjob.PageRequest;
import io.github.meteorjob.TimeRange;
import io.github.meteorjob.server.store.JobDoc;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Removes finished jobs once their {@link RetentionPolicy} period has passed since their last update,
 * oldest first, in batches of at most {@value #BATCH} removals, each its own write under the
 * collection's lock, so methods run between batches. A job that an unfinished job depends on is kept.
 * Candidates come from the store's cells (status, ordered by {@code updated}), so a pass with nothing
 * to remove costs a few index look-ups.
 */
final class Retention extends CollectionPart {

    private static final System.Logger LOG = System.getLogger(JobCollectionServer.class.getName());

    /** Most removals in one write. */
    static final int BATCH = 500;

    private final JobTransitions transitions;
    private final RetentionPolicy policy;
    private ScheduledFuture<?> task; // guarded by this

    Retention(JobTransitions transitions, RetentionPolicy policy) {
        super(transitions);
        this.transitions = transitions;
        this.policy = policy;
    }

    /** How often the background pass runs: a tenth of the shortest period, between 1 s and 1 min. */
    Duration interval() {
        Duration shortest = policy.periods().values().stream().min(Duration::compareTo).orElse(Duration.ofMinutes(1));
        Duration d = shortest.dividedBy(10);
        return d.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1)
                : d.compareTo(Duration.ofMinutes(1)) > 0 ? Duration.ofMinutes(1) : d;
    }

    /** Runs passes in the background on {@code scheduler} (nothing when the policy keeps everything). */
    synchronized void start(ScheduledExecutorService scheduler) {
        if (!policy.isEnabled() || task != null) {
            return;
        }
        long ms = interval().toMillis();
        try {
            task = scheduler.scheduleWithFixedDelay(this::backgroundPass, ms, ms, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            LOG.log(System.Logger.Level.WARNING, "retention of " + root + " not started: the scheduler is shut down");
        }
    }

    synchronized void stop() {
        if (task != null) {
            task.cancel(false);
            task = null;
        }
    }

    private void backgroundPass() {
        try {
            int n = pass();
            if (n > 0) {
                LOG.log(System.Logger.Level.DEBUG, () -> "retention removed " + n + " finished jobs of " + root);
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "retention pass of " + root + " failed; the next one retries", e);
        }
    }

    /** One pass over every retained status; returns how many jobs it removed. */
    int pass() {
        int removed = 0;
        for (Map.Entry<JobStatus, Duration> e : policy.periods().entrySet()) {
            removed += pass(e.getKey(), e.getValue());
        }
        return removed;
    }

    private int pass(JobStatus status, Duration period) {
        int removed = 0;
        int kept = 0; // antecedents of unfinished jobs, skipped by the following batches
        while (true) {
            int skip = kept;
            int[] batch = commits.write(() -> {
                Instant cutoff = transitions.now().minus(period);
                JobFilter due = JobFilter.ALL.withStatuses(status).withUpdated(new TimeRange(null, cutoff));
                List<String> ids = store.find(due, PageRequest.first(BATCH).sortedBy(JobSort.UPDATED, false).withSkip(skip)).ids();
                int gone = 0;
                int held = 0;
                Instant time = transitions.now();
                for (String id : ids) {
                    JobDoc d = store.get(id);
                    if (antecedentOfUnfinished(id)) {
                        held++;
                    } else {
                        transitions.remove(d);
                        transitions.event(new ServerJobEvent.Removed(root, d.id, d.type, time));
                        gone++;
                    }
                }
                return new int[]{gone, held, ids.size()};
            });
            removed += batch[0];
            kept += batch[1];
            if (batch[2] < BATCH) {
                return removed;
            }
            Thread.yield(); // the lock is free here: waiting methods go first
        }
    }

    private boolean antecedentOfUnfinished(String id) {
        for (String dependent : store.dependentsOf(id)) {
            JobDoc d = store.get(dependent);
            if (d != null && !JobTransitions.status(d).isRemovable()) {
                return true;
            }
        }
        return false;
    }
}
