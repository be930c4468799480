package io.github.meteorjob.server.jobs;

import io.github.meteorjob.server.store.JobStore;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * The commit point of one collection: runs a method's writes under the collection's lock, ends
 * them with a commit ticket, waits outside the lock until the store has made them durable, and
 * delivers the events they produced in ticket order.
 *
 * <p>Waiting outside the lock is what lets one durable commit (group commit) cover the writes of
 * every caller that queued behind it: an answer still leaves only after its own writes are durable.
 */
final class CommitPoint {

    private static final System.Logger LOG = System.getLogger(JobCollectionServer.class.getName());

    /** A method's writes; runs under the lock. */
    @FunctionalInterface
    interface Body<T> {
        T run();
    }

    /** The collection's root, and the store holding its jobs; the parts of the collection read both. */
    final String root;
    final JobStore store;
    private final ReentrantLock lock = new ReentrantLock();
    private final List<ServerJobEventListener> listeners = new CopyOnWriteArrayList<>();
    // guarded by lock
    private final List<ServerJobEvent> pendingEvents = new ArrayList<>();
    private final Queue<Pending> outbox = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean delivering = new AtomicBoolean();
    /** The highest commit ticket known durable: events up to it may be delivered. */
    private final AtomicLong durableTicket = new AtomicLong();
    /** Runs under the lock after every write, failed or not (re-arms the timers). */
    private Runnable afterWrites = () -> { };
    private volatile CollectionObserver observer = CollectionObserver.NONE;

    CommitPoint(String root, JobStore store) {
        this.root = root;
        this.store = store;
    }

    /** Sets what runs under the lock after each write's commit ticket is taken. */
    void afterWrites(Runnable hook) {
        this.afterWrites = Objects.requireNonNull(hook);
    }

    /**
     * Runs {@code body} under the lock, ends its writes with a commit ticket and runs the
     * after-write hook; then, outside the lock, waits until the store has made the writes durable
     * and delivers the events. Writes made before {@code body} throws are committed all the same.
     */
    <T> T write(Body<T> body) {
        T result = null;
        Throwable failure = null;
        long ticket;
        lock.lock();
        try {
            try {
                result = body.run();
            } catch (RuntimeException | Error e) {
                failure = e; // the writes made before the failure are committed all the same
            }
            try {
                ticket = store.commitAsync();
                // queued under the lock, so the outbox holds events in commit order
                for (ServerJobEvent e : pendingEvents) {
                    outbox.add(new Pending(ticket, e));
                }
            } finally {
                pendingEvents.clear();
                afterWrites.run();
            }
        } finally {
            lock.unlock();
        }
        long waitStart = System.nanoTime();
        awaitDurable(ticket);
        observer.durableWait(System.nanoTime() - waitStart);
        if (failure instanceof RuntimeException r) {
            throw r;
        } else if (failure != null) {
            throw (Error) failure;
        }
        return result;
    }

    /** Reads under the lock, without a commit (for state that is not job data). */
    <T> T read(Supplier<T> reader) {
        lock.lock();
        try {
            return reader.get();
        } finally {
            lock.unlock();
        }
    }

    /** Queues an event of the current write; under the lock. */
    void event(ServerJobEvent e) {
        if (!listeners.isEmpty()) {
            pendingEvents.add(e);
        }
    }

    void observer(CollectionObserver observer) {
        this.observer = observer == null ? CollectionObserver.NONE : observer;
    }

    void addListener(ServerJobEventListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    void removeListener(ServerJobEventListener listener) {
        listeners.remove(listener);
    }

    void clearListeners() {
        listeners.clear();
    }

    /** Waits (outside the lock) until {@code ticket} is durable, then delivers what it covers. */
    private void awaitDurable(long ticket) {
        store.awaitDurable(ticket);
        durableTicket.accumulateAndGet(ticket, Math::max);
        deliver();
    }

    /** An event and the commit ticket of the change it reports. */
    private record Pending(long ticket, ServerJobEvent event) {
    }

    /** Whether the oldest queued event's change is durable, so it may be delivered. */
    private boolean deliverable() {
        Pending p = outbox.peek();
        return p != null && p.ticket() <= durableTicket.get();
    }

    /**
     * Delivers queued events of durable changes outside the lock, one thread at a time, so every
     * listener sees them in the order the changes were committed, whichever thread made them.
     */
    private void deliver() {
        while (deliverable() && delivering.compareAndSet(false, true)) {
            try {
                while (deliverable()) {
                    ServerJobEvent ev = outbox.poll().event(); // only the delivering thread polls
                    for (ServerJobEventListener l : listeners) {
                        try {
                            l.onEvent(ev);
                        } catch (RuntimeException ex) {
                            LOG.log(System.Logger.Level.WARNING, "job event listener failed on " + ev.getClass().getSimpleName()
                                    + " in collection " + root, ex);
                        }
                    }
                }
            } finally {
                delivering.set(false);
            }
        }
    }
}
