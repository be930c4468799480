package io.github.meteorjob.job.internal;

import io.github.meteorjob.JobContext;
import io.github.meteorjob.LeaseLostException;
import io.github.meteorjob.LogLevel;
import io.github.meteorjob.observability.LogContext;
import io.github.meteorjob.observability.MetricTags;
import io.github.meteorjob.observability.MetricsProvider;
import io.github.meteorjob.observability.Observability;
import io.github.meteorjob.observability.RunSpan;
import io.github.meteorjob.observability.TraceContext;

import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * What the queue observes of one job run: its span (child of the creator's), the outcome and duration metrics, and
 * the job's {@link JobContext} while the worker runs. Told by {@link DefaultJob} when the worker logs, reports
 * progress or sends done/fail.
 */
final class JobRun implements RunObserver {

    private final MetricsProvider metrics;
    private final MetricTags tags;
    private final JobContext context;
    private final RunSpan span;
    private final long started = System.nanoTime();
    /** done/fail was sent and its answer is awaited: the answer, not the end of the worker call, ends the span. */
    private boolean awaitingAnswer;
    /** The worker call is over and its outcome settled. */
    private boolean workerOver;

    private JobRun(DefaultJob job, Observability observability) {
        this.metrics = observability.metrics();
        this.tags = new MetricTags(job.root(), job.type());
        this.context = new JobContext(job.root(), job.type(), job.id(), job.runId());
        this.span = observability.startRun(job.root(), job.type(), job.id(), job.runId(), job.retried(),
                TraceContext.of(job.document()));
    }

    /** Starts watching the job's current run. */
    static JobRun start(DefaultJob job, Observability observability) {
        JobRun run = new JobRun(job, observability);
        job.observe(run);
        return run;
    }

    /** The executor a one-job worker runs on: with the job's span current and its {@link JobContext} set. */
    Executor around(Executor executor) {
        return LogContext.around(context, span.around(executor));
    }

    @Override
    public void logged(LogLevel level, String message) {
        span.event("log", "level", level.wireName(), "message", message);
    }

    @Override
    public void progressed(double completed, double total) {
        span.event("progress", "completed", completed, "total", total);
    }

    @Override
    public void completing(boolean failed, boolean fatal, Object error, CompletionStage<?> answer) {
        synchronized (this) {
            awaitingAnswer = true;
        }
        answer.whenComplete((r, e) -> {
            long now = System.nanoTime();
            Throwable cause = e == null ? null : DefaultJobQueue.unwrap(e);
            if (cause == null) {
                metrics.jobFinished(tags, failed, fatal, now - started);
                span.end(!failed, failed ? describe(error) : null);
            } else if (cause instanceof LeaseLostException) {
                metrics.leaseLost(tags, failed ? "fail" : "done");
                span.end(false, "lease lost: " + cause.getMessage());
            } else {
                // the server did not take it: the worker or the queue may send it again; if the worker call is
                // already over nobody will, so the span ends here
                boolean over;
                synchronized (this) {
                    awaitingAnswer = false;
                    over = workerOver;
                }
                if (over) {
                    span.end(false, (failed ? "fail" : "done") + " was not accepted: " + cause.getMessage());
                }
            }
        });
    }

    /** The worker call is over and its outcome settled: ends the span if no done/fail was accepted. */
    void end(Throwable workerError) {
        synchronized (this) {
            workerOver = true;
            if (awaitingAnswer) {
                return;
            }
        }
        span.end(false, workerError != null ? describe(workerError) : "no done or fail was accepted for this run");
    }

    private static String describe(Object error) {
        if (error instanceof Throwable t) {
            return t.getClass().getName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
        }
        return error == null ? "failed" : String.valueOf(error);
    }
}
