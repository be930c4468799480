package io.github.meteorjob.observability;

/**
 * The attributes every worker metric carries: the collection root and the job type (for a queue of several
 * types, the types joined with {@code ,}).
 */
public record MetricTags(String collection, String type) {

    public MetricTags {
        collection = collection == null ? "" : collection;
        type = type == null ? "" : type;
    }
}
