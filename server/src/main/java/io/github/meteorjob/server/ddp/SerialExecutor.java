package io.github.meteorjob.server.ddp;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

/** Runs its tasks one after another, in submission order, on a shared pool. */
final class SerialExecutor implements Executor {

    private static final System.Logger LOG = System.getLogger(SerialExecutor.class.getName());

    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final Executor pool;

    SerialExecutor(Executor pool) {
        this.pool = pool;
    }

    @Override
    public void execute(Runnable task) {
        tasks.add(task);
        schedule();
    }

    /**
     * Runs {@code task} on the calling thread, after the tasks queued before it, when no task of this
     * executor is running; otherwise queues it as {@link #execute} does. Saves the hand-off to a pool
     * thread (a wake-up) when the caller is a pool thread with nothing better to do.
     */
    void executeHere(Runnable task) {
        tasks.add(task);
        if (scheduled.compareAndSet(false, true)) {
            drain();
        } else {
            schedule();
        }
    }

    private void schedule() {
        if (!tasks.isEmpty() && scheduled.compareAndSet(false, true)) {
            try {
                pool.execute(this::drain);
            } catch (RuntimeException rejected) {
                scheduled.set(false);
                tasks.clear();
                LOG.log(System.Logger.Level.DEBUG, "worker pool closed, dropping tasks");
            }
        }
    }

    private void drain() {
        try {
            Runnable task;
            while ((task = tasks.poll()) != null) {
                try {
                    task.run();
                } catch (RuntimeException | Error e) {
                    LOG.log(System.Logger.Level.ERROR, "task of a DDP connection failed", e);
                }
            }
        } finally {
            scheduled.set(false);
            schedule();
        }
    }
}
