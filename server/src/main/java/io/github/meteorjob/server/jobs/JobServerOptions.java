package io.github.meteorjob.server.jobs;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Options of one {@link JobCollectionServer}.
 *
 * @param promoteInterval period of the safety-net sweep that promotes due waiting jobs and fails
 *                        expired running jobs (default 15 s, like job-collection's {@code promote()});
 *                        the server additionally arms timers on the earliest {@code after} and
 *                        {@code expiresAfter}, so jobs start on time rather than on the next sweep
 * @param clock           the server's clock (tests may pass a fixed or offset clock)
 * @param scheduler       the executor running timers and sweeps, or {@code null} for a private
 *                        single daemon thread that {@link JobCollectionServer#close()} shuts down
 * @param queryExtension  whether the job query extension is served ({@code <root>_findJobs},
 *                        {@code <root>_countJobs}, {@code <root>.jobCounts}; default on); off, the
 *                        server answers like job-collection, which lacks it
 * @param retention       when finished jobs are removed (default {@link RetentionPolicy#NONE}: never)
 */
public record JobServerOptions(Duration promoteInterval, Clock clock, ScheduledExecutorService scheduler,
                               boolean queryExtension, RetentionPolicy retention) {

    /** job-collection's default promote interval. */
    public static final Duration DEFAULT_PROMOTE_INTERVAL = Duration.ofSeconds(15);

    public JobServerOptions {
        Objects.requireNonNull(promoteInterval, "promoteInterval");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(retention, "retention");
        if (promoteInterval.isNegative() || promoteInterval.isZero()) {
            throw new IllegalArgumentException("promoteInterval must be positive, got " + promoteInterval);
        }
    }

    /** 15 s sweep, the UTC system clock, a private scheduler thread, the query extension on, no retention. */
    public static JobServerOptions defaults() {
        return new JobServerOptions(DEFAULT_PROMOTE_INTERVAL, Clock.systemUTC(), null, true, RetentionPolicy.NONE);
    }

    public JobServerOptions withPromoteInterval(Duration interval) {
        return new JobServerOptions(interval, clock, scheduler, queryExtension, retention);
    }

    public JobServerOptions withClock(Clock newClock) {
        return new JobServerOptions(promoteInterval, newClock, scheduler, queryExtension, retention);
    }

    public JobServerOptions withScheduler(ScheduledExecutorService newScheduler) {
        return new JobServerOptions(promoteInterval, clock, newScheduler, queryExtension, retention);
    }

    public JobServerOptions withQueryExtension(boolean on) {
        return new JobServerOptions(promoteInterval, clock, scheduler, on, retention);
    }

    public JobServerOptions withRetention(RetentionPolicy policy) {
        return new JobServerOptions(promoteInterval, clock, scheduler, queryExtension, policy);
    }
}
