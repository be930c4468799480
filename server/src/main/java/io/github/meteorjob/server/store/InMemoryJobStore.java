package io.github.meteorjob.server.store;

/** A {@link JobStore} in the heap: fast, lost when the process ends. */
final class InMemoryJobStore extends IndexedJobStore {

    @Override
    protected void written(byte[] doc) {
        // nothing beyond the heap
    }

    @Override
    protected void removed(String id) {
        // nothing beyond the heap
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
