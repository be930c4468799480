package io.github.meteorjob.server.store;

import io.github.meteorjob.JobSort;

import java.util.Comparator;

/** The order a job query must return, spelt out directly on the documents for the query tests to compare with. */
final class ExpectedOrder {

    private ExpectedOrder() {
    }

    /** By the sort field, ties by id, both reversed when {@code descending}. */
    static Comparator<JobDoc> of(JobSort sort, boolean descending) {
        Comparator<JobDoc> c = switch (sort) {
            case UPDATED -> Comparator.comparing((JobDoc d) -> d.updated);
            case CREATED -> Comparator.comparing((JobDoc d) -> d.created);
            case AFTER -> Comparator.comparing((JobDoc d) -> d.after);
            case PRIORITY -> Comparator.comparingInt((JobDoc d) -> d.priority);
            case STATUS -> Comparator.comparing((JobDoc d) -> d.status);
            case TYPE -> Comparator.comparing((JobDoc d) -> d.type);
            case ID -> (a, b) -> 0;
        };
        c = c.thenComparing(d -> d.id);
        return descending ? c.reversed() : c;
    }
}
