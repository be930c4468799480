package io.github.meteorjob.internal;

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
