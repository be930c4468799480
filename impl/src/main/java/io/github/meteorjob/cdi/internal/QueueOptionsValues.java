package io.github.meteorjob.cdi.internal;

import io.github.meteorjob.ProcessJobs;
import io.github.meteorjob.QueueOptions;

import java.lang.reflect.InvocationTargetException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The queue options of a {@code @ProcessJobs} observer: built from the annotation ({@link #of}) and then from
 * configuration ({@link #withOverrides}); the one type that carries them from discovery to the running queue.
 *
 * @param concurrency  jobs (or batches) in parallel, at least 1
 * @param payload      jobs per worker call, at least 1
 * @param prefetch     extra jobs held locally, at least 0
 * @param pollInterval ms between polls, 0 = never
 * @param workTimeout  the lease: ms granted per job by the server, 0 = none
 * @param autoExtend   whether the lease is renewed while the worker runs
 * @param pushTrigger  whether the queue fetches when the server publishes a ready job
 * @param timeout      ms one observer call may take before its jobs are failed, 0 = no limit
 * @param enabled      whether the queue runs
 */
public record QueueOptionsValues(int concurrency, int payload, int prefetch, long pollInterval, long workTimeout,
                                 boolean autoExtend, boolean pushTrigger, long timeout, boolean enabled) {

    /** The options of one annotation (the portable extension reads the annotation instance). */
    public static QueueOptionsValues of(ProcessJobs annotation) {
        return of(option -> {
            try {
                return ProcessJobs.class.getMethod(option.member()).invoke(annotation);
            } catch (NoSuchMethodException | IllegalAccessException | InvocationTargetException e) {
                throw new IllegalStateException("cannot read @ProcessJobs." + option.member(), e);
            }
        });
    }

    /**
     * The options from a source of annotation member values (the build-compatible extension reads its
     * annotation model); a member the source does not have ({@code null}) takes its declared default.
     */
    public static QueueOptionsValues of(Function<QueueOption, Object> members) {
        Map<QueueOption, Object> v = new EnumMap<>(QueueOption.class);
        for (QueueOption o : QueueOption.values()) {
            Object value = members.apply(o);
            v.put(o, value != null ? value : declaredDefault(o));
        }
        return from(v);
    }

    /** The value of one option. */
    public Object get(QueueOption option) {
        return switch (option) {
            case CONCURRENCY -> concurrency;
            case PAYLOAD -> payload;
            case PREFETCH -> prefetch;
            case POLL_INTERVAL -> pollInterval;
            case WORK_TIMEOUT -> workTimeout;
            case AUTO_EXTEND -> autoExtend;
            case PUSH_TRIGGER -> pushTrigger;
            case TIMEOUT -> timeout;
            case ENABLED -> enabled;
        };
    }

    /**
     * These values with the overrides found in configuration under
     * {@code meteor-job.queue."<collection>"."<type>".<option>}.
     *
     * @throws IllegalArgumentException when a configured value is malformed (naming the key)
     */
    public QueueOptionsValues withOverrides(ConfigReader config, String collection, String type) {
        String prefix = ConfigKeys.queuePrefix(collection, type);
        Map<QueueOption, Object> v = new EnumMap<>(QueueOption.class);
        for (QueueOption o : QueueOption.values()) {
            Object configured = o.configured(config, prefix + o.key());
            v.put(o, configured != null ? configured : get(o));
        }
        return from(v);
    }

    /**
     * Problems with these values, each naming the option; empty when valid. Stricter than {@link QueueOptions}
     * in one respect: a CDI queue with concurrency or payload 0 would never deliver a job, so both must be at
     * least 1. Anything {@link QueueOptions} refuses is refused here too.
     */
    public List<String> problems() {
        List<String> p = new ArrayList<>();
        for (QueueOption o : QueueOption.values()) {
            if (o.kind() == QueueOption.Kind.BOOLEAN) {
                continue;
            }
            long value = ((Number) get(o)).longValue();
            // the two a CDI queue needs at least 1 of; every other number may be 0
            boolean atLeastOne = o == QueueOption.CONCURRENCY || o == QueueOption.PAYLOAD;
            if (value < (atLeastOne ? 1 : 0)) {
                p.add(o.member() + (atLeastOne ? " must be at least 1" : " must not be negative")
                        + (o == QueueOption.TIMEOUT ? " (0 = no limit)" : "") + ", was " + value);
            }
        }
        if (p.isEmpty()) {
            try {
                toQueueOptions().validated();
            } catch (IllegalArgumentException e) {
                p.add(e.getMessage());
            }
        }
        return p;
    }

    /** The job client's options for these values (0 = no lease; auto-extend off = never extend). */
    public QueueOptions toQueueOptions() {
        return QueueOptions.defaults()
                .withConcurrency(concurrency)
                .withPayload(payload)
                .withPrefetch(prefetch)
                .withPollInterval(Duration.ofMillis(pollInterval))
                .withWorkTimeout(Duration.ofMillis(workTimeout))
                .withAutoExtend(autoExtend ? null : Duration.ZERO)
                .withPushTrigger(pushTrigger);
    }

    private static QueueOptionsValues from(Map<QueueOption, Object> v) {
        return new QueueOptionsValues(
                ((Number) v.get(QueueOption.CONCURRENCY)).intValue(),
                ((Number) v.get(QueueOption.PAYLOAD)).intValue(),
                ((Number) v.get(QueueOption.PREFETCH)).intValue(),
                ((Number) v.get(QueueOption.POLL_INTERVAL)).longValue(),
                ((Number) v.get(QueueOption.WORK_TIMEOUT)).longValue(),
                (Boolean) v.get(QueueOption.AUTO_EXTEND),
                (Boolean) v.get(QueueOption.PUSH_TRIGGER),
                ((Number) v.get(QueueOption.TIMEOUT)).longValue(),
                (Boolean) v.get(QueueOption.ENABLED));
    }

    /** The default declared on {@code @ProcessJobs} for this option: defaults are written once, there. */
    static Object declaredDefault(QueueOption option) {
        try {
            return ProcessJobs.class.getMethod(option.member()).getDefaultValue();
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException("@ProcessJobs has no member " + option.member(), e);
        }
    }
}
