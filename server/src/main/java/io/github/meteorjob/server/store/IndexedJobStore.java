package io.github.meteorjob.server.store;

import io.github.meteorjob.JobCounts;
import io.github.meteorjob.JobFilter;
import io.github.meteorjob.PageRequest;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Base of the {@link JobStore}s: the jobs live in the heap in encoded form in a {@link JobIndex},
 * which answers every query; subclasses only decide what else happens on a write
 * ({@link #written}, {@link #removed}), such as appending it to a log.
 */
abstract class IndexedJobStore implements JobStore {

    /** The encoded documents and the indexes over them. */
    protected final JobIndex index = new JobIndex();

    @Override
    public JobDoc get(String id) {
        byte[] b = index.get(id);
        return b == null ? null : JobCodec.decode(b);
    }

    @Override
    public void put(JobDoc doc) {
        byte[] b = JobCodec.encode(doc);
        index.put(b);
        written(b);
    }

    @Override
    public boolean remove(String id) {
        if (index.get(id) == null) {
            return false;
        }
        index.remove(id);
        removed(id);
        return true;
    }

    @Override
    public int size() {
        return index.size();
    }

    /** After a put: {@code doc} is the job's new encoded form. */
    protected abstract void written(byte[] doc);

    /** After the removal of an existing job. */
    protected abstract void removed(String id);

    @Override
    public List<String> readyIds(Collection<String> types, int limit) {
        return index.readyIds(types, limit);
    }

    @Override
    public List<String> promotableIds(Instant time) {
        return index.promotableIds(time);
    }

    @Override
    public Optional<Instant> earliestPromotable() {
        return index.earliestPromotable();
    }

    @Override
    public List<String> waitingIds(Instant time) {
        return index.waitingIds(time);
    }

    @Override
    public List<String> expiredIds(Instant time) {
        return index.expiredIds(time);
    }

    @Override
    public Optional<Instant> earliestExpiry() {
        return index.earliestExpiry();
    }

    @Override
    public Set<String> dependentsOf(String antecedentId) {
        return index.dependentsOf(antecedentId);
    }

    @Override
    public Collection<String> idsByStatus(String status) {
        return index.idsByStatus(status);
    }

    @Override
    public Collection<String> idsByTypeAndStatus(String type, String status) {
        return index.idsByTypeAndStatus(type, status);
    }

    @Override
    public Collection<String> idsByType(String type) {
        return index.idsByType(type);
    }

    @Override
    public Collection<String> allIds() {
        return index.allIds();
    }

    @Override
    public JobCounts counts(JobFilter filter) {
        return JobQueries.counts(index, filter);
    }

    @Override
    public JobIdPage find(JobFilter filter, PageRequest page) {
        return JobQueries.find(index, filter, page);
    }
}
