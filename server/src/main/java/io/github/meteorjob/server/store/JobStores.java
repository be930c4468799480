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
     * Durable stores in the file {@code jobs.mv.db} (H2 MVStore) under {@code dir}, created when
     * missing: each write is committed before the job server answers, so an acknowledged write
     * survives a kill of the process; reopening the directory reloads every job. Writes reach the
     * operating system, not necessarily the disk: use {@link #durable(Path, boolean)} with
     * {@code fsync = true} to survive power loss too.
     */
    public static JobStoreFactory durable(Path dir) {
        return durable(dir, false);
    }

    /** As {@link #durable(Path)}; with {@code fsync} every commit is also forced to the disk. */
    public static JobStoreFactory durable(Path dir, boolean fsync) {
        return new MvJobStoreFactory(Objects.requireNonNull(dir, "dir"), fsync);
    }
}
