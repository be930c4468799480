package io.github.meteorjob.server.store;

import org.h2.mvstore.MVStore;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** Durable stores: one H2 MVStore file {@code jobs.mv.db} in a directory, one map per root. */
final class MvJobStoreFactory implements JobStoreFactory {

    static final String FILE_NAME = "jobs.mv.db";

    private final MVStore store;
    private final boolean fsync;
    private final Map<String, MvJobStore> open = new HashMap<>();
    private final java.util.concurrent.atomic.AtomicLong issued = new java.util.concurrent.atomic.AtomicLong();
    private final Object commitLock = new Object();
    private volatile long durable;
    private long commits; // guarded by commitLock

    MvJobStoreFactory(Path dir, boolean fsync) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create job store directory " + dir, e);
        }
        this.fsync = fsync;
        this.store = new MVStore.Builder()
                .fileName(dir.resolve(FILE_NAME).toString())
                // every method commits by itself, rewriting the pages it touched: small pages keep
                // that cost down (measured: 4 KiB pages ≈ 1.5× the throughput of the default)
                .pageSplitSize(4096)
                .open();
        // MVStore's default retention (45 s before the space of dead chunks is reused) is kept on
        // purpose: with 0 the file stays small, but the kill -9 test (DurabilityTest) lost
        // acknowledged writes, because recovery follows chunks that had already been overwritten.
    }

    @Override
    public synchronized JobStore open(String root) {
        if (store.isClosed()) {
            throw new IllegalStateException("job store is closed");
        }
        return open.computeIfAbsent(root, r -> new MvJobStore(this, store.openMap("jobs." + r)));
    }

    @Override
    public boolean durable() {
        return true;
    }

    void commit() {
        awaitDurable(commitAsync());
    }

    /** A ticket covering every write made so far (no I/O). */
    long commitAsync() {
        return issued.incrementAndGet();
    }

    /**
     * Group commit: the first waiter commits everything written so far, which covers the tickets
     * of the others that queued behind it meanwhile.
     */
    void awaitDurable(long ticket) {
        if (durable >= ticket) {
            return;
        }
        synchronized (commitLock) {
            if (durable >= ticket) {
                return;
            }
            long upTo = issued.get(); // every write with a ticket up to here is in the maps
            // commit() hands the new chunk to the OS before it returns: that survives a process kill.
            // sync() additionally forces it to the disk (survives a power loss), at a cost per commit.
            store.commit();
            if (fsync) {
                store.sync();
            }
            commits++;
            durable = upTo;
        }
    }

    /** Number of durable commits made (each may cover many tickets). */
    long commits() {
        synchronized (commitLock) {
            return commits;
        }
    }

    @Override
    public synchronized void close() {
        if (!store.isClosed()) {
            store.close();
        }
        open.clear();
    }
}
