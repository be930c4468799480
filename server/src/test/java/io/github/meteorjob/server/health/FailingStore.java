package io.github.meteorjob.server.health;

import io.github.meteorjob.JobCounts;
import io.github.meteorjob.JobFilter;
import io.github.meteorjob.PageRequest;
import io.github.meteorjob.server.store.JobDoc;
import io.github.meteorjob.server.store.JobIdPage;
import io.github.meteorjob.server.store.JobStore;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** A real in-memory store whose commits fail while {@link #broken} is set, as a durable one after a write error. */
final class FailingStore implements JobStore {

    private final JobStore store;
    volatile boolean broken;

    FailingStore(JobStore store) {
        this.store = store;
    }

    @Override
    public void awaitDurable(long ticket) {
        if (broken) {
            throw new IllegalStateException("job store failed to write and accepts no more writes: No space left on device");
        }
        store.awaitDurable(ticket);
    }

    @Override
    public long commitAsync() {
        return store.commitAsync();
    }

    @Override
    public void commit() {
        awaitDurable(commitAsync());
    }

    @Override public JobDoc get(String id) { return store.get(id); }
    @Override public void put(JobDoc doc) { store.put(doc); }
    @Override public boolean remove(String id) { return store.remove(id); }
    @Override public int size() { return store.size(); }
    @Override public List<String> readyIds(Collection<String> types, int limit) { return store.readyIds(types, limit); }
    @Override public List<String> promotableIds(Instant time) { return store.promotableIds(time); }
    @Override public Optional<Instant> earliestPromotable() { return store.earliestPromotable(); }
    @Override public List<String> waitingIds(Instant time) { return store.waitingIds(time); }
    @Override public List<String> expiredIds(Instant time) { return store.expiredIds(time); }
    @Override public Optional<Instant> earliestExpiry() { return store.earliestExpiry(); }
    @Override public Set<String> dependentsOf(String antecedentId) { return store.dependentsOf(antecedentId); }
    @Override public Collection<String> idsByStatus(String status) { return store.idsByStatus(status); }
    @Override public Collection<String> idsByTypeAndStatus(String type, String status) { return store.idsByTypeAndStatus(type, status); }
    @Override public Collection<String> idsByType(String type) { return store.idsByType(type); }
    @Override public Collection<String> allIds() { return store.allIds(); }
    @Override public JobCounts counts(JobFilter filter) { return store.counts(filter); }
    @Override public JobIdPage find(JobFilter filter, PageRequest page) { return store.find(filter, page); }
    @Override public void close() { store.close(); }
}
