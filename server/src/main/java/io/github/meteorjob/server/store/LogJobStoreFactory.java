package io.github.meteorjob.server.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Durable stores in one directory: every job lives in the heap in encoded form; every write is
 * appended to a log, and a background compaction replaces the log by a snapshot of the live
 * jobs once the log has grown to half their size, so the files stay within about twice the live
 * data (plus what is written while a snapshot is being made).
 *
 * <p>Group commit: {@link #awaitDurable} writes, in one frame with one system call, the
 * operations of every method that ended before it (a waiter finding its ticket covered returns at
 * once). A written frame is in the operating system's hands and survives a kill of the process;
 * with {@code fsync} it is also forced to the disk before anyone is answered.
 *
 * <p>Files: {@code log-<gen>.jlog} (appended), {@code snap-<gen>.jsnap} (the state before log
 * {@code gen}, written to a temporary name and renamed once complete), {@code lock}.
 */
final class LogJobStoreFactory implements JobStoreFactory {

    private static final System.Logger LOG = System.getLogger(LogJobStoreFactory.class.getName());
    /** Below this much log since the last snapshot, compaction is not worth it. */
    static final long DEFAULT_MIN_COMPACT_BYTES = 8L << 20;
    /** System property overriding {@link #DEFAULT_MIN_COMPACT_BYTES} (bytes). */
    static final String MIN_COMPACT_PROPERTY = "meteorjob.store.minCompactBytes";

    private final Path dir;
    private final boolean fsync;
    private final long minCompactBytes;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final Map<String, LogJobStore> roots = new LinkedHashMap<>(); // guarded by this
    private final AtomicLong issued = new AtomicLong();
    private final Object commitMutex = new Object();
    private final ExecutorService compactor;

    // guarded by commitMutex
    private final BinaryOut batch = new BinaryOut(1 << 16);
    private FileChannel log;
    private long gen;
    private long commits;
    private boolean compacting;
    private volatile boolean closed; // written under commitMutex

    /** Bytes of the log files a reopen would replay (since the newest snapshot). */
    private final AtomicLong logBytes = new AtomicLong();
    private volatile long durable;
    private volatile IOException failure;

    LogJobStoreFactory(Path dir, boolean fsync) {
        this(dir, fsync, Long.getLong(MIN_COMPACT_PROPERTY, DEFAULT_MIN_COMPACT_BYTES));
    }

    LogJobStoreFactory(Path dir, boolean fsync, long minCompactBytes) {
        this.dir = dir;
        this.fsync = fsync;
        this.minCompactBytes = minCompactBytes;
        try {
            Files.createDirectories(dir);
            lockChannel = FileChannel.open(dir.resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock l;
            try {
                l = lockChannel.tryLock();
            } catch (OverlappingFileLockException e) {
                l = null;
            }
            if (l == null) {
                lockChannel.close();
                throw new IllegalStateException("job store directory " + dir + " is in use by another server");
            }
            lock = l;
            if (!JobStoreRecovery.hasFiles(dir)) {
                MvStoreImport.importIfPresent(dir); // a directory of the earlier MVStore store
            }
            gen = JobStoreRecovery.recover(dir, this::root, logBytes);
            openLog(gen);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open job store in " + dir + ": " + e.getMessage(), e);
        }
        compactor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "job-store-compaction");
            t.setDaemon(true);
            return t;
        });
    }

    static Path logFile(Path dir, long gen) {
        return dir.resolve(String.format("log-%016d.jlog", gen));
    }

    static Path snapFile(Path dir, long gen) {
        return dir.resolve(String.format("snap-%016d.jsnap", gen));
    }

    private void openLog(long g) throws IOException {
        Path f = logFile(dir, g);
        FileChannel ch = FileChannel.open(f, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        JobLogFormat.writeMagic(ch, JobLogFormat.LOG_MAGIC);
        if (fsync) {
            ch.force(true);
            syncDir();
        }
        log = ch;
        logBytes.addAndGet(JobLogFormat.HEADER);
    }

    private void syncDir() throws IOException {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException e) {
            // some platforms cannot open a directory; the rename is then as durable as they make it
        }
    }

    private synchronized LogJobStore root(String name) {
        return roots.computeIfAbsent(name, r -> new LogJobStore(this, r));
    }

    @Override
    public synchronized JobStore open(String root) {
        // no commitMutex here: the committer takes this monitor while holding it
        if (closed) {
            throw new IllegalStateException("job store is closed");
        }
        return root(java.util.Objects.requireNonNull(root, "root"));
    }

    @Override
    public boolean durable() {
        return true;
    }

    long issue() {
        return issued.incrementAndGet();
    }

    void checkUsable() {
        IOException f = failure;
        if (f != null) {
            throw new IllegalStateException("job store in " + dir + " failed to write and accepts no more writes: " + f.getMessage(), f);
        }
    }

    /**
     * Group commit: the first waiter writes everything the finished methods of all roots queued
     * so far, which covers the tickets of those that queued behind it meanwhile.
     */
    void awaitDurable(long ticket) {
        if (durable >= ticket) {
            return;
        }
        synchronized (commitMutex) {
            if (durable >= ticket) {
                return;
            }
            checkUsable();
            if (closed) {
                throw new IllegalStateException("job store is closed");
            }
            long upTo = issued.get(); // each ticket up to here was issued with its root's mark
            batch.reset();
            List<LogJobStore> rs;
            synchronized (this) {
                rs = new ArrayList<>(roots.values());
            }
            for (LogJobStore r : rs) {
                r.drainTo(batch);
            }
            if (batch.size() > 0) {
                try {
                    JobLogFormat.writeFrame(log, batch.buffer(), batch.size());
                    if (fsync) {
                        log.force(false);
                    }
                } catch (IOException e) {
                    failure = e;
                    LOG.log(System.Logger.Level.ERROR, "job store in " + dir + " cannot write its log; no more writes are accepted", e);
                    checkUsable();
                }
                logBytes.addAndGet(8L + batch.size());
                commits++;
                maybeCompact(rs);
            }
            if (batch.buffer().length > (4 << 20)) {
                batch.shrink(1 << 16); // one huge method should not pin its buffer for ever
            }
            durable = upTo;
        }
    }

    /** Number of log frames written (each may cover many methods). */
    long commits() {
        synchronized (commitMutex) {
            return commits;
        }
    }

    /** Under commitMutex: starts a compaction when the log has outgrown the live jobs. */
    private void maybeCompact(List<LogJobStore> rs) {
        if (compacting) {
            return;
        }
        long live = 0;
        for (LogJobStore r : rs) {
            live += r.liveBytes();
        }
        // at half the live size the files peak near twice the live data while writes stay ≤ 3× it
        if (logBytes.get() < Math.max(minCompactBytes, live / 2)) {
            return;
        }
        long snapGen = gen + 1;
        try {
            FileChannel old = log;
            gen = snapGen;
            openLog(snapGen); // from here on, frames go to the new log
            old.close();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "job store in " + dir + " cannot start a new log; compaction postponed", e);
            return;
        }
        compacting = true;
        List<CompletableFuture<LogJobStore.Capture>> captures = new ArrayList<>();
        for (LogJobStore r : rs) {
            CompletableFuture<LogJobStore.Capture> c = new CompletableFuture<>();
            captures.add(c);
            r.requestCapture(() -> c.complete(r.capture()));
        }
        compactor.execute(() -> snapshot(snapGen, captures));
    }

    /** On the compaction thread: writes snapshot {@code snapGen}, then drops what it replaces. */
    private void snapshot(long snapGen, List<CompletableFuture<LogJobStore.Capture>> captures) {
        Path tmp = dir.resolve(snapFile(dir, snapGen).getFileName() + ".tmp");
        try {
            List<LogJobStore.Capture> states = new ArrayList<>();
            for (CompletableFuture<LogJobStore.Capture> c : captures) {
                states.add(waitFor(c));
            }
            writeSnapshot(dir, snapGen, states);
            syncDir();
            long dropped = JobStoreRecovery.deleteBefore(dir, snapGen);
            logBytes.addAndGet(-dropped);
            LOG.log(System.Logger.Level.DEBUG, () -> "job store in " + dir + ": snapshot " + snapGen + " written");
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "job store in " + dir + ": compaction failed, the log is kept", e);
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // the next open deletes it
            }
        } finally {
            synchronized (commitMutex) {
                compacting = false;
            }
        }
    }

    /**
     * Writes {@code snap-<gen>} from {@code states}: under a temporary name, forced to the disk,
     * then renamed, so that a snapshot file is always complete.
     */
    static void writeSnapshot(Path dir, long gen, List<LogJobStore.Capture> states) throws IOException {
        Path tmp = dir.resolve(snapFile(dir, gen).getFileName() + ".tmp");
        long count = 0;
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE)) {
            JobLogFormat.writeMagic(ch, JobLogFormat.SNAP_MAGIC);
            BinaryOut frame = new BinaryOut(1 << 18);
            for (LogJobStore.Capture s : states) {
                JobLogFormat.root(frame, s.root(), s.seq());
                for (byte[] doc : s.docs()) {
                    JobLogFormat.put(frame, s.root(), s.seq(), doc);
                    count++;
                    if (frame.size() >= (1 << 18)) {
                        JobLogFormat.writeFrame(ch, frame.buffer(), frame.size());
                        frame.reset();
                    }
                }
            }
            JobLogFormat.end(frame, count);
            JobLogFormat.writeFrame(ch, frame.buffer(), frame.size());
            ch.force(true); // the logs it replaces are deleted next: it must be on the disk first
        }
        Files.move(tmp, snapFile(dir, gen), StandardCopyOption.ATOMIC_MOVE);
    }

    private LogJobStore.Capture waitFor(CompletableFuture<LogJobStore.Capture> c) throws IOException {
        while (true) {
            try {
                return c.get(1, TimeUnit.SECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                synchronized (commitMutex) {
                    if (closed) {
                        throw new IOException("store closed before every root reached a method boundary");
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IOException(e.getCause());
            }
        }
    }

    /** Total size of the store's files (what the directory takes on disk, roughly). */
    long diskBytes() throws IOException {
        try (var files = Files.list(dir)) {
            long sum = 0;
            for (Path f : (Iterable<Path>) files::iterator) {
                sum += Files.size(f);
            }
            return sum;
        }
    }

    /** Waits for a running compaction (tests and benchmarks). */
    void awaitCompaction() throws InterruptedException {
        CompletableFuture.runAsync(() -> { }, compactor).join();
    }

    @Override
    public void close() {
        synchronized (commitMutex) {
            if (closed) {
                return;
            }
            long last = issued.get();
            if (failure == null && durable < last) {
                awaitDurable(last);
            }
            closed = true;
        }
        compactor.shutdown();
        try {
            if (!compactor.awaitTermination(60, TimeUnit.SECONDS)) {
                LOG.log(System.Logger.Level.WARNING, "job store in " + dir + ": compaction still running at close");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (commitMutex) {
            try {
                log.close();
                lock.release();
                lockChannel.close();
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "job store in " + dir + ": closing failed", e);
            }
        }
        synchronized (this) {
            roots.clear();
        }
    }
}
