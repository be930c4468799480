package io.github.meteorjob.server.store;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/** Factories of the two {@link JobStore} implementations. */
public final class JobStores {

    private JobStores() {
    }

    /** Stores in the heap (the default): fast, gone when the process ends. */
    public static JobStoreFactory inMemory() {
        return new JobStoreFactory() {
            private final Map<String, JobStore> stores = new HashMap<>();

            @Override
            public synchronized JobStore open(String root) {
                return stores.computeIfAbsent(Objects.requireNonNull(root, "root"), r -> new InMemoryJobStore());
            }

            @Override
            public boolean durable() {
                return false;
            }

            @Override
            public synchronized void close() {
                stores.clear();
            }
        };
    }

    /**
     * Durable stores in the directory {@code dir}, created when missing: the jobs are kept in the
     * heap (compactly encoded) and every write is appended to a log there before the job server
     * answers, so an acknowledged write survives a kill of the process; reopening the directory
     * reloads every job. Concurrent callers share one log write (group commit); the log is
     * compacted into a snapshot in the background, so the files stay about twice the size of the
     * live jobs. Writes reach the operating system, not necessarily the disk: use
     * {@link #durable(Path, boolean)} with {@code fsync = true} to survive power loss too. One
     * directory serves one process at a time.
     */
    public static JobStoreFactory durable(Path dir) {
        return durable(dir, false);
    }

    /** As {@link #durable(Path)}; with {@code fsync} every commit is also forced to the disk. */
    public static JobStoreFactory durable(Path dir, boolean fsync) {
        return new LogJobStoreFactory(Objects.requireNonNull(dir, "dir"), fsync);
    }
}
