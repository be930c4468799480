package io.github.meteorjob;

import jakarta.json.JsonObject;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * One job of a {@link JobCollection}: a local copy of its document plus the operations of meteor-job's
 * {@code Job} class. Obtained from {@link JobCollection#createJob} (a new, unsaved job),
 * {@link JobCollection#getWork}, {@link JobCollection#getJob} or a {@link JobQueue}.
 *
 * <p><b>Creator side</b>: the configuration methods ({@link #priority(int)}, {@link #retry(RetryOptions)},
 * {@link #repeat(RepeatOptions)}, {@link #delay}, {@link #after}, {@link #depends}) change the local document
 * and return this job for chaining; {@link #save()} sends it. <b>Worker side</b>: {@link #log}, {@link #progress},
 * {@link #done} and {@link #fail} (done/fail only on a running job). <b>Manager side</b>: {@link #pause()},
 * {@link #resume()}, {@link #ready()}, {@link #cancel()}, {@link #restart()}, {@link #rerun()}, {@link #remove()},
 * {@link #refresh()}.
 *
 * <p>Every operation that talks to the server returns a {@link CompletionStage} and never blocks; it fails
 * with the DDP client's exception when the server answers with an error or the link drops. Bad arguments throw
 * {@link IllegalArgumentException} and calls that do not fit the job's state throw {@link IllegalStateException}
 * at once. Instances are thread safe.
 */
public interface Job {

    /** meteor-job's "forever" count, 2^53: unlimited retries or repeats. */
    long FOREVER = 9007199254740992L;

    /** meteor-job's "forever" date, the largest JavaScript date. */
    Instant FOREVER_DATE = Instant.ofEpochMilli(8640000000000000L);

    /** Default retry and repeat wait: 5 minutes. */
    Duration DEFAULT_WAIT = Duration.ofMinutes(5);

    /** The error sent by {@link #fail()} without arguments. */
    String NO_ERROR_INFORMATION = "No error information provided";

    // ---- document ----

    /** The collection root this job belongs to. */
    String root();

    /** The job's id, or {@code null} before it was saved. */
    String id();

    /** The current run's id, or {@code null} when the job is not running. */
    String runId();

    String type();

    JobStatus status();

    /** The job's data as a JSON object (EJSON wire form). */
    JsonObject data();

    /** The job's data mapped to {@code type} with JSON-B. */
    <T> T data(Class<T> type);

    /** The result stored by {@code done}, or {@code null}. */
    JsonObject result();

    /** The result mapped to {@code type} with JSON-B, or {@code null}. */
    <T> T result(Class<T> type);

    int priority();

    /** Runs still allowed ({@code retry(n)} stores n+1). */
    long retries();

    long retried();

    long repeatRetries();

    Duration retryWait();

    BackoffMethod retryBackoff();

    Instant retryUntil();

    long repeats();

    long repeated();

    /** The fixed wait between repeats, or {@code null} when the job repeats on a {@link #repeatSchedule()}. */
    Duration repeatWait();

    /** The later.js repeat schedule, or {@code null} when the job repeats after a fixed wait. */
    Schedule repeatSchedule();

    Instant repeatUntil();

    Instant after();

    /** Ids of antecedents still pending. */
    List<String> depends();

    /** Ids of antecedents already completed. */
    List<String> resolved();

    JobProgress progress();

    /** The log, as far as the local copy has it (getWork answers without log; use {@link #refresh(GetJobOptions)}). */
    List<JobLogEntry> log();

    List<JobFailure> failures();

    Instant created();

    Instant updated();

    /** The work timeout of the current run, or {@code null}. */
    Duration workTimeout();

    /** When the current run's lease expires, or {@code null}. */
    Instant expiresAfter();

    /** The whole document in EJSON wire form (a snapshot). */
    JsonObject document();

    // ---- creator side ----

    /** Sets the priority; a lower value runs first. Returns this job. */
    Job priority(int priority);

    /** Sets a named priority level. Returns this job. */
    Job priority(Priority priority);

    /** {@code retry(RetryOptions.retries(retries))}: allows {@code retries} retries (stores retries + 1). */
    Job retry(long retries);

    /** Sets retries, wait, backoff and deadline; {@code null} components take meteor-job's defaults. Returns this job. */
    Job retry(RetryOptions options);

    /** {@code repeat(RepeatOptions.repeats(repeats))}. */
    Job repeat(long repeats);

    /** Sets repeats, wait or schedule, and deadline; {@code null} components take meteor-job's defaults. Returns this job. */
    Job repeat(RepeatOptions options);

    /** Sets {@code after} to now + {@code delay} (≥ 0). Returns this job. */
    Job delay(Duration delay);

    /** Sets the earliest time the job may run. Returns this job. */
    Job after(Instant time);

    /**
     * Adds saved jobs as antecedents: this job runs after they completed. Resets {@code resolved}.
     *
     * @throws IllegalArgumentException when one of them was not saved (has no id)
     */
    Job depends(Job... jobs);

    /** As {@link #depends(Job...)}. */
    Job depends(Collection<? extends Job> jobs);

    /** Removes all antecedents (and resolved ids). Returns this job. */
    Job clearDepends();

    /**
     * Saves the job: {@code jobSave [doc, options]}. Completes with its id, or {@code null} when the server refused
     * it (for example because an antecedent failed). The id is stored in this job.
     */
    CompletionStage<String> save(SaveOptions options);

    /** {@link #save(SaveOptions)} with no options. */
    default CompletionStage<String> save() {
        return save(SaveOptions.NONE);
    }

    /** Blocking convenience: {@link #save()} and wait for the id (see {@link JobException#await}). */
    default String saveAndWait() {
        return JobException.await(save());
    }

    /** Reloads the document from the server; completes with {@code false} when the job no longer exists. */
    CompletionStage<Boolean> refresh(GetJobOptions options);

    /** {@link #refresh(GetJobOptions)} without the log. */
    default CompletionStage<Boolean> refresh() {
        return refresh(GetJobOptions.DEFAULT);
    }

    // ---- worker side ----

    /**
     * Writes to the job's log ({@code jobLog}). Before the job is saved the entry is kept in the local document
     * and the stage completes with {@code true}.
     */
    CompletionStage<Boolean> log(String message, LogOptions options);

    /** {@link #log(String, LogOptions)} with level info. */
    default CompletionStage<Boolean> log(String message) {
        return log(message, LogOptions.DEFAULT);
    }

    /** {@link #log(String, LogOptions)} with a level. */
    default CompletionStage<Boolean> log(String message, LogLevel level) {
        return log(message, LogOptions.level(level));
    }

    /**
     * Reports progress ({@code jobProgress}) of a running job; {@code 0 ≤ completed ≤ total}, {@code total > 0}.
     * Before the job is saved it is stored locally. Completes with {@code true}/{@code false}, or {@code null} when
     * the server is shutting down (the worker should stop); completes with {@code false} without a call when the
     * saved job is not running. With {@code echo} the progress is also logged locally.
     */
    CompletionStage<Boolean> progress(double completed, double total, boolean echo);

    /** {@link #progress(double, double, boolean)} without echo. */
    default CompletionStage<Boolean> progress(double completed, double total) {
        return progress(completed, total, false);
    }

    /**
     * Marks the running job completed ({@code jobDone}). A result that is not a JSON object after JSON-B mapping
     * (a string, number, {@code null}...) is sent as {@code {"value": result}}. When the server refuses because
     * the job is no longer running under this run (its lease expired, or a manager took it away), the stage
     * completes exceptionally with a {@link LeaseLostException}.
     *
     * @throws IllegalStateException when the job is unsaved or not running
     */
    CompletionStage<DoneResult> done(Object result, DoneOptions options);

    /** {@link #done(Object, DoneOptions)} without options. */
    default CompletionStage<DoneResult> done(Object result) {
        return done(result, DoneOptions.NONE);
    }

    /** {@link #done(Object)} with an empty result object. */
    CompletionStage<DoneResult> done();

    /**
     * Marks this run failed ({@code jobFail}); the server retries it unless {@code fatal} or no retries are left.
     * A {@link Throwable} is sent as {@code {"message": ..., "exception": "<class name>"}} (never a stack trace);
     * other values that are not JSON objects after JSON-B mapping are sent as {@code {"value": error}}.
     * When the server refuses because the job is no longer running under this run (its lease expired, or a
     * manager took it away), the stage completes exceptionally with a {@link LeaseLostException}.
     *
     * @throws IllegalStateException when the job is unsaved or not running
     */
    CompletionStage<Boolean> fail(Object error, boolean fatal);

    /** {@link #fail(Object, boolean)}, not fatal. */
    default CompletionStage<Boolean> fail(Object error) {
        return fail(error, false);
    }

    /** Fails with "No error information provided". */
    default CompletionStage<Boolean> fail() {
        return fail(NO_ERROR_INFORMATION, false);
    }

    // ---- manager side ----

    /** Pauses a ready or waiting job ({@code jobPause}); before save it sets the local status to paused. */
    CompletionStage<Boolean> pause();

    /** Resumes a paused job ({@code jobResume}); before save it sets the local status to waiting. */
    CompletionStage<Boolean> resume();

    /**
     * Makes a waiting job ready ({@code jobReady}).
     *
     * @throws IllegalStateException when the job is unsaved
     */
    CompletionStage<Boolean> ready(ReadyOptions options);

    /** {@link #ready(ReadyOptions)} with {@code force: false}. */
    default CompletionStage<Boolean> ready() {
        return ready(ReadyOptions.DEFAULT);
    }

    /**
     * Cancels the job ({@code jobCancel}).
     *
     * @throws IllegalStateException when the job is unsaved
     */
    CompletionStage<Boolean> cancel(CancelOptions options);

    /** {@link #cancel(CancelOptions)} with meteor-job's defaults ({@code antecedents: true}). */
    default CompletionStage<Boolean> cancel() {
        return cancel(CancelOptions.DEFAULT);
    }

    /**
     * Restarts a failed or cancelled job ({@code jobRestart}).
     *
     * @throws IllegalStateException when the job is unsaved
     */
    CompletionStage<Boolean> restart(RestartOptions options);

    /** {@link #restart(RestartOptions)} with meteor-job's defaults ({@code retries: 1, dependents: true}). */
    default CompletionStage<Boolean> restart() {
        return restart(RestartOptions.DEFAULT);
    }

    /**
     * Copies a completed job as a new waiting job ({@code jobRerun}); completes with the new job's id, or
     * {@code null} when the server answered {@code false}.
     *
     * @throws IllegalStateException when the job is unsaved
     */
    CompletionStage<String> rerun(RerunOptions options);

    /** {@link #rerun(RerunOptions)} with no repeats and the job's own repeat wait. */
    default CompletionStage<String> rerun() {
        return rerun(RerunOptions.DEFAULT);
    }

    /**
     * Removes a completed, cancelled or failed job ({@code jobRemove}).
     *
     * @throws IllegalStateException when the job is unsaved
     */
    CompletionStage<Boolean> remove();
}
