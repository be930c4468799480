package io.github.meteorjob.job.internal;

import io.github.meteorjob.QueueOptions;
import io.github.meteorjob.observability.Observability;

import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;

/**
 * What the parts of one queue ({@link PollLoop}, {@link WorkerSlots}) share, built once by {@link DefaultJobQueue}:
 * the collection and job types it works for, its options, its state (whose lock guards the parts' fields), its
 * worker, the executor that runs it and what the worker's return means for its jobs, its metrics, its timer thread,
 * and where its failures are reported.
 */
record QueueContext(DefaultJobCollection collection, List<String> types, QueueOptions options, QueueState state,
                    Dispatch dispatch, Executor executor, JobOutcome outcome, QueueMetrics metrics,
                    Observability observability, ScheduledExecutorService timer, Consumer<Throwable> report) {
}
