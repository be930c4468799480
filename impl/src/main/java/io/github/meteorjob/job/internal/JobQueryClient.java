package io.github.meteorjob.job.internal;

import io.github.meteorjob.DdpException;
import io.github.meteorjob.Job;
import io.github.meteorjob.JobCounts;
import io.github.meteorjob.JobFilter;
import io.github.meteorjob.JobPageResult;
import io.github.meteorjob.JobStatus;
import io.github.meteorjob.PageRequest;
import io.github.meteorjob.TimeRange;
import io.github.meteorjob.ejson.Ejson;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;

import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * The client side of the job query extension (docs/protocol.md, "Extension: job query"):
 * {@code <root>_findJobs} and {@code <root>_countJobs}, with {@link JobFilter} and {@link PageRequest}
 * in their wire form, and the 404 of a server without the extension turned into a message that says so.
 */
final class JobQueryClient {

    private JobQueryClient() {
    }

    static CompletionStage<JobPageResult> findJobs(DefaultJobCollection jc, JobFilter filter, PageRequest page) {
        if (filter == null || page == null) {
            throw new IllegalArgumentException("findJobs needs a filter (JobFilter.ALL for every job) and a page (PageRequest.FIRST)");
        }
        return explain(jc, "findJobs", jc.call("findJobs", true, filter(filter), page(page)).thenApply(res -> {
            JsonObject o = (JsonObject) res;
            List<Job> jobs = new ArrayList<>();
            for (JsonValue v : o.getJsonArray("jobs")) {
                jobs.add(new DefaultJob(jc, new JobDocument(v.asJsonObject())));
            }
            return new JobPageResult(o.getJsonNumber("total").longValue(), jobs, page);
        }));
    }

    static CompletionStage<JobCounts> countJobs(DefaultJobCollection jc, JobFilter filter) {
        if (filter == null) {
            throw new IllegalArgumentException("countJobs needs a filter (JobFilter.ALL for every job)");
        }
        return explain(jc, "countJobs", jc.call("countJobs", true, filter(filter)).thenApply(res -> counts((JsonObject) res)));
    }

    /** The 404 of a server without the extension, as a message that names the reason. */
    private static <T> CompletionStage<T> explain(DefaultJobCollection jc, String method, CompletionStage<T> stage) {
        return stage.exceptionally(e -> {
            Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
            if (cause instanceof DdpException d && d.errorCode() == 404) {
                throw new DdpException(d.error(), "this server has no job query extension ('" + jc.root() + "_" + method
                        + "' not found): it is a meteor-job server feature; job-collection lacks it", d.details(), d);
            }
            throw cause instanceof RuntimeException r ? r : new CompletionException(cause);
        });
    }

    /** The wire {@code filter}: only the constraints that are set. */
    static JsonObject filter(JobFilter f) {
        JsonObjectBuilder o = Ejson.builders().createObjectBuilder();
        strings(o, "ids", f.ids(), Function.identity());
        strings(o, "status", f.statuses(), JobStatus::wireName);
        strings(o, "type", f.types(), Function.identity());
        if (f.text() != null) {
            o.add("text", f.text());
        }
        range(o, "created", f.created());
        range(o, "updated", f.updated());
        return o.build();
    }

    private static <T> void strings(JsonObjectBuilder o, String key, Collection<T> values, Function<T, String> name) {
        if (!values.isEmpty()) {
            JsonArrayBuilder a = Ejson.builders().createArrayBuilder();
            values.forEach(v -> a.add(name.apply(v)));
            o.add(key, a);
        }
    }

    private static void range(JsonObjectBuilder o, String key, TimeRange r) {
        if (!r.isUnbounded()) {
            JsonObjectBuilder b = Ejson.builders().createObjectBuilder();
            if (r.from() != null) {
                b.add("from", Ejson.date(r.from()));
            }
            if (r.to() != null) {
                b.add("to", Ejson.date(r.to()));
            }
            o.add(key, b);
        }
    }

    static JsonObject page(PageRequest p) {
        return Ejson.builders().createObjectBuilder()
                .add("sort", p.sort().wireName())
                .add("order", p.descending() ? "desc" : "asc")
                .add("skip", p.skip())
                .add("limit", p.limit())
                .add("log", p.log())
                .build();
    }

    static JobCounts counts(JsonObject o) {
        Map<String, Map<JobStatus, Long>> byType = new HashMap<>();
        o.getJsonObject("byType").forEach((t, m) -> byType.put(t, perStatus(m.asJsonObject())));
        return new JobCounts(o.getJsonNumber("total").longValue(), perStatus(o.getJsonObject("byStatus")), byType);
    }

    private static Map<JobStatus, Long> perStatus(JsonObject o) {
        Map<JobStatus, Long> m = new EnumMap<>(JobStatus.class);
        o.forEach((s, n) -> m.put(JobStatus.fromWire(s), ((JsonNumber) n).longValue()));
        return m;
    }
}
