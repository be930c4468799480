package io.github.meteorjob;

import jakarta.inject.Qualifier;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Qualifies a user-provided {@link java.util.concurrent.Executor} on which the CDI integration
 * runs {@link ProcessJobs} workers, replacing its own choice (the container's managed executor,
 * MicroProfile Context Propagation's {@code ManagedExecutor}, or a bounded pool):
 *
 * <pre>{@code
 * @Produces @JobExecutor @ApplicationScoped
 * Executor jobExecutor() { return Executors.newFixedThreadPool(8); }
 * }</pre>
 *
 * The library never shuts down an executor it did not create.
 */
@Qualifier
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.METHOD, ElementType.TYPE})
public @interface JobExecutor {
}
