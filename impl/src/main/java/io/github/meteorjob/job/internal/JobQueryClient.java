package io.github.meteorjob.job.internal;

import io.github.meteorjob.DdpException;
import io.github.meteorjob.Job;
import io.github.meteorjob.JobCounts;
import io.github.meteorjob.JobFilter;
import io.github.meteorjob.JobPageResult;
import io.github.meteorjob.PageRequest;
import io.github.meteorjob.wire.query.JobQueryWire;
import jakarta.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * The client side of the job query extension (docs/protocol.md, "Extension: job query"):
 * {@code <root>_findJobs} and {@code <root>_countJobs}, with {@link JobFilter} and {@link PageRequest}
 * in their wire form ({@link JobQueryWire}, which the server reads them with), and the 404 of a server
 * without the extension turned into a message that says so.
 */
final class JobQueryClient {

    private JobQueryClient() {
    }

    static CompletionStage<JobPageResult> findJobs(DefaultJobCollection jc, JobFilter filter, PageRequest page) {
        if (filter == null || page == null) {
            throw new IllegalArgumentException("findJobs needs a filter (JobFilter.ALL for every job) and a page (PageRequest.FIRST)");
        }
        return explain(jc, "findJobs", jc.call("findJobs", true, JobQueryWire.filter(filter), JobQueryWire.page(page)).thenApply(res -> {
            List<Job> jobs = new ArrayList<>();
            for (JsonObject doc : JobQueryWire.foundJobs(res)) {
                jobs.add(new DefaultJob(jc, new JobDocument(doc)));
            }
            return new JobPageResult(JobQueryWire.foundTotal(res), jobs, page);
        }));
    }

    static CompletionStage<JobCounts> countJobs(DefaultJobCollection jc, JobFilter filter) {
        if (filter == null) {
            throw new IllegalArgumentException("countJobs needs a filter (JobFilter.ALL for every job)");
        }
        return explain(jc, "countJobs", jc.call("countJobs", true, JobQueryWire.filter(filter)).thenApply(JobQueryWire::readCounts));
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
}
