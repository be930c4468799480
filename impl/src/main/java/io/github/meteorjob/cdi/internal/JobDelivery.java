package io.github.meteorjob.cdi.internal;

import io.github.meteorjob.observability.LogContext;
import io.github.meteorjob.Job;
import io.github.meteorjob.JobBatch;
import io.github.meteorjob.ProcessJobs;
import io.github.meteorjob.WorkerEvent;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.NotificationOptions;
import jakarta.enterprise.event.ObserverException;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;

/**
 * Hands a queue's jobs to its {@code @ProcessJobs} observers: fires the {@link Job} (or {@link JobBatch})
 * event to the synchronous observers on the worker thread, then to the asynchronous ones, and reports
 * {@link WorkerEvent}s. Whether the job is then done or failed is not decided here: the queue's
 * {@code JobOutcome} does that from how delivery ended (returned: done; threw: fail with the observer's
 * own exception).
 */
final class JobDelivery {

    private static final System.Logger LOG = System.getLogger(MeteorJobRuntime.class.getName());

    private final Event<Object> events;
    private final Executor asyncObservers;

    /** @param asyncObservers where single-job {@code @ObservesAsync} observers run (the worker executor) */
    JobDelivery(Event<Object> events, Executor asyncObservers) {
        this.events = events;
        this.asyncObservers = asyncObservers;
    }

    /** One job: sync observers on this (executor) thread, then async observers; fails with the observer's exception. */
    CompletionStage<Void> deliver(QueueDefinition d, Job job) {
        long started = System.nanoTime();
        fireWorker(WorkerEvent.Kind.STARTED, d, job, 0, null);
        CompletionStage<Void> observed;
        try {
            if (d.syncObservers()) {
                events.select(Job.class, qualifier(d)).fire(job);
            }
            observed = d.asyncObservers()
                    ? events.select(Job.class, qualifier(d)).fireAsync(job, NotificationOptions.ofExecutor(LogContext.propagating(asyncObservers)))
                    .thenApply(j -> (Void) null)
                    : CompletableFuture.completedFuture(null);
        } catch (RuntimeException e) {
            observed = CompletableFuture.failedFuture(e);
        }
        return observed.handle((ok, error) -> {
            long ms = (System.nanoTime() - started) / 1_000_000;
            if (error == null) {
                fireWorker(WorkerEvent.Kind.COMPLETED, d, job, ms, null);
                return null;
            }
            Throwable cause = observerCause(error);
            fireWorker(WorkerEvent.Kind.FAILED, d, job, ms, cause);
            throw new CompletionException(cause);
        });
    }

    /** A batch: sync observers, then async observers, on this thread; throws the observer's exception. */
    void deliverBatch(QueueDefinition d, List<Job> jobs) throws Exception {
        long started = System.nanoTime();
        JobBatch batch = new JobBatch(jobs);
        jobs.forEach(j -> fireWorker(WorkerEvent.Kind.STARTED, d, j, 0, null));
        Throwable failure = null;
        try {
            if (d.syncObservers()) {
                events.select(JobBatch.class, qualifier(d)).fire(batch);
            }
            if (d.asyncObservers()) {
                // notified on the container's async executor: this worker thread waits, and waiting for a
                // thread of its own (possibly saturated) pool could deadlock
                events.select(JobBatch.class, qualifier(d)).fireAsync(batch).toCompletableFuture().join();
            }
        } catch (RuntimeException e) {
            failure = observerCause(e);
        }
        long ms = (System.nanoTime() - started) / 1_000_000;
        for (Job j : jobs) {
            fireWorker(failure == null ? WorkerEvent.Kind.COMPLETED : WorkerEvent.Kind.FAILED, d, j, ms, failure);
        }
        if (failure instanceof Exception e) {
            throw e;
        }
        if (failure instanceof Error e) {
            throw e;
        }
    }

    /** The observer's own exception, without the container's and the future's wrappers. */
    static Throwable observerCause(Throwable error) {
        Throwable t = error;
        for (int i = 0; i < 5; i++) {
            if (t instanceof CompletionException && t.getCause() == null && t.getSuppressed().length > 0) {
                t = t.getSuppressed()[0];
            } else if ((t instanceof CompletionException || t instanceof ObserverException
                    || t instanceof ExecutionException) && t.getCause() != null) {
                t = t.getCause();
            } else if (t instanceof CompletionException && t.getSuppressed().length > 0) {
                t = t.getSuppressed()[0];
            } else {
                break;
            }
        }
        return t;
    }

    private static ProcessJobs qualifier(QueueDefinition d) {
        return ProcessJobs.Literal.of(d.collection(), d.type());
    }

    private void fireWorker(WorkerEvent.Kind kind, QueueDefinition d, Job job, long ms, Throwable error) {
        try {
            events.select(WorkerEvent.class).fireAsync(new WorkerEvent(kind, d.collection(), d.type(), job.id(),
                    Duration.ofMillis(ms), error == null ? null : error.getClass().getName() + ": " + error.getMessage()));
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "meteor-job: cannot fire WorkerEvent: " + e);
        }
    }
}
