package io.github.meteorjob.job.internal;

import io.github.meteorjob.JobException;
import io.github.meteorjob.LeaseLostException;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The queue's side of a job's {@code workTimeout} lease: renewing it while the worker runs, and saying so
 * when a run was lost anyway.
 */
final class Leases {

    private static final System.Logger LOG = System.getLogger(DefaultJobQueue.class.getName());

    private Leases() {
    }

    /**
     * Renews the lease of every job at {@code interval} (a progress call with unchanged progress) until the
     * returned future is cancelled; failures go to {@code report}.
     */
    static ScheduledFuture<?> keepAlive(List<DefaultJob> jobs, Duration interval, ScheduledExecutorService timer,
                                        Consumer<Throwable> report) {
        long ms = Math.max(1, interval.toMillis());
        return timer.scheduleAtFixedRate(() -> {
            for (DefaultJob j : jobs) {
                j.extendLease().whenComplete((r, e) -> {
                    if (e != null) {
                        Throwable cause = DefaultJobQueue.unwrap(e);
                        report.accept(new JobException("autoExtend progress call for job " + j.id() + " failed: "
                                + cause.getMessage(), cause));
                    }
                });
            }
        }, ms, ms, TimeUnit.MILLISECONDS);
    }

    /**
     * Logs one WARNING when done/fail for this run of the job is refused because the run was lost; names the
     * collection, type and job id, never the job's data. Whoever called done/fail also gets the exception.
     */
    static void warnWhenLost(DefaultJob job) {
        job.onCompletion(stage -> stage.whenComplete((r, e) -> {
            if (e != null && DefaultJobQueue.unwrap(e) instanceof LeaseLostException lost) {
                LOG.log(System.Logger.Level.WARNING, "lease lost: " + lost.getMessage());
            }
        }));
    }

    /** Whether a worker's failure is a lost lease, already reported by {@link #warnWhenLost}. */
    static boolean isLost(Throwable cause) {
        return cause instanceof LeaseLostException;
    }
}
