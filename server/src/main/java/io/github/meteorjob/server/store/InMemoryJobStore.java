package io.github.meteorjob.server.store;

import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** A {@link JobStore} in the heap: fast, lost when the process ends. */
final class InMemoryJobStore implements JobStore {

    private final Map<String, JobDoc> docs = new HashMap<>();
    private final JobIndex index = new JobIndex();

    @Override
    public JobDoc get(String id) {
        return docs.get(id);
    }

    @Override
    public void put(JobDoc doc) {
        docs.put(doc.id, doc);
        index.put(doc);
    }

    @Override
    public boolean remove(String id) {
        index.remove(id);
        return docs.remove(id) != null;
    }

    @Override
    public int size() {
        return docs.size();
    }

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
    public void commit() {
        // nothing to make durable
    }

    @Override
    public void close() {
        // the heap keeps nothing open
    }
}
