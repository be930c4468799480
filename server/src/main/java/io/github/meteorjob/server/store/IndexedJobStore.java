package io.github.meteorjob.server.store;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Base of the {@link JobStore}s that answer every query from an in-memory {@link JobIndex}.
 * Subclasses decide where documents live and must keep {@link #index} in step with them on
 * every put and remove; the queries are then the same for all of them, so they live here once.
 */
abstract class IndexedJobStore implements JobStore {

    /** The secondary indexes over the stored documents; subclasses update it on put/remove. */
    protected final JobIndex index = new JobIndex();

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
}
