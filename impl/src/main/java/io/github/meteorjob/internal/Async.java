package io.github.meteorjob.internal;

import io.github.meteorjob.DdpException;
import io.github.meteorjob.ddp.DdpConnectionLostException;
import io.github.meteorjob.ddp.DdpTimeoutException;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/** Small helpers for the library's own threads and futures. Not part of the public API. */
public final class Async {

    private Async() {
    }

    /** The exception inside the wrappers futures add ({@link CompletionException}, {@link ExecutionException}). */
    public static Throwable unwrap(Throwable t) {
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    /**
     * The failure of a stage someone waited for, to be thrown on the waiting thread. Futures complete on the
     * WebSocket reader or timer thread, so the failure's own stack trace names only that thread: the DDP
     * exceptions are rethrown as a copy whose stack trace is the caller's and whose cause is the original;
     * other exceptions (whose type must not change) get the caller's stack as a suppressed
     * {@link CallerStack}. Errors and checked exceptions come back wrapped in a {@link CompletionException}.
     */
    public static RuntimeException rethrowOnCaller(Throwable failure) {
        Throwable t = unwrap(failure);
        if (t instanceof DdpTimeoutException e) {
            return new DdpTimeoutException(e);
        }
        if (t instanceof DdpConnectionLostException e) {
            return new DdpConnectionLostException(e);
        }
        if (t != null && t.getClass() == DdpException.class) {
            DdpException e = (DdpException) t;
            return new DdpException(e.error(), e.reason(), e.details(), e);
        }
        if (t instanceof RuntimeException e) {
            e.addSuppressed(new CallerStack(Thread.currentThread()));
            return e;
        }
        return new CompletionException(t);
    }

    /** Where a failure that happened on another thread was rethrown (see {@link #rethrowOnCaller}). */
    public static final class CallerStack extends RuntimeException {
        private static final long serialVersionUID = 1L;

        CallerStack(Thread caller) {
            super("rethrown to the waiting caller on thread " + caller.getName());
        }
    }

    /** Daemon threads, all named {@code name} (timers): the library's background threads never keep the JVM alive. */
    public static ThreadFactory daemonThreads(String name) {
        return r -> daemon(r, name);
    }

    /** Daemon threads named {@code prefix1}, {@code prefix2}... (worker pools). */
    public static ThreadFactory numberedDaemonThreads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> daemon(r, prefix + n.incrementAndGet());
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /** Closes {@code c} if not null; a failure is only logged at DEBUG ({@code what} failed), since nothing can be done. */
    public static void closeQuietly(AutoCloseable c, System.Logger log, String what) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (Exception e) {
            log.log(System.Logger.Level.DEBUG, what + " failed", e);
        }
    }
}
