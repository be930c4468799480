package io.github.meteorjob.observability;

import io.github.meteorjob.JobContext;
import io.github.meteorjob.internal.ClassPresence;

import java.util.concurrent.Executor;

/**
 * Makes a job's {@link JobContext} available to the application's logging while its worker runs: always through
 * {@link JobContext#current()}, and in SLF4J's MDC when SLF4J is on the class path.
 */
public final class LogContext {

    static final boolean SLF4J = ClassPresence.has("org.slf4j.MDC");

    private LogContext() {
    }

    /**
     * An executor whose tasks run with the calling thread's job context and trace context, if any (for work the
     * worker hands on, such as asynchronous observers).
     */
    public static Executor propagating(Executor executor) {
        if (executor == null) {
            return null;
        }
        Executor traced = Observability.OTEL ? OpenTelemetrySupport.currentContext(executor) : executor;
        return JobContext.current().map(c -> around(c, traced)).orElse(traced);
    }

    /** An executor whose tasks run with {@code context} current (and in the MDC). */
    public static Executor around(JobContext context, Executor executor) {
        return task -> executor.execute(() -> {
            try (JobContext.Scope s = context.enter(); AutoCloseable mdc = SLF4J ? Slf4jMdc.put(context) : null) {
                task.run();
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Exception closing) {
                // MDC removal does not throw checked exceptions
                throw new IllegalStateException(closing);
            }
        });
    }
}
