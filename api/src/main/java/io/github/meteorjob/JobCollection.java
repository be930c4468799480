package io.github.meteorjob;

import jakarta.json.JsonObject;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * A handle for one job-collection (its {@link #root()} name) on one server connection: the class operations of
 * meteor-job's {@code Job} (method names {@code <root>_<method>}). Thread safe; cheap to keep for the life of the
 * connection.
 */
public interface JobCollection {

    /** meteor-job's chunk size for bulk operations. */
    int BULK_CHUNK = 256;

    /** meteor-job's chunk size for {@link #getJobs}. */
    int GET_JOBS_CHUNK = 32;

    /** The collection's root name, e.g. {@code "queue"}. */
    String root();

    /**
     * A new, unsaved job in status waiting, with meteor-job's defaults (priority 0, no retry, no repeat,
     * run as soon as possible) and a "Constructed" log entry.
     *
     * @param data a JSON object, a {@code Map} or any object JSON-B maps to a JSON object
     * @throws IllegalArgumentException when type is empty or data does not map to a JSON object
     */
    Job createJob(String type, Object data);

    /** A job object for an existing document (for example one received through a publication). */
    Job job(JsonObject document);

    /** Asks for one job of {@code type}: {@code getWork [[type], {}]}. */
    CompletionStage<Optional<Job>> getWork(String type);

    /**
     * Asks for jobs of any of {@code types}: {@code getWork [types, options]}. Without {@code maxJobs} the server
     * hands out at most one job.
     */
    CompletionStage<List<Job>> getWork(List<String> types, GetWorkOptions options);

    /** {@code getJob [id, {getLog: false}]}; empty when there is no such job. */
    default CompletionStage<Optional<Job>> getJob(String id) {
        return getJob(id, GetJobOptions.DEFAULT);
    }

    /** {@code getJob [id, options]}; empty when there is no such job. */
    CompletionStage<Optional<Job>> getJob(String id, GetJobOptions options);

    /** Blocking convenience: {@link #getJob(String)} and wait (see {@link JobException#await}). */
    default Optional<Job> getJobAndWait(String id) {
        return JobException.await(getJob(id));
    }

    /** Fetches several jobs, {@value #GET_JOBS_CHUNK} ids per call; missing ones are left out. */
    default CompletionStage<List<Job>> getJobs(Collection<String> ids) {
        return getJobs(ids, GetJobOptions.DEFAULT);
    }

    /** As {@link #getJobs(Collection)} with options. */
    CompletionStage<List<Job>> getJobs(Collection<String> ids, GetJobOptions options);

    /** Pauses ready/waiting jobs ({@code jobPause}, {@value #BULK_CHUNK} ids per call); true when any changed. */
    CompletionStage<Boolean> pauseJobs(Collection<String> ids);

    /** Resumes paused jobs ({@code jobResume}); true when any changed. */
    CompletionStage<Boolean> resumeJobs(Collection<String> ids);

    /** Promotes all due waiting jobs: {@code jobReady [[], {force: false}]}. */
    default CompletionStage<Boolean> readyJobs() {
        return readyJobs(List.of(), ReadyOptions.DEFAULT);
    }

    /** Makes these waiting jobs ready now ({@code jobReady [ids, {}]}); an empty collection means all due jobs. */
    default CompletionStage<Boolean> readyJobs(Collection<String> ids) {
        return readyJobs(ids, ReadyOptions.DEFAULT);
    }

    /** Makes waiting jobs ready ({@code jobReady}); an empty collection means all due jobs. */
    CompletionStage<Boolean> readyJobs(Collection<String> ids, ReadyOptions options);

    /** Cancels jobs with meteor-job's defaults ({@code antecedents: true}). */
    default CompletionStage<Boolean> cancelJobs(Collection<String> ids) {
        return cancelJobs(ids, CancelOptions.DEFAULT);
    }

    /** Cancels jobs ({@code jobCancel}); true when any changed. */
    CompletionStage<Boolean> cancelJobs(Collection<String> ids, CancelOptions options);

    /** Restarts jobs with meteor-job's defaults ({@code retries: 1, dependents: true}). */
    default CompletionStage<Boolean> restartJobs(Collection<String> ids) {
        return restartJobs(ids, RestartOptions.DEFAULT);
    }

    /** Restarts failed/cancelled jobs ({@code jobRestart}); true when any changed. */
    CompletionStage<Boolean> restartJobs(Collection<String> ids, RestartOptions options);

    /** Removes completed/cancelled/failed jobs ({@code jobRemove}); true when any was removed. */
    CompletionStage<Boolean> removeJobs(Collection<String> ids);

    /** {@code startJobServer [{}]}: the server starts handing out work. */
    CompletionStage<Boolean> startJobServer();

    /** {@code shutdownJobServer [{timeout: 60000}]}. */
    default CompletionStage<Boolean> shutdownJobServer() {
        return shutdownJobServer(Duration.ofMinutes(1));
    }

    /** {@code shutdownJobServer [{timeout}]}: no new work; running jobs are failed after {@code timeout}. */
    CompletionStage<Boolean> shutdownJobServer(Duration timeout);

    /** The deprecated alias of {@link #startJobServer()} ({@code startJobs}). */
    @Deprecated
    CompletionStage<Boolean> startJobs();

    /** The deprecated alias of {@link #shutdownJobServer(Duration)} ({@code stopJobs}). */
    @Deprecated
    CompletionStage<Boolean> stopJobs(Duration timeout);

    /** The deprecated alias of {@link #shutdownJobServer()} ({@code stopJobs [{timeout: 60000}]}). */
    @Deprecated
    default CompletionStage<Boolean> stopJobs() {
        return stopJobs(Duration.ofMinutes(1));
    }

    /**
     * One page of the jobs matching {@code filter} ({@code <root>_findJobs}), with how many match in all.
     * A feature of meteor-job servers (the job query extension), not of job-collection: on a server without it
     * the stage fails with a {@link DdpException} (404) whose message says so. Needs the {@code admin},
     * {@code manager} or {@code viewer} level.
     */
    CompletionStage<JobPageResult> findJobs(JobFilter filter, PageRequest page);

    /** Blocking convenience: {@link #findJobs} and wait (see {@link JobException#await}). */
    default JobPageResult findJobsAndWait(JobFilter filter, PageRequest page) {
        return JobException.await(findJobs(filter, page));
    }

    /**
     * How many jobs match {@code filter}, per status and per type and status ({@code <root>_countJobs}); a
     * meteor-job server feature, as {@link #findJobs}.
     */
    CompletionStage<JobCounts> countJobs(JobFilter filter);

    /** Blocking convenience: {@link #countJobs} and wait (see {@link JobException#await}). */
    default JobCounts countJobsAndWait(JobFilter filter) {
        return JobException.await(countJobs(filter));
    }

    /** Starts a queue working on one type, one job per worker call. */
    default JobQueue processJobs(String type, QueueOptions options, Worker worker) {
        return processJobs(List.of(type), options, worker);
    }

    /** Starts a queue working on several types, one job per worker call. */
    JobQueue processJobs(List<String> types, QueueOptions options, Worker worker);

    /** Starts a queue whose worker completes asynchronously. */
    JobQueue processJobsAsync(List<String> types, QueueOptions options, AsyncWorker worker);

    /** Starts a queue whose worker receives batches of up to {@link QueueOptions#payload()} jobs. */
    JobQueue processBatches(List<String> types, QueueOptions options, BatchWorker worker);

    /**
     * Watches jobs through the server's {@code <root>.jobs} publication
     * ({@code sub <root>.jobs [{"type": types, "status": statuses}]}, empty sets are left out).
     * Closing the handle stops the subscription. When the server refuses the subscription (job-collection
     * publishes no {@code <root>.jobs} unless the app does; or the user may not subscribe), the refusal is
     * logged as a WARNING; use {@link #watch(Set, Set, Consumer, Consumer)} to handle it.
     */
    AutoCloseable watch(Set<String> types, Set<JobStatus> statuses, Consumer<JobEvent> listener);

    /**
     * As {@link #watch(Set, Set, Consumer)}; when the server refuses the subscription ({@code nosub} with an
     * error), {@code onError} receives a {@link DdpException} saying why (for a missing publication: that the
     * server publishes no {@code <root>.jobs}) and the watch delivers nothing.
     */
    AutoCloseable watch(Set<String> types, Set<JobStatus> statuses, Consumer<JobEvent> listener,
                        Consumer<? super Throwable> onError);
}
