package io.github.meteorjob.cdi.internal;

import io.github.meteorjob.internal.ClassPresence;
import io.github.meteorjob.internal.Async;
import io.github.meteorjob.JobExecutor;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.util.AnnotationLiteral;

import java.util.Locale;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Chooses where {@code @ProcessJobs} workers run, in this order:
 * <ol>
 *   <li>a user bean {@code @JobExecutor Executor};</li>
 *   <li>Jakarta Concurrency's {@code ManagedExecutorService} (a CDI bean, else JNDI
 *       {@code java:comp/DefaultManagedExecutorService}) — Open Liberty, Payara;</li>
 *   <li>MicroProfile Context Propagation's {@code ManagedExecutor} (a CDI bean, else one built with
 *       {@code ManagedExecutor.builder()}) when an implementation is present;</li>
 *   <li>the library's own bounded pool.</li>
 * </ol>
 * {@code meteor-job.executor=auto|managed|context-propagation|pool} forces a kind; the choice is
 * logged once.
 *
 * @param executor the executor
 * @param kind     {@code producer}, {@code managed}, {@code context-propagation} or {@code pool}
 * @param owned    whether the library created it and must shut it down
 */
public record ExecutorSelection(Executor executor, String kind, boolean owned) {

    private static final System.Logger LOG = System.getLogger(ExecutorSelection.class.getName());

    static final String MES = "jakarta.enterprise.concurrent.ManagedExecutorService";
    static final String MP_MANAGED_EXECUTOR = "org.eclipse.microprofile.context.ManagedExecutor";

    @SuppressWarnings("serial")
    private static final class JobExecutorLiteral extends AnnotationLiteral<JobExecutor> implements JobExecutor {
    }

    /** Picks the executor; {@code poolSize} sizes the library's own pool. */
    static ExecutorSelection select(Instance<Object> beans, ConfigReader config, int poolSize) {
        String wanted = config.get(ConfigKeys.EXECUTOR, "auto").toLowerCase(Locale.ROOT);
        if (!java.util.Set.of("auto", "managed", "context-propagation", "pool").contains(wanted)) {
            throw new IllegalArgumentException("meteor-job.executor must be auto, managed, context-propagation or pool, was '"
                    + wanted + "'");
        }
        ExecutorSelection chosen = null;
        if (wanted.equals("auto")) {
            Instance<Executor> user = beans.select(Executor.class, new JobExecutorLiteral());
            if (user.isResolvable()) {
                chosen = new ExecutorSelection(user.get(), "producer", false);
            }
        }
        if (chosen == null && (wanted.equals("auto") || wanted.equals("managed")) && ClassPresence.has(MES)) {
            Executor e = ManagedLookup.managedExecutorService(beans);
            if (e != null) {
                chosen = new ExecutorSelection(e, "managed", false);
            }
        }
        if (chosen == null && (wanted.equals("auto") || wanted.equals("context-propagation")) && ClassPresence.has(MP_MANAGED_EXECUTOR)) {
            ExecutorSelection cp = ContextPropagationLookup.managedExecutor(beans);
            if (cp != null) {
                chosen = cp;
            }
        }
        if (chosen == null) {
            if (!wanted.equals("auto") && !wanted.equals("pool")) {
                LOG.log(System.Logger.Level.WARNING, "meteor-job.executor=" + wanted + " is not available here; using the library's own pool");
            }
            chosen = new ExecutorSelection(pool(poolSize), "pool", true);
        }
        LOG.log(System.Logger.Level.INFO, "meteor-job: workers run on " + describe(chosen));
        return chosen;
    }

    private static String describe(ExecutorSelection s) {
        return switch (s.kind) {
            case "producer" -> "the application's @JobExecutor Executor (" + s.executor.getClass().getName() + ")";
            case "managed" -> "the container's ManagedExecutorService (" + s.executor.getClass().getName() + ")";
            case "context-propagation" -> "a MicroProfile Context Propagation ManagedExecutor (" + s.executor.getClass().getName() + ")";
            default -> "the library's own bounded pool of " + ((ThreadPoolExecutor) s.executor).getMaximumPoolSize() + " threads";
        };
    }

    static ExecutorService pool(int size) {
        int n = Math.max(1, size);
        ThreadFactory tf = Async.numberedDaemonThreads("meteor-job-worker-");
        // queue slots are bounded by the queues themselves (never more than concurrency jobs handed over)
        ThreadPoolExecutor pool = new ThreadPoolExecutor(n, n, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), tf);
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    /** Shuts down an executor the library created. */
    void close() {
        if (owned && executor instanceof ExecutorService es) {
            es.shutdown();
        }
    }

    /** Kept apart so Jakarta Concurrency classes load only when present. */
    private static final class ManagedLookup {
        static Executor managedExecutorService(Instance<Object> beans) {
            try {
                Instance<jakarta.enterprise.concurrent.ManagedExecutorService> bean =
                        beans.select(jakarta.enterprise.concurrent.ManagedExecutorService.class);
                if (bean.isResolvable()) {
                    return bean.get();
                }
            } catch (RuntimeException | LinkageError e) {
                // not a bean here; try JNDI
            }
            try {
                Object o = new javax.naming.InitialContext().lookup("java:comp/DefaultManagedExecutorService");
                if (o instanceof Executor e) {
                    return e;
                }
            } catch (Exception | LinkageError e) {
                // no naming service (Java SE) or no default executor
            }
            return null;
        }
    }

    /** Kept apart so MicroProfile Context Propagation classes load only when present. */
    private static final class ContextPropagationLookup {
        static ExecutorSelection managedExecutor(Instance<Object> beans) {
            try {
                Instance<org.eclipse.microprofile.context.ManagedExecutor> bean =
                        beans.select(org.eclipse.microprofile.context.ManagedExecutor.class);
                if (bean.isResolvable()) {
                    return new ExecutorSelection(bean.get(), "context-propagation", false);
                }
            } catch (RuntimeException | LinkageError e) {
                // not a bean here; try building one
            }
            try {
                return new ExecutorSelection(org.eclipse.microprofile.context.ManagedExecutor.builder().build(),
                        "context-propagation", true);
            } catch (RuntimeException | LinkageError e) {
                // API without an implementation
                return null;
            }
        }
    }
}
