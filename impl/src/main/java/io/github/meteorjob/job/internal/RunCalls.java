package io.github.meteorjob.job.internal;

import io.github.meteorjob.DoneOptions;
import io.github.meteorjob.DoneResult;
import io.github.meteorjob.Job;
import io.github.meteorjob.JobProgress;
import io.github.meteorjob.LogLevel;
import io.github.meteorjob.LogOptions;
import io.github.meteorjob.ejson.Ejson;
import io.github.meteorjob.ejson.jsonb.EjsonMapper;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * The calls a worker makes about its job's current run: log, progress (which also extends the lease), and the
 * one done/fail that completes the run. Kept apart from {@link DefaultJob}'s document and manager calls because
 * only these are watched by the worker queue ({@link RunObserver}) and guarded by the run's {@link RunCompletion}.
 */
final class RunCalls {

    private static final System.Logger LOG = System.getLogger(DefaultJob.class.getName());

    private final DefaultJob job;
    private final DefaultJobCollection collection;
    private final RunCompletion completion = new RunCompletion();
    /** The worker queue's watcher of the current run, or null. */
    private volatile RunObserver observer;

    RunCalls(DefaultJob job, DefaultJobCollection collection) {
        this.job = job;
        this.collection = collection;
    }

    CompletionStage<Boolean> log(String message, LogOptions options) {
        if (message == null) {
            throw new IllegalArgumentException("log message must be a string, was null");
        }
        if (options == null) {
            throw new IllegalArgumentException("log options must not be null");
        }
        LogLevel level = options.level() == null ? LogLevel.INFO : options.level();
        JsonObjectBuilder o = Ejson.builders().createObjectBuilder().add("level", level.wireName());
        if (options.data() != null) {
            o.add("data", EjsonMapper.encode(options.data()));
        }
        JobDocument d = job.doc();
        RunObserver watcher = observer;
        if (watcher != null) {
            watcher.logged(level, message);
        }
        if (options.echo() != null && level.ordinal() >= options.echo().ordinal()) {
            LOG.log(echoLevel(level), "LOG: {0}, {1} {2}: {3}", level.wireName(), d.id(), d.runId(), message);
        }
        if (d.idValue() != null) {
            return collection.call("jobLog", true, d.idValue(), nullable(d.runIdValue()),
                    Ejson.provider().createValue(message), o.build()).thenApply(DefaultJobCollection::truthy);
        }
        // meteor-job keeps log entries of an unsaved job in the document it will save
        job.update(doc -> doc.withLogEntry(JobDocument.logEntry(collection.now(), level, message)));
        return CompletableFuture.completedFuture(true);
    }

    static System.Logger.Level echoLevel(LogLevel level) {
        return switch (level) {
            case DANGER -> System.Logger.Level.ERROR;
            case WARNING -> System.Logger.Level.WARNING;
            default -> System.Logger.Level.INFO;
        };
    }

    static JsonValue nullable(JsonValue v) {
        return v == null ? JsonValue.NULL : v;
    }

    CompletionStage<Boolean> progress(double completed, double total, boolean echo) {
        JobProgress.of(completed, total); // validates: completed >= 0, total > 0, completed <= total
        JsonObject progress = JobDocument.progressJson(completed, total);
        JobDocument d = job.doc();
        RunObserver watcher = observer;
        if (watcher != null) {
            watcher.progressed(completed, total);
        }
        if (echo) {
            LOG.log(System.Logger.Level.INFO, "PROGRESS: {0} {1}: {2} out of {3} ({4}%)", d.id(), d.runId(),
                    completed, total, 100 * completed / total);
        }
        if (d.idValue() != null && d.runIdValue() != null) {
            return collection.call("jobProgress", true, d.idValue(), d.runIdValue(), JobDocument.number(completed),
                    JobDocument.number(total), JsonValue.EMPTY_JSON_OBJECT).thenApply(res -> {
                        if (DefaultJobCollection.truthy(res)) {
                            job.set("progress", progress);
                        }
                        // null while the server is shutting down: the worker should stop
                        return res == null || res == JsonValue.NULL ? null : DefaultJobCollection.truthy(res);
                    });
        }
        if (d.idValue() == null) {
            job.set("progress", progress);
            return CompletableFuture.completedFuture(true);
        }
        return CompletableFuture.completedFuture(false);
    }

    /**
     * Re-sends the current progress of a running job, which extends its {@code workTimeout} lease
     * without changing it; does nothing once done/fail was sent.
     */
    CompletionStage<Boolean> extendLease() {
        if (isCompletionSent()) {
            return CompletableFuture.completedFuture(false);
        }
        JobProgress p = job.progress();
        return p == null ? progress(0, 1, false) : progress(p.completed(), p.total(), false);
    }

    private JsonValue requireRunning(String what) {
        JobDocument d = job.doc();
        if (d.idValue() == null || d.runIdValue() == null) {
            throw new IllegalStateException("can't call " + what + "() on an unsaved or non-running job"
                    + (d.idValue() == null ? " (it has no id)" : " (" + d.id() + " has no runId)"));
        }
        return d.idValue();
    }

    CompletionStage<DoneResult> done(Object result, DoneOptions options) {
        if (options == null) {
            throw new IllegalArgumentException("done options must not be null");
        }
        JsonValue id = requireRunning("done");
        JsonValue value = result == null ? JsonValue.EMPTY_JSON_OBJECT : JobDocument.wrap(EjsonMapper.encode(result));
        WireOptions o = new WireOptions();
        if (options.repeatId()) {
            o.put("repeatId", true);
        }
        o.putIfSet("delayDeps", options.delayDeps());
        JobDocument d = job.doc();
        Consumer<CompletionStage<?>> listener = completion.claim(d.runId(), d.id(), "done");
        CompletionStage<DoneResult> stage = collection.call("jobDone", true, id, d.runIdValue(), value, o.build())
                .thenCompose(res -> {
                    if (res instanceof JsonString s) {
                        return CompletableFuture.completedFuture(new DoneResult(true, Optional.of(s.getString())));
                    }
                    // a confirmed repeat cannot name the repeat job: only the first answer carried its id
                    return requireAccepted(res, d, "done", null).thenApply(ok -> new DoneResult(true, Optional.empty()));
                });
        RunObserver watcher = observer;
        if (watcher != null) {
            watcher.completing(false, false, null, stage);
        }
        return completion.sent(stage, listener, d.runId());
    }

    CompletionStage<Boolean> fail(Object error, boolean fatal) {
        JsonValue id = requireRunning("fail");
        JsonValue value = error == null ? JobDocument.wrap(Ejson.provider().createValue(Job.NO_ERROR_INFORMATION))
                : error instanceof Throwable t ? JobDocument.errorObject(t) : JobDocument.wrap(EjsonMapper.encode(error));
        JobDocument d = job.doc();
        Consumer<CompletionStage<?>> listener = completion.claim(d.runId(), d.id(), "fail");
        CompletionStage<Boolean> stage = collection.call("jobFail", true, id, d.runIdValue(), value,
                        Ejson.builders().createObjectBuilder().add("fatal", fatal).build())
                .thenCompose(res -> requireAccepted(res, d, "fail", value));
        RunObserver watcher = observer;
        if (watcher != null) {
            watcher.completing(true, fatal, error, stage);
        }
        return completion.sent(stage, listener, d.runId());
    }

    /**
     * jobDone/jobFail answer false only when the job is not running under this run: the run was lost (reporting
     * that as a plain {@code false} would let it pass for success), or this is a repeat, sent after a reconnect,
     * of a call the server had applied; {@link OutcomeCheck} tells the two apart.
     */
    private CompletionStage<Boolean> requireAccepted(JsonValue res, JobDocument d, String operation, JsonValue sent) {
        if (DefaultJobCollection.truthy(res)) {
            return CompletableFuture.completedFuture(true);
        }
        JsonObject error = sent instanceof JsonObject e ? e : JsonValue.EMPTY_JSON_OBJECT;
        return OutcomeCheck.confirm(collection, d, operation, error).thenApply(recorded -> true);
    }

    void onCompletion(Consumer<CompletionStage<?>> listener) {
        completion.onCompletion(listener);
    }

    void observe(RunObserver o) {
        observer = o;
    }

    boolean isCompletionSent() {
        return completion.isSent(job.doc().runId());
    }
}
