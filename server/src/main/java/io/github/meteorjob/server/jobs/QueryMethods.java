package io.github.meteorjob.server.jobs;

import io.github.meteorjob.JobCounts;
import io.github.meteorjob.JobFilter;
import io.github.meteorjob.PageRequest;
import io.github.meteorjob.server.store.JobDoc;
import io.github.meteorjob.server.store.JobIdPage;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonValue;

import java.util.Optional;

import static io.github.meteorjob.server.jobs.JobTransitions.JSON;

/**
 * The methods of the job query extension (not part of job-collection; docs/protocol.md):
 * {@code findJobs(filter, page)} and {@code countJobs(filter)}, answered from the store's indexes.
 */
final class QueryMethods extends CollectionPart {

    QueryMethods(CollectionPart sameCollection) {
        super(sameCollection);
    }

    /** {@code findJobs(filter?, page?)} → {@code {total, jobs: [document without log unless page.log]}}. */
    JsonValue findJobs(JsonArray p) {
        Optional<JobFilter> filter = QueryWire.filter(Check.arg(p, 0), "filter");
        PageRequest page = QueryWire.page(Check.arg(p, 1));
        if (filter.isEmpty()) {
            return JSON.createObjectBuilder().add("total", 0).add("jobs", JsonValue.EMPTY_JSON_ARRAY).build();
        }
        // through write(), as getJob: the answer waits until what it read is durable (group commit)
        return commits.write(() -> {
            JobIdPage ids = store.find(filter.get(), page);
            JsonArrayBuilder jobs = JSON.createArrayBuilder();
            for (String id : ids.ids()) {
                JobDoc d = store.get(id);
                jobs.add(d.toJson(page.log(), true));
            }
            return JSON.createObjectBuilder().add("total", ids.total()).add("jobs", jobs).build();
        });
    }

    /** {@code countJobs(filter?)} → {@code {total, byStatus, byType}}. */
    JsonValue countJobs(JsonArray p) {
        Optional<JobFilter> filter = QueryWire.filter(Check.arg(p, 0), "filter");
        if (filter.isEmpty()) {
            return QueryWire.counts(JobCounts.EMPTY);
        }
        return commits.write(() -> QueryWire.counts(store.counts(filter.get())));
    }
}
