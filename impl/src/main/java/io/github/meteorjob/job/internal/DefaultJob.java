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
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * The {@link Job} implementation: a local document plus calls through its {@link DefaultJobCollection}.
 * The document is replaced as a whole under this object's lock, so readers always see a consistent snapshot.
 * This class holds the document, its reads and the creator's setters and save; a worker's calls about the current
 * run are {@link RunCalls}', the calls about a saved job {@link ManagerCalls}'.
 */
public final class DefaultJob implements Job {

    private static final System.Logger LOG = System.getLogger(DefaultJob.class.getName());

    private final DefaultJobCollection collection;
    private JobDocument doc;
    private final RunCalls run;
    private final ManagerCalls manage;

    DefaultJob(DefaultJobCollection collection, JobDocument doc) {
        this.collection = collection;
        this.doc = doc;
        this.run = new RunCalls(this, collection);
        this.manage = new ManagerCalls(this, collection);
    }

    /** The current document. */
    public synchronized JobDocument doc() {
        return doc;
    }

    synchronized void replace(JobDocument d) {
        this.doc = d;
    }

    synchronized void set(String field, JsonValue value) {
        this.doc = doc.with(field, value);
    }

    /** Replaces the document by {@code change} of it, atomically. */
    synchronized void update(UnaryOperator<JobDocument> change) {
        this.doc = change.apply(doc);
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
        return retry(RetryOptions.retries(retries));
    }

    @Override
    public Job retry(RetryOptions options) {
        return change(options, "retry", JobDocument::withRetry);
    }

    @Override
    public Job repeat(long repeats) {
        return repeat(RepeatOptions.repeats(repeats));
    }

    @Override
    public Job repeat(RepeatOptions options) {
        return change(options, "repeat", JobDocument::withRepeat);
    }

    /** The one shape of the option setters: checked options applied to the document. */
    private <T> Job change(T options, String what, BiFunction<JobDocument, T, JobDocument> apply) {
        DefaultJobCollection.requireOptions(options, what);
        update(d -> apply.apply(d, options));
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
        update(d -> d.withDepends(ids));
        return this;
    }

    @Override
    public Job clearDepends() {
        update(d -> d.withoutDepends());
        return this;
    }

    @Override
    public CompletionStage<String> save(SaveOptions options) {
        DefaultJobCollection.requireOptions(options, "save");
        WireOptions o = new WireOptions().putIfSet("cancelRepeats", options.cancelRepeats());
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

    // ------------------------------------------------------------------ worker side

    @Override
    public CompletionStage<Boolean> log(String message, LogOptions options) {
        return run.log(message, options);
    }

    @Override
    public CompletionStage<Boolean> progress(double completed, double total, boolean echo) {
        return run.progress(completed, total, echo);
    }

    /**
     * Re-sends the current progress of a running job, which extends its {@code workTimeout} lease
     * without changing it; does nothing once done/fail was sent.
     */
    CompletionStage<Boolean> extendLease() {
        return run.extendLease();
    }

    @Override
    public CompletionStage<DoneResult> done() {
        return done(Ejson.builders().createObjectBuilder().build(), DoneOptions.NONE);
    }

    @Override
    public CompletionStage<DoneResult> done(Object result, DoneOptions options) {
        return run.done(result, options);
    }

    @Override
    public CompletionStage<Boolean> fail(Object error, boolean fatal) {
        return run.fail(error, fatal);
    }

    /**
     * Registers a listener told once, with the call's stage, when done/fail is next sent for this job
     * (used by the worker queue to see that a worker completed its job).
     */
    void onCompletion(Consumer<CompletionStage<?>> listener) {
        run.onCompletion(listener);
    }

    /** Sets the watcher of the current run (the worker queue's metrics and span). */
    void observe(RunObserver o) {
        run.observe(o);
    }

    /** Whether done/fail was sent for the current run (and did not fail). */
    boolean isCompletionSent() {
        return run.isCompletionSent();
    }

    // ------------------------------------------------------------------ manager side

    @Override public CompletionStage<Boolean> refresh(GetJobOptions options) { return manage.refresh(options); }
    @Override public CompletionStage<Boolean> pause() { return manage.pause(); }
    @Override public CompletionStage<Boolean> resume() { return manage.resume(); }
    @Override public CompletionStage<Boolean> ready(ReadyOptions options) { return manage.ready(options); }
    @Override public CompletionStage<Boolean> cancel(CancelOptions options) { return manage.cancel(options); }
    @Override public CompletionStage<Boolean> restart(RestartOptions options) { return manage.restart(options); }
    @Override public CompletionStage<String> rerun(RerunOptions options) { return manage.rerun(options); }
    @Override public CompletionStage<Boolean> remove() { return manage.remove(); }

    @Override
    public String toString() {
        JobDocument d = doc();
        return "Job[" + d.type() + " " + (d.id() == null ? "unsaved" : d.id()) + " " + d.json().get("status") + "]";
    }
}
