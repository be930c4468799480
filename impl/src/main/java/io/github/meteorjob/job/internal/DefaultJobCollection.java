package io.github.meteorjob.job.internal;

import io.github.meteorjob.job.JobCollections;
import io.github.meteorjob.AsyncWorker;
import io.github.meteorjob.BatchWorker;
import io.github.meteorjob.CancelOptions;
import io.github.meteorjob.GetJobOptions;
import io.github.meteorjob.GetWorkOptions;
import io.github.meteorjob.Job;
import io.github.meteorjob.JobCollection;
import io.github.meteorjob.JobCounts;
import io.github.meteorjob.JobFilter;
import io.github.meteorjob.JobPageResult;
import io.github.meteorjob.PageRequest;
import io.github.meteorjob.JobEvent;
import io.github.meteorjob.JobQueue;
import io.github.meteorjob.JobStatus;
import io.github.meteorjob.QueueOptions;
import io.github.meteorjob.ReadyOptions;
import io.github.meteorjob.RestartOptions;
import io.github.meteorjob.Worker;
import io.github.meteorjob.ddp.CallOptions;
import io.github.meteorjob.ddp.DdpClient;
import io.github.meteorjob.ejson.Ejson;
import io.github.meteorjob.ejson.jsonb.EjsonMapper;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BinaryOperator;
import java.util.function.Consumer;
import java.util.function.Function;

/** The {@link JobCollection} implementation over a {@link DdpClient}; see {@link JobCollections}. */
public final class DefaultJobCollection implements JobCollection {

    private static final System.Logger LOG = System.getLogger(DefaultJobCollection.class.getName());

    private final DdpClient ddp;
    private final String root;
    private final Clock clock;

    /** Checks the arguments; private because {@link #create} also registers the collection with the call recorder. */
    private DefaultJobCollection(DdpClient client, String root, Clock clock) {
        if (client == null) {
            throw new IllegalArgumentException("client must not be null");
        }
        if (root == null || root.isEmpty()) {
            throw new IllegalArgumentException("root must be a non-empty string, was " + (root == null ? "null" : "''"));
        }
        if (clock == null) {
            throw new IllegalArgumentException("clock must not be null");
        }
        this.ddp = client;
        this.root = root;
        this.clock = clock;
    }

    /**
     * The implementation behind {@link JobCollections#of(DdpClient, String, Clock)}, for the library's own
     * integrations that start queues with a {@link JobOutcome.Policy} of their own.
     *
     * @throws IllegalArgumentException when client or clock is null or root is empty
     */
    public static DefaultJobCollection create(DdpClient client, String root, Clock clock) {
        DefaultJobCollection collection = new DefaultJobCollection(client, root, clock);
        // every call on the connection is measured once, named after its collection when it is one's
        DdpCallRecorder.of(client).collection(root);
        return collection;
    }

    /** The DDP client this collection talks through. */
    public DdpClient ddp() {
        return ddp;
    }

    @Override
    public String root() {
        return root;
    }

    Instant now() {
        return clock.instant();
    }

    /** Calls {@code <root>_<method>} with the given params; idempotent calls are re-sent after a reconnect. */
    CompletionStage<JsonValue> call(String method, boolean idempotent, JsonValue... params) {
        JsonArrayBuilder a = Ejson.builders().createArrayBuilder();
        for (JsonValue p : params) {
            a.add(p);
        }
        JsonArray array = a.build();
        LOG.log(System.Logger.Level.DEBUG, () -> "call " + root + "_" + method);
        return ddp.call(root + "_" + method, array, idempotent ? CallOptions.IDEMPOTENT : CallOptions.DEFAULT);
    }

    /** JavaScript truthiness of a result. */
    static boolean truthy(JsonValue v) {
        if (v == null) {
            return false;
        }
        return switch (v.getValueType()) {
            case NULL, FALSE -> false;
            case TRUE, OBJECT, ARRAY -> true;
            case STRING -> !((JsonString) v).getString().isEmpty();
            case NUMBER -> ((JsonNumber) v).doubleValue() != 0;
        };
    }

    // ------------------------------------------------------------------ jobs

    @Override
    public Job createJob(String type, Object data) {
        if (type == null || type.isEmpty()) {
            throw new IllegalArgumentException("type must be a non-empty string, was " + (type == null ? "null" : "''"));
        }
        if (data == null) {
            throw new IllegalArgumentException("data must be an object, was null");
        }
        JsonValue json = EjsonMapper.encode(data);
        if (!(json instanceof JsonObject object)) {
            throw new IllegalArgumentException("data must map to a JSON object, was " + json.getValueType()
                    + " (" + data.getClass().getName() + ")");
        }
        return new DefaultJob(this, JobDocument.newJob(type, object, now()));
    }

    @Override
    public Job job(JsonObject document) {
        if (document == null || !(document.get("type") instanceof JsonString) || !(document.get("data") instanceof JsonObject)) {
            throw new IllegalArgumentException("a job document needs a string type and an object data, was " + document);
        }
        return new DefaultJob(this, new JobDocument(document));
    }

    @Override
    public CompletionStage<Optional<Job>> getWork(String type) {
        return getWork(List.of(requireType(type)), GetWorkOptions.NONE)
                .thenApply(jobs -> jobs.isEmpty() ? Optional.empty() : Optional.of(jobs.get(0)));
    }

    private static String requireType(String type) {
        if (type == null || type.isEmpty()) {
            throw new IllegalArgumentException("type must be a non-empty string, was " + (type == null ? "null" : "''"));
        }
        return type;
    }

    /** Checks a list of types: non-empty, each a non-empty string. */
    public static List<String> requireTypes(List<String> types) {
        if (types == null || types.isEmpty()) {
            throw new IllegalArgumentException("types must be a non-empty list of non-empty strings, was " + types);
        }
        for (String t : types) {
            if (t == null || t.isEmpty()) {
                throw new IllegalArgumentException("types must be a non-empty list of non-empty strings, was " + types);
            }
        }
        return List.copyOf(types);
    }

    @Override
    public CompletionStage<List<Job>> getWork(List<String> types, GetWorkOptions options) {
        List<String> checked = requireTypes(types);
        requireOptions(options, "getWork");
        JsonArrayBuilder t = Ejson.builders().createArrayBuilder();
        checked.forEach(t::add);
        JsonObject o = new WireOptions().putIfSet("maxJobs", options.maxJobs())
                .putIfSet("workTimeout", options.workTimeout()).build();
        // never re-sent: a second claim would orphan the jobs of the first
        return call("getWork", false, t.build(), o).thenApply(this::jobs);
    }

    private List<Job> jobs(JsonValue res) {
        List<Job> out = new ArrayList<>();
        if (res instanceof JsonArray a) {
            for (JsonValue v : a) {
                if (v instanceof JsonObject o) {
                    out.add(new DefaultJob(this, new JobDocument(o)));
                }
            }
        } else if (res instanceof JsonObject o) {
            out.add(new DefaultJob(this, new JobDocument(o)));
        }
        return List.copyOf(out);
    }

    static JsonObject getJobOptions(GetJobOptions options) {
        return new WireOptions().put("getLog", options.getLog()).putIfSet("getFailures", options.getFailures()).build();
    }

    @Override
    public CompletionStage<Optional<Job>> getJob(String id, GetJobOptions options) {
        if (id == null || id.isEmpty()) {
            throw new IllegalArgumentException("id must be a non-empty string, was " + (id == null ? "null" : "''"));
        }
        requireOptions(options, "getJob");
        return call("getJob", true, Ejson.provider().createValue(id), getJobOptions(options))
                .thenApply(res -> {
                    List<Job> jobs = jobs(res);
                    return jobs.isEmpty() ? Optional.empty() : Optional.of(jobs.get(0));
                });
    }

    @Override
    public CompletionStage<List<Job>> getJobs(Collection<String> ids, GetJobOptions options) {
        List<String> list = requireIds(ids);
        requireOptions(options, "getJobs");
        JsonObject o = getJobOptions(options);
        return chunked(list, GET_JOBS_CHUNK, chunk -> call("getJob", true, chunk, o).thenApply(this::jobs),
                List.of(), (a, b) -> {
                    List<Job> all = new ArrayList<>(a);
                    all.addAll(b);
                    return List.copyOf(all);
                });
    }

    private static List<String> requireIds(Collection<String> ids) {
        if (ids == null) {
            throw new IllegalArgumentException("ids must be a collection of job ids, was null");
        }
        List<String> list = new ArrayList<>(ids);
        for (String id : list) {
            if (id == null || id.isEmpty()) {
                throw new IllegalArgumentException("ids must not contain null or empty ids, was " + ids);
            }
        }
        return list;
    }

    /** Sends one call per chunk of ids (all at once, as meteor-job does) and combines the answers. */
    private static <T> CompletionStage<T> chunked(List<String> ids, int size, Function<JsonArray, CompletionStage<T>> call,
                                                  T identity, BinaryOperator<T> combine) {
        List<CompletableFuture<T>> calls = new ArrayList<>();
        for (int i = 0; i < ids.size(); i += size) {
            JsonArrayBuilder chunk = Ejson.builders().createArrayBuilder();
            ids.subList(i, Math.min(ids.size(), i + size)).forEach(chunk::add);
            calls.add(call.apply(chunk.build()).toCompletableFuture());
        }
        return CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).thenApply(v -> {
            T acc = identity;
            for (CompletableFuture<T> c : calls) {
                acc = combine.apply(acc, c.join());
            }
            return acc;
        });
    }

    private CompletionStage<Boolean> bulk(String method, Collection<String> ids, JsonObject options, boolean oneCallWhenEmpty) {
        List<String> list = requireIds(ids);
        if (list.isEmpty() && oneCallWhenEmpty) {
            return call(method, false, JsonValue.EMPTY_JSON_ARRAY, options).thenApply(DefaultJobCollection::truthy);
        }
        return chunked(list, BULK_CHUNK, chunk -> call(method, false, chunk, options).thenApply(DefaultJobCollection::truthy),
                false, Boolean::logicalOr);
    }

    @Override
    public CompletionStage<Boolean> pauseJobs(Collection<String> ids) {
        return bulk("jobPause", ids, JsonValue.EMPTY_JSON_OBJECT, false);
    }

    @Override
    public CompletionStage<Boolean> resumeJobs(Collection<String> ids) {
        return bulk("jobResume", ids, JsonValue.EMPTY_JSON_OBJECT, false);
    }

    /**
     * The one check of a call's options argument, shared by the bulk calls here and the single-job ones.
     *
     * @throws IllegalArgumentException naming the call when options is null
     */
    static <T> T requireOptions(T options, String what) {
        if (options == null) {
            throw new IllegalArgumentException(what + " options must not be null");
        }
        return options;
    }

    static JsonObject readyOptions(ReadyOptions options) {
        return new WireOptions().put("force", options.force()).putIfSet("time", options.time()).build();
    }

    @Override
    public CompletionStage<Boolean> readyJobs(Collection<String> ids, ReadyOptions options) {
        // meteor-job sends one call with [] (all due jobs) when there are no ids
        return bulk("jobReady", ids, readyOptions(requireOptions(options, "ready")), true);
    }

    static JsonObject cancelOptions(CancelOptions options) {
        return new WireOptions().put("antecedents", options.antecedents())
                .putIfSet("dependents", options.dependents()).build();
    }

    @Override
    public CompletionStage<Boolean> cancelJobs(Collection<String> ids, CancelOptions options) {
        return bulk("jobCancel", ids, cancelOptions(requireOptions(options, "cancel")), false);
    }

    static JsonObject restartOptions(RestartOptions options) {
        return new WireOptions().put("retries", options.retries()).put("dependents", options.dependents())
                .putIfSet("antecedents", options.antecedents()).putIfSet("until", options.until()).build();
    }

    @Override
    public CompletionStage<Boolean> restartJobs(Collection<String> ids, RestartOptions options) {
        return bulk("jobRestart", ids, restartOptions(requireOptions(options, "restart")), false);
    }

    @Override
    public CompletionStage<Boolean> removeJobs(Collection<String> ids) {
        return bulk("jobRemove", ids, JsonValue.EMPTY_JSON_OBJECT, false);
    }

    @Override
    public CompletionStage<Boolean> startJobServer() {
        return call("startJobServer", false, JsonValue.EMPTY_JSON_OBJECT).thenApply(DefaultJobCollection::truthy);
    }

    private static JsonObject timeout(Duration timeout) {
        if (timeout == null || timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must be a non-negative duration, was " + timeout);
        }
        return Ejson.builders().createObjectBuilder().add("timeout", timeout.toMillis()).build();
    }

    @Override
    public CompletionStage<Boolean> shutdownJobServer(Duration timeout) {
        JsonObject o = timeout(timeout);
        return call("shutdownJobServer", false, o).thenApply(DefaultJobCollection::truthy);
    }

    @Override
    @Deprecated
    public CompletionStage<Boolean> startJobs() {
        return call("startJobs", false, JsonValue.EMPTY_JSON_OBJECT).thenApply(DefaultJobCollection::truthy);
    }

    @Override
    @Deprecated
    public CompletionStage<Boolean> stopJobs(Duration timeout) {
        JsonObject o = timeout(timeout);
        return call("stopJobs", false, o).thenApply(DefaultJobCollection::truthy);
    }

    // ------------------------------------------------------------------ queues and watching

    @Override
    public JobQueue processJobs(List<String> types, QueueOptions options, Worker worker) {
        if (worker == null) {
            throw new IllegalArgumentException("worker must not be null");
        }
        return DefaultJobQueue.start(this, types, options, Dispatch.single(worker), JobOutcome.Policy.EXPLICIT);
    }

    @Override
    public JobQueue processJobsAsync(List<String> types, QueueOptions options, AsyncWorker worker) {
        if (worker == null) {
            throw new IllegalArgumentException("worker must not be null");
        }
        return DefaultJobQueue.start(this, types, options, Dispatch.async(worker), JobOutcome.Policy.EXPLICIT);
    }

    @Override
    public JobQueue processBatches(List<String> types, QueueOptions options, BatchWorker worker) {
        if (worker == null) {
            throw new IllegalArgumentException("worker must not be null");
        }
        return DefaultJobQueue.start(this, types, options, Dispatch.batch(worker), JobOutcome.Policy.EXPLICIT);
    }

    /** The name of the server's job publication and DDP collection: {@code <root>.jobs}. */
    public String jobsPublication() {
        return root + ".jobs";
    }

    /** The publication params {@code [{"type": [...], "status": [...]}]} (empty sets left out). */
    public static JsonArray watchParams(Collection<String> types, Collection<String> statuses) {
        JsonObjectBuilder o = Ejson.builders().createObjectBuilder();
        if (types != null && !types.isEmpty()) {
            JsonArrayBuilder t = Ejson.builders().createArrayBuilder();
            types.forEach(t::add);
            o.add("type", t);
        }
        if (statuses != null && !statuses.isEmpty()) {
            JsonArrayBuilder s = Ejson.builders().createArrayBuilder();
            statuses.forEach(s::add);
            o.add("status", s);
        }
        return Ejson.builders().createArrayBuilder().add(o).build();
    }

    @Override
    public AutoCloseable watch(Set<String> types, Set<JobStatus> statuses, Consumer<JobEvent> listener) {
        return JobWatch.start(this, types, statuses, listener, e -> LOG.log(System.Logger.Level.WARNING,
                "watch of " + jobsPublication() + " delivers nothing: " + e.getMessage()));
    }

    @Override
    public AutoCloseable watch(Set<String> types, Set<JobStatus> statuses, Consumer<JobEvent> listener,
                               Consumer<? super Throwable> onError) {
        if (onError == null) {
            throw new IllegalArgumentException("onError must not be null");
        }
        return JobWatch.start(this, types, statuses, listener, onError);
    }

    // ------------------------------------------------------------------ the job query extension

    @Override
    public CompletionStage<JobPageResult> findJobs(JobFilter filter, PageRequest page) {
        return JobQueryClient.findJobs(this, filter, page);
    }

    @Override
    public CompletionStage<JobCounts> countJobs(JobFilter filter) {
        return JobQueryClient.countJobs(this, filter);
    }

    @Override
    public String toString() {
        return "JobCollection[" + root + "]";
    }
}
