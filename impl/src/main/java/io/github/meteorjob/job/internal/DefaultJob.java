package io.github.meteorjob.job.internal;

import io.github.meteorjob.BackoffMethod;
import io.github.meteorjob.CancelOptions;
import io.github.meteorjob.DoneOptions;
import io.github.meteorjob.DoneResult;
import io.github.meteorjob.GetJobOptions;
import io.github.meteorjob.Job;
import io.github.meteorjob.JobFailure;
import io.github.meteorjob.JobLogEntry;
import io.github.meteorjob.JobProgress;
import io.github.meteorjob.JobStatus;
import io.github.meteorjob.LogLevel;
import io.github.meteorjob.LogOptions;
import io.github.meteorjob.Priority;
import io.github.meteorjob.ReadyOptions;
import io.github.meteorjob.RepeatOptions;
import io.github.meteorjob.RerunOptions;
import io.github.meteorjob.RestartOptions;
import io.github.meteorjob.RetryOptions;
import io.github.meteorjob.SaveOptions;
import io.github.meteorjob.Schedule;
import io.github.meteorjob.ejson.Ejson;
import io.github.meteorjob.ejson.jsonb.EjsonMapper;
import io.github.meteorjob.observability.TraceContext;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * The {@link Job} implementation: a local document plus calls through its {@link DefaultJobCollection}.
 * The document is replaced as a whole under this object's lock, so readers always see a consistent snapshot.
 */
public final class DefaultJob implements Job {

    private static final System.Logger LOG = System.getLogger(DefaultJob.class.getName());

    private final DefaultJobCollection collection;
    private JobDocument doc;
    private final RunCompletion completion = new RunCompletion();
    /** The worker queue's watcher of the current run, or null. */
    private volatile RunObserver observer;

    DefaultJob(DefaultJobCollection collection, JobDocument doc) {
        this.collection = collection;
        this.doc = doc;
    }

    /** The current document. */
    public synchronized JobDocument doc() {
        return doc;
    }

    private synchronized void replace(JobDocument d) {
        this.doc = d;
    }

    private synchronized void set(String field, JsonValue value) {
        this.doc = doc.with(field, value);
    }

    // ------------------------------------------------------------------ reads

    @Override public String root() { return collection.root(); }
    @Override public String id() { return doc().id(); }
    @Override public String runId() { return doc().runId(); }
    @Override public String type() { return doc().type(); }
    @Override public JobStatus status() { return doc().status(); }
    @Override public JsonObject data() { return doc().data(); }
    @Override public <T> T data(Class<T> type) { return EjsonMapper.fromJson(doc().json().get("data"), type); }
    @Override public JsonObject result() { return doc().result(); }

    @Override
    public <T> T result(Class<T> type) {
        JsonValue r = doc().json().get("result");
        return r == null ? null : EjsonMapper.fromJson(r, type);
    }

    @Override public int priority() { return doc().priority(); }
    @Override public long retries() { return doc().retries(); }
    @Override public long retried() { return doc().retried(); }
    @Override public long repeatRetries() { return doc().repeatRetries(); }
    @Override public Duration retryWait() { return doc().retryWait(); }
    @Override public BackoffMethod retryBackoff() { return doc().retryBackoff(); }
    @Override public Instant retryUntil() { return doc().retryUntil(); }
    @Override public long repeats() { return doc().repeats(); }
    @Override public long repeated() { return doc().repeated(); }
    @Override public Duration repeatWait() { return doc().repeatWait(); }
    @Override public Schedule repeatSchedule() { return doc().repeatSchedule(); }
    @Override public Instant repeatUntil() { return doc().repeatUntil(); }
    @Override public Instant after() { return doc().after(); }
    @Override public List<String> depends() { return doc().depends(); }
    @Override public List<String> resolved() { return doc().resolved(); }
    @Override public JobProgress progress() { return doc().progress(); }
    @Override public List<JobLogEntry> log() { return doc().log(); }
    @Override public List<JobFailure> failures() { return doc().failures(); }
    @Override public Instant created() { return doc().created(); }
    @Override public Instant updated() { return doc().updated(); }
    @Override public Duration workTimeout() { return doc().workTimeout(); }
    @Override public Instant expiresAfter() { return doc().expiresAfter(); }
    @Override public JsonObject document() { return doc().json(); }

    // ------------------------------------------------------------------ creator side

    @Override
    public Job priority(int priority) {
        set("priority", Ejson.provider().createValue(priority));
        return this;
    }

    @Override
    public Job priority(Priority priority) {
        if (priority == null) {
            throw new IllegalArgumentException("priority must be an integer or a Priority level, was null");
        }
        return priority(priority.value());
    }

    @Override
    public Job retry(long retries) {
        if (retries < 0) {
            throw new IllegalArgumentException("retries must be an integer >= 0, was " + retries);
        }
        return retry(RetryOptions.retries(retries));
    }

    @Override
    public Job retry(RetryOptions options) {
        if (options == null) {
            throw new IllegalArgumentException("retry options must not be null");
        }
        synchronized (this) {
            doc = doc.withRetry(options);
        }
        return this;
    }

    @Override
    public Job repeat(long repeats) {
        if (repeats < 0) {
            throw new IllegalArgumentException("repeats must be an integer >= 0, was " + repeats);
        }
        return repeat(RepeatOptions.repeats(repeats));
    }

    @Override
    public Job repeat(RepeatOptions options) {
        if (options == null) {
            throw new IllegalArgumentException("repeat options must not be null");
        }
        synchronized (this) {
            doc = doc.withRepeat(options);
        }
        return this;
    }

    @Override
    public Job delay(Duration delay) {
        if (delay == null || delay.isNegative()) {
            throw new IllegalArgumentException("delay requires a non-negative duration, was " + delay);
        }
        return after(collection.now().plusMillis(delay.toMillis()));
    }

    @Override
    public Job after(Instant time) {
        if (time == null) {
            throw new IllegalArgumentException("after requires a valid time, was null");
        }
        set("after", Ejson.date(time));
        return this;
    }

    @Override
    public Job depends(Job... jobs) {
        if (jobs == null) {
            throw new IllegalArgumentException("depends requires jobs, was null");
        }
        return depends(Arrays.asList(jobs));
    }

    @Override
    public Job depends(Collection<? extends Job> jobs) {
        if (jobs == null) {
            throw new IllegalArgumentException("depends requires jobs, was null");
        }
        List<JsonValue> ids = new java.util.ArrayList<>();
        for (Job j : jobs) {
            if (!(j instanceof DefaultJob dj) || dj.doc().idValue() == null) {
                throw new IllegalArgumentException("depends: each job must be a saved job (with an id), got "
                        + (j == null ? "null" : "an unsaved job of type '" + j.type() + "'"));
            }
            ids.add(dj.doc().idValue());
        }
        synchronized (this) {
            doc = doc.withDepends(ids);
        }
        return this;
    }

    @Override
    public Job clearDepends() {
        synchronized (this) {
            doc = doc.withoutDepends();
        }
        return this;
    }

    @Override
    public CompletionStage<String> save(SaveOptions options) {
        if (options == null) {
            throw new IllegalArgumentException("save options must not be null");
        }
        JsonObjectBuilder o = Ejson.builders().createObjectBuilder();
        if (options.cancelRepeats() != null) {
            o.add("cancelRepeats", options.cancelRepeats());
        }
        JobDocument d = doc();
        // a new job must not be sent twice (a duplicate job); re-saving an existing one may be
        boolean idempotent = d.idValue() != null;
        // a new job carries its creator's trace context (docs/observability.md)
        JsonObject json = idempotent ? d.json() : TraceContext.withCurrent(d.json());
        return collection.call("jobSave", idempotent, json, o.build()).thenApply(res -> {
            if (res == null || res == JsonValue.NULL || res == JsonValue.FALSE) {
                return null;
            }
            set("_id", res);
            return JobDocument.idText(res);
        });
    }

    @Override
    public CompletionStage<Boolean> refresh(GetJobOptions options) {
        if (options == null) {
            throw new IllegalArgumentException("refresh options must not be null");
        }
        JsonValue id = requireId("refresh");
        return collection.call("getJob", true, id, DefaultJobCollection.getJobOptions(options)).thenApply(res -> {
            if (res instanceof JsonObject o) {
                replace(new JobDocument(o));
                return true;
            }
            return false;
        });
    }

    // ------------------------------------------------------------------ worker side

    @Override
    public CompletionStage<Boolean> log(String message, LogOptions options) {
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
        JobDocument d = doc();
        RunObserver watcher = observer;
        if (watcher != null) {
            watcher.logged(level, message);
        }
        if (options.echo() != null && level.ordinal() >= options.echo().ordinal()) {
            LOG.log(echoLevel(level), "LOG: {0}, {1} {2}: {3}", level.wireName(), d.id(), d.runId(), message);
        }
        if (d.idValue() != null) {
            return collection.call("jobLog", true, d.idValue(), nullable(d.runIdValue()), Ejson.provider().createValue(message), o.build())
                    .thenApply(DefaultJobCollection::truthy);
        }
        // meteor-job keeps log entries of an unsaved job in the document it will save
        synchronized (this) {
            doc = doc.withLogEntry(JobDocument.logEntry(collection.now(), level, message));
        }
        return CompletableFuture.completedFuture(true);
    }

    static System.Logger.Level echoLevel(LogLevel level) {
        return switch (level) {
            case DANGER -> System.Logger.Level.ERROR;
            case WARNING -> System.Logger.Level.WARNING;
            default -> System.Logger.Level.INFO;
        };
    }

    private static JsonValue nullable(JsonValue v) {
        return v == null ? JsonValue.NULL : v;
    }

    @Override
    public CompletionStage<Boolean> progress(double completed, double total, boolean echo) {
        JobProgress.of(completed, total); // validates: completed >= 0, total > 0, completed <= total
        JsonObject progress = JobDocument.progressJson(completed, total);
        JobDocument d = doc();
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
                            set("progress", progress);
                        }
                        // null while the server is shutting down: the worker should stop
                        return res == null || res == JsonValue.NULL ? null : DefaultJobCollection.truthy(res);
                    });
        }
        if (d.idValue() == null) {
            set("progress", progress);
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
        JobProgress p = progress();
        return p == null ? progress(0, 1) : progress(p.completed(), p.total());
    }

    private JsonValue requireRunning(String what) {
        JobDocument d = doc();
        if (d.idValue() == null || d.runIdValue() == null) {
            throw new IllegalStateException("can't call " + what + "() on an unsaved or non-running job"
                    + (d.idValue() == null ? " (it has no id)" : " (" + d.id() + " has no runId)"));
        }
        return d.idValue();
    }

    /** Claims the completion of the current run; throws when done/fail was already sent for it. */
    private Consumer<CompletionStage<?>> claimCompletion(JobDocument d, String what) {
        return completion.claim(d.runId(), d.id(), what);
    }

    @Override
    public CompletionStage<DoneResult> done() {
        return done(Ejson.builders().createObjectBuilder().build(), DoneOptions.NONE);
    }

    @Override
    public CompletionStage<DoneResult> done(Object result, DoneOptions options) {
        if (options == null) {
            throw new IllegalArgumentException("done options must not be null");
        }
        JsonValue id = requireRunning("done");
        JsonValue value = result == null ? JsonValue.EMPTY_JSON_OBJECT : JobDocument.wrap(EjsonMapper.encode(result));
        JsonObjectBuilder o = Ejson.builders().createObjectBuilder();
        if (options.repeatId()) {
            o.add("repeatId", true);
        }
        if (options.delayDeps() != null) {
            o.add("delayDeps", options.delayDeps().toMillis());
        }
        JobDocument d = doc();
        Consumer<CompletionStage<?>> listener = claimCompletion(d, "done");
        CompletionStage<DoneResult> stage = collection.call("jobDone", true, id, d.runIdValue(), value, o.build())
                .thenCompose(res -> {
                    if (res instanceof JsonString s) {
                        return CompletableFuture.completedFuture(new DoneResult(true, java.util.Optional.of(s.getString())));
                    }
                    // a confirmed repeat cannot name the repeat job: only the first answer carried its id
                    return requireAccepted(res, d, "done", null).thenApply(ok -> new DoneResult(true, java.util.Optional.empty()));
                });
        RunObserver watcher = observer;
        if (watcher != null) {
            watcher.completing(false, false, null, stage);
        }
        return completion.sent(stage, listener, d.runId());
    }

    @Override
    public CompletionStage<Boolean> fail(Object error, boolean fatal) {
        JsonValue id = requireRunning("fail");
        JsonValue value = error == null ? JobDocument.wrap(Ejson.provider().createValue(NO_ERROR_INFORMATION))
                : error instanceof Throwable t ? JobDocument.errorObject(t) : JobDocument.wrap(EjsonMapper.encode(error));
        JobDocument d = doc();
        Consumer<CompletionStage<?>> listener = claimCompletion(d, "fail");
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

    /**
     * Registers a listener told once, with the call's stage, when done/fail is next sent for this job
     * (used by the worker queue to see that a worker completed its job).
     */
    void onCompletion(Consumer<CompletionStage<?>> listener) {
        completion.onCompletion(listener);
    }

    /** Sets the watcher of the current run (the worker queue's metrics and span). */
    void observe(RunObserver o) {
        observer = o;
    }

    /** Whether done/fail was sent for the current run (and did not fail). */
    boolean isCompletionSent() {
        return completion.isSent(doc().runId());
    }

    // ------------------------------------------------------------------ manager side

    private JsonValue requireId(String what) {
        JsonValue id = doc().idValue();
        if (id == null) {
            throw new IllegalStateException("can't call " + what + "() on an unsaved job");
        }
        return id;
    }

    @Override
    public CompletionStage<Boolean> pause() {
        JsonValue id = doc().idValue();
        if (id == null) {
            set("status", Ejson.provider().createValue(JobStatus.PAUSED.wireName()));
            return CompletableFuture.completedFuture(true);
        }
        return collection.call("jobPause", false, id, JsonValue.EMPTY_JSON_OBJECT).thenApply(DefaultJobCollection::truthy);
    }

    @Override
    public CompletionStage<Boolean> resume() {
        JsonValue id = doc().idValue();
        if (id == null) {
            set("status", Ejson.provider().createValue(JobStatus.WAITING.wireName()));
            return CompletableFuture.completedFuture(true);
        }
        return collection.call("jobResume", false, id, JsonValue.EMPTY_JSON_OBJECT).thenApply(DefaultJobCollection::truthy);
    }

    @Override
    public CompletionStage<Boolean> ready(ReadyOptions options) {
        if (options == null) {
            throw new IllegalArgumentException("ready options must not be null");
        }
        JsonValue id = requireId("ready");
        return collection.call("jobReady", false, id, DefaultJobCollection.readyOptions(options)).thenApply(DefaultJobCollection::truthy);
    }

    @Override
    public CompletionStage<Boolean> cancel(CancelOptions options) {
        if (options == null) {
            throw new IllegalArgumentException("cancel options must not be null");
        }
        JsonValue id = requireId("cancel");
        return collection.call("jobCancel", false, id, DefaultJobCollection.cancelOptions(options)).thenApply(DefaultJobCollection::truthy);
    }

    @Override
    public CompletionStage<Boolean> restart(RestartOptions options) {
        if (options == null) {
            throw new IllegalArgumentException("restart options must not be null");
        }
        JsonValue id = requireId("restart");
        return collection.call("jobRestart", false, id, DefaultJobCollection.restartOptions(options)).thenApply(DefaultJobCollection::truthy);
    }

    @Override
    public CompletionStage<String> rerun(RerunOptions options) {
        if (options == null) {
            throw new IllegalArgumentException("rerun options must not be null");
        }
        JsonValue id = requireId("rerun");
        JsonValue wait = options.schedule() != null ? options.schedule().toJson()
                : options.waitTime() != null ? Ejson.provider().createValue(options.waitTime().toMillis())
                : nullable(doc().repeatWaitValue());
        JsonObjectBuilder o = Ejson.builders().createObjectBuilder()
                .add("repeats", options.repeats())
                .add("wait", wait);
        if (options.until() != null) {
            o.add("until", Ejson.date(options.until()));
        }
        return collection.call("jobRerun", false, id, o.build())
                .thenApply(res -> res instanceof JsonString || res instanceof JsonObject ? JobDocument.idText(res) : null);
    }

    @Override
    public CompletionStage<Boolean> remove() {
        JsonValue id = requireId("remove");
        return collection.call("jobRemove", false, id, JsonValue.EMPTY_JSON_OBJECT).thenApply(DefaultJobCollection::truthy);
    }

    @Override
    public String toString() {
        JobDocument d = doc();
        return "Job[" + d.type() + " " + (d.id() == null ? "unsaved" : d.id()) + " " + d.json().get("status") + "]";
    }
}
