package io.github.meteorjob;

import jakarta.enterprise.util.AnnotationLiteral;
import jakarta.enterprise.util.Nonbinding;
import jakarta.inject.Qualifier;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Objects;

/**
 * Marks a CDI observer method as the worker for the jobs of one type in one job collection.
 *
 * <pre>{@code
 * @ApplicationScoped
 * class Mailer {
 *     void send(@Observes @ProcessJobs(collection = "jobPile", type = "sendEmail", concurrency = 4) Job job) {
 *         job.log("sending");
 *         // returning normally completes the job; throwing fails it with the exception
 *     }
 * }
 * }</pre>
 *
 * <p>The observed event type is {@link Job} when {@link #payload()} is 1 and {@link JobBatch}
 * when it is greater. Both {@code @Observes} (the worker runs on the queue's executor thread)
 * and {@code @ObservesAsync} are supported. The library's CDI extension starts one
 * {@link JobQueue} per (collection, type) after deployment and delivers each job by firing the
 * event with this qualifier.
 *
 * <p>Only {@link #collection()} and {@link #type()} take part in event matching; the other
 * members are queue options. Every option can be overridden with MicroProfile Config, e.g.
 * {@code meteor-job.queue."jobPile"."sendEmail".concurrency=8}; configured values win over the
 * annotation. When several observers share one (collection, type) their options must agree.
 */
@Qualifier
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.PARAMETER, ElementType.FIELD, ElementType.METHOD, ElementType.TYPE})
public @interface ProcessJobs {

    /** The job collection's root name, e.g. {@code "jobPile"} (its methods are {@code jobPile_getWork}...). */
    String collection();

    /** The job type this worker handles. */
    String type();

    /** How many jobs (or batches) run at the same time; at least 1. */
    @Nonbinding int concurrency() default QueueOptions.DEFAULT_CONCURRENCY;

    /** Jobs per worker call; with more than 1 the observer receives a {@link JobBatch}. */
    @Nonbinding int payload() default QueueOptions.DEFAULT_PAYLOAD;

    /** Extra jobs held locally beyond those running; at least 0. */
    @Nonbinding int prefetch() default QueueOptions.DEFAULT_PREFETCH;

    /** Milliseconds between polls for work; 0 means never poll (only triggers fetch work). */
    @Nonbinding long pollInterval() default QueueOptions.DEFAULT_POLL_INTERVAL_MS;

    /**
     * The lease: milliseconds the server grants each job before failing it as abandoned (default 60 s), so
     * the jobs of a crashed or cut-off worker come back; 0 means no lease (jobs stay {@code running} for ever
     * if the worker dies).
     */
    @Nonbinding long workTimeout() default QueueOptions.DEFAULT_WORK_TIMEOUT_MS;

    /**
     * Whether the queue renews the lease of a running job automatically (every third of
     * {@link #workTimeout()}), so a job may run longer than the lease while its worker is alive; with
     * {@code false} the observer must call {@code job.progress(...)} often enough itself.
     */
    @Nonbinding boolean autoExtend() default true;

    /**
     * Whether the queue also subscribes to the server's {@code <root>.jobs} publication and fetches as soon as a
     * ready job of its type appears, instead of waiting for the next poll. Where the server has no such publication
     * (job-collection has none by default) the queue says so once and polls, every 5 s when {@link #pollInterval()}
     * is 0.
     */
    @Nonbinding boolean pushTrigger() default false;

    /**
     * A local limit in milliseconds on one observer call: when it is exceeded the job (or batch) is failed with a
     * message naming the limit and the observer's thread is interrupted; 0 (default) means no limit. Unlike
     * {@link #workTimeout()} this is enforced by the worker, not the server.
     */
    @Nonbinding long timeout() default 0;

    /** Whether the queue is started; {@code false} keeps the observer but fetches nothing. */
    @Nonbinding boolean enabled() default true;

    /** Creates instances, e.g. to fire or select with this qualifier programmatically. */
    final class Literal extends AnnotationLiteral<ProcessJobs> implements ProcessJobs {

        private static final long serialVersionUID = 1L;

        private final String collection;
        private final String type;

        private Literal(String collection, String type) {
            this.collection = Objects.requireNonNull(collection, "collection");
            this.type = Objects.requireNonNull(type, "type");
        }

        /** A qualifier for one (collection, type) with default options. */
        public static Literal of(String collection, String type) {
            return new Literal(collection, type);
        }

        @Override public String collection() { return collection; }
        @Override public String type() { return type; }
        // the options are the annotation's declared defaults, read from a declaration rather than written again
        @Override public int concurrency() { return Defaults.VALUES.concurrency(); }
        @Override public int payload() { return Defaults.VALUES.payload(); }
        @Override public int prefetch() { return Defaults.VALUES.prefetch(); }
        @Override public long pollInterval() { return Defaults.VALUES.pollInterval(); }
        @Override public long workTimeout() { return Defaults.VALUES.workTimeout(); }
        @Override public boolean autoExtend() { return Defaults.VALUES.autoExtend(); }
        @Override public boolean pushTrigger() { return Defaults.VALUES.pushTrigger(); }
        @Override public long timeout() { return Defaults.VALUES.timeout(); }
        @Override public boolean enabled() { return Defaults.VALUES.enabled(); }

        @ProcessJobs(collection = "", type = "")
        private static final class Defaults {
            static final ProcessJobs VALUES = Defaults.class.getAnnotation(ProcessJobs.class);
        }
    }
}
