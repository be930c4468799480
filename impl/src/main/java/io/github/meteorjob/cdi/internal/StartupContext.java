package io.github.meteorjob.cdi.internal;

import io.github.meteorjob.internal.ClassPresence;

import java.util.function.Supplier;

/**
 * Work to run later on any thread with the application's context captured now, at startup, through Jakarta
 * Concurrency's default {@code ContextService}. The queues start on the WebSocket client's callback thread, and Open
 * Liberty produces MicroProfile Telemetry's {@code OpenTelemetry} bean only with the application's component metadata
 * on the thread (NullPointerException otherwise). Resolving that bean at startup instead is no way out: Quarkus's
 * OpenTelemetry is not ready that early. Without Jakarta Concurrency (Weld SE, Quarkus) the work runs as it is.
 */
final class StartupContext {

    private static final System.Logger LOG = System.getLogger(MeteorJobRuntime.class.getName());

    private StartupContext() {
    }

    /** {@code work} with the calling thread's application context, or {@code work} itself when there is none. */
    static <T> Supplier<T> capture(Supplier<T> work) {
        if (!ClassPresence.has("jakarta.enterprise.concurrent.ContextService")) {
            return work;
        }
        try {
            return Lookup.contextual(work);
        } catch (Exception | LinkageError e) {
            // no naming service (Java SE) or no default context service
            LOG.log(System.Logger.Level.DEBUG, () -> "meteor-job: no ContextService (" + e + ")");
            return work;
        }
    }

    /** Kept apart so Jakarta Concurrency and JNDI classes load only when present. */
    private static final class Lookup {
        static <T> Supplier<T> contextual(Supplier<T> work) throws javax.naming.NamingException {
            Object o = new javax.naming.InitialContext().lookup("java:comp/DefaultContextService");
            return o instanceof jakarta.enterprise.concurrent.ContextService cs ? cs.contextualSupplier(work) : work;
        }
    }
}
