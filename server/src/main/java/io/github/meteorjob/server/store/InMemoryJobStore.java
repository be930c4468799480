package io.github.meteorjob.server.store;

import java.util.HashMap;
import java.util.Map;

/** A {@link JobStore} in the heap: fast, lost when the process ends. */
final class InMemoryJobStore extends IndexedJobStore {

    private final Map<String, JobDoc> docs = new HashMap<>();

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
    public void commit() {
        // nothing to make durable
    }

    @Override
    public void close() {
        // the heap keeps nothing open
    }
}
