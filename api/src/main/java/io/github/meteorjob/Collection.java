package io.github.meteorjob;

import jakarta.enterprise.util.AnnotationLiteral;
import jakarta.inject.Qualifier;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Objects;

/**
 * Selects the {@link JobCollection} with the given root name for injection:
 * {@code @Inject @Collection("jobPile") JobCollection jobs;}.
 *
 * <p>The CDI extension registers one such bean for every root named by an injection point or by a
 * {@link ProcessJobs} observer. All collections share the application's one DDP connection,
 * configured with {@code meteor-job.url}.
 */
@Qualifier
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.METHOD, ElementType.TYPE})
public @interface Collection {

    /** The collection's root name, e.g. {@code "jobPile"}. */
    String value();

    /** Creates instances for programmatic lookup. */
    final class Literal extends AnnotationLiteral<Collection> implements Collection {

        private static final long serialVersionUID = 1L;

        private final String value;

        private Literal(String value) {
            this.value = Objects.requireNonNull(value, "value");
        }

        public static Literal of(String root) {
            return new Literal(root);
        }

        @Override
        public String value() {
            return value;
        }
    }
}
