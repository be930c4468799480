package io.github.meteorjob.job.internal;

import io.github.meteorjob.internal.Async;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/** The threads of the job queues: their shared timer and the default worker executor. */
final class QueueThreads {

    private QueueThreads() {
    }

    /** The queues' shared timer: polls, getWork bounds, lease extensions. */
    static ScheduledExecutorService timer() {
        ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(1, Async.daemonThreads("meteor-job-queue-timer"));
        t.setRemoveOnCancelPolicy(true);
        return t;
    }

    /** Virtual threads when the JVM has them (Java 21+), else a bounded pool of {@code concurrency} daemon threads. */
    static ExecutorService defaultExecutor(int concurrency, List<String> types) {
        try {
            Object ex = MethodHandles.publicLookup()
                    .findStatic(java.util.concurrent.Executors.class, "newVirtualThreadPerTaskExecutor",
                            MethodType.methodType(ExecutorService.class))
                    .invoke();
            return (ExecutorService) ex;
        } catch (Throwable notAvailable) {
            int size = Math.max(1, concurrency);
            ThreadPoolExecutor pool = new ThreadPoolExecutor(size, size, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                    Async.numberedDaemonThreads("meteor-job-worker-" + String.join(",", types) + "-"));
            pool.allowCoreThreadTimeOut(true);
            return pool;
        }
    }
}
