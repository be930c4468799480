package io.github.meteorjob.server.jobs;

import io.github.meteorjob.JobCounts;
import io.github.meteorjob.JobFilter;
import io.github.meteorjob.PageRequest;
import io.github.meteorjob.server.store.JobDoc;
import io.github.meteorjob.wire.query.JobQueryWire;
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
        Optional<JobFilter> filter = JobQueryWire.readFilter(Check.arg(p, 0), "filter");
        PageRequest page = JobQueryWire.readPage(Check.arg(p, 1), "page");
        if (filter.isEmpty()) {
            return JobQueryWire.found(0, JsonValue.EMPTY_JSON_ARRAY);
        }
        // through write(), as getJob: the answer waits until what it read is durable (group commit)
        return commits.write(() -> {
            JobIdPage ids = store.find(filter.get(), page);
            JsonArrayBuilder jobs = JSON.createArrayBuilder();
            for (String id : ids.ids()) {
                JobDoc d = store.get(id);
                jobs.add(d.toJson(page.log(), true));
            }
            return JobQueryWire.found(ids.total(), jobs.build());
        });
    }

    /** {@code countJobs(filter?)} → {@code {total, byStatus, byType}}. */
    JsonValue countJobs(JsonArray p) {
        Optional<JobFilter> filter = JobQueryWire.readFilter(Check.arg(p, 0), "filter");
        if (filter.isEmpty()) {
            return JobQueryWire.counts(JobCounts.EMPTY);
        }
        return commits.write(() -> JobQueryWire.counts(store.counts(filter.get())));
    }
}
