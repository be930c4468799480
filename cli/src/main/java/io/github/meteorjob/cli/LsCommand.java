package io.github.meteorjob.cli;

import io.github.meteorjob.Job;
import io.github.meteorjob.JobCollection;
import io.github.meteorjob.JobFilter;
import io.github.meteorjob.JobPageResult;
import io.github.meteorjob.JobSort;
import io.github.meteorjob.PageRequest;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.concurrent.CompletionStage;

/** {@code ls}: a filtered, sorted page of jobs through the query extension ({@code JobCollection.findJobs}). */
@Command(name = "ls", description = "Lists jobs, filtered and sorted (needs the job query extension: <root>_findJobs).")
final class LsCommand extends QueryCommand<JobPageResult> {

    @Option(names = "--sort", paramLabel = "FIELD", defaultValue = "updated",
            description = "Sort by updated, created, after, priority, status, type or _id (default: ${DEFAULT-VALUE}).")
    String sort;

    @Option(names = "--asc", description = "Ascending order (default: descending).")
    boolean asc;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "50", description = "At most N jobs, 1..1000 (default: ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = "--skip", paramLabel = "N", defaultValue = "0", description = "Skip the first N matches (default: ${DEFAULT-VALUE}).")
    int skip;

    private PageRequest page;

    LsCommand() {
        super("findJobs");
    }

    @Override
    void checkOptions() {
        try {
            page = new PageRequest(JobSort.fromWire(sort), !asc, skip, limit, false);
        } catch (IllegalArgumentException e) {
            // the messages start with the value's name: sort, skip, limit
            throw CliException.usage("--" + e.getMessage());
        }
    }

    @Override
    CompletionStage<JobPageResult> query(JobCollection jobs, JobFilter f) {
        return jobs.findJobs(f, page);
    }

    @Override
    void print(JobPageResult result) {
        if (top.json) {
            JsonArrayBuilder jobs = Json.createArrayBuilder();
            result.jobs().forEach(j -> jobs.add(j.document()));
            Output.json(top.out, Json.createObjectBuilder().add("total", result.total()).add("skip", skip)
                    .add("limit", limit).add("jobs", jobs).build());
            return;
        }
        Output.Table t = new Output.Table("ID", "TYPE", "STATUS", "PRIORITY", "RETRIED", "UPDATED", "PROGRESS");
        for (Job j : result.jobs()) {
            t.row(j.id(), j.type(), j.status().wireName(), j.priority(), j.retried(), Output.iso(j.updated()),
                    j.progress() == null ? "" : Math.round(j.progress().percent()) + "%");
        }
        t.print(top.out);
        top.err.println(result.jobs().isEmpty() ? "no jobs match (" + result.total() + " in all)"
                : "jobs " + (skip + 1) + "-" + (skip + result.jobs().size()) + " of " + result.total());
    }
}
