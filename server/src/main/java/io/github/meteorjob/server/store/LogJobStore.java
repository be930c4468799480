package io.github.meteorjob.server.store;

import java.util.List;

/**
 * The durable {@link JobStore} of one root: the jobs live in the heap ({@link JobIndex}); every
 * write is also queued as an operation for the factory's log, and {@link #commitAsync()} marks
 * the end of a method's operations so that a commit never carries half a method.
 *
 * <p>Each operation carries the root's sequence number, so that replaying a log over a snapshot
 * taken in the middle of it skips what the snapshot already holds.
 */
final class LogJobStore extends IndexedJobStore {

    private final LogJobStoreFactory owner;
    private final String root;
    /** Operations not yet handed to the log; the first {@link #marked} bytes end at a method boundary. */
    private final BinaryOut pending = new BinaryOut(4096);
    private int marked;
    /** Sequence number of the last operation of this root. */
    private long seq;
    /** Set by the factory when a snapshot wants this root's state at the next method boundary. */
    private Runnable captureRequest;

    LogJobStore(LogJobStoreFactory owner, String root) {
        this.owner = owner;
        this.root = root;
    }

    String root() {
        return root;
    }

    /** Recovery: a job as the files hold it (no log write). */
    void load(byte[] doc) {
        index.put(doc);
    }

    /** Recovery: a removal as the log holds it (no log write). */
    void unload(String id) {
        index.remove(id);
    }

    /** Recovery: the sequence number of the last operation applied. */
    synchronized long seq() {
        return seq;
    }

    synchronized void seq(long s) {
        seq = s;
    }

    // writes change the index under this store's monitor too, so a snapshot capture taken from
    // the compaction thread never sees a half-updated index
    @Override
    public synchronized void put(JobDoc doc) {
        super.put(doc);
    }

    @Override
    public synchronized boolean remove(String id) {
        return super.remove(id);
    }

    @Override
    protected synchronized void written(byte[] doc) {
        owner.checkUsable();
        JobLogFormat.put(pending, root, ++seq, doc);
    }

    @Override
    protected synchronized void removed(String id) {
        owner.checkUsable();
        JobLogFormat.remove(pending, root, ++seq, id);
    }

    @Override
    public long commitAsync() {
        long ticket;
        Runnable capture;
        synchronized (this) {
            // the ticket is issued together with the mark: whoever commits ticket t finds its mark
            marked = pending.size();
            ticket = owner.issue();
            capture = captureRequest;
            captureRequest = null;
            if (capture != null) {
                capture.run(); // a method boundary: the snapshot's state of this root is taken here
            }
        }
        return ticket;
    }

    @Override
    public void awaitDurable(long ticket) {
        owner.awaitDurable(ticket);
    }

    @Override
    public void commit() {
        awaitDurable(commitAsync());
    }

    /** Moves the operations of finished methods into {@code out}; called by the committer. */
    synchronized void drainTo(BinaryOut out) {
        if (marked == 0) {
            return;
        }
        out.raw(pending.buffer(), 0, marked);
        int rest = pending.size() - marked;
        byte[] buf = pending.buffer();
        System.arraycopy(buf, marked, buf, 0, rest);
        pending.truncate(rest);
        marked = 0;
    }

    /**
     * Takes this root's state for a snapshot now if no method is half way through its writes,
     * else at the next method boundary ({@link #commitAsync()}).
     */
    synchronized void requestCapture(Runnable capture) {
        if (pending.size() == marked) {
            capture.run();
        } else {
            captureRequest = capture;
        }
    }

    /** Under this store's monitor (from {@link #requestCapture}): the state to snapshot. */
    Capture capture() {
        return new Capture(root, seq, index.docs());
    }

    /** Approximate size of the encoded jobs (what a snapshot of this root takes). */
    long liveBytes() {
        return index.bytes();
    }

    /** One root's state for a snapshot: every job after the operation with sequence {@code seq}. */
    record Capture(String root, long seq, List<byte[]> docs) {
    }

    @Override
    public void close() {
        // the files belong to the factory, which closes them once for all roots
    }
}
