package io.github.meteorjob.cdi;

import java.util.ArrayList;
import java.util.List;

/**
 * The queue options of a {@code @ProcessJobs} observer, after configuration overrides.
 *
 * @param concurrency  jobs (or batches) in parallel, at least 1
 * @param payload      jobs per worker call, at least 1
 * @param prefetch     extra jobs held locally, at least 0
 * @param pollInterval ms between polls, 0 = never
 * @param workTimeout  the lease: ms granted per job by the server, 0 = none
 * @param autoExtend   whether the lease is renewed while the worker runs
 * @param enabled      whether the queue runs
 */
public record QueueOptionsValues(int concurrency, int payload, int prefetch, long pollInterval, long workTimeout,
                                 boolean autoExtend, boolean enabled) {

    /** Problems with these values, each naming the option; empty when valid. */
    public List<String> problems() {
        List<String> p = new ArrayList<>();
        if (concurrency < 1) {
            p.add("concurrency must be at least 1, was " + concurrency);
        }
        if (payload < 1) {
            p.add("payload must be at least 1, was " + payload);
        }
        if (prefetch < 0) {
            p.add("prefetch must not be negative, was " + prefetch);
        }
        if (pollInterval < 0) {
            p.add("pollInterval must not be negative, was " + pollInterval);
        }
        if (workTimeout < 0) {
            p.add("workTimeout must not be negative, was " + workTimeout);
        }
        return p;
    }

    /** The job client's options for these values (0 = no lease; auto-extend off = never extend). */
    public io.github.meteorjob.QueueOptions toQueueOptions() {
        return io.github.meteorjob.QueueOptions.defaults()
                .withConcurrency(concurrency)
                .withPayload(payload)
                .withPrefetch(prefetch)
                .withPollInterval(java.time.Duration.ofMillis(pollInterval))
                .withWorkTimeout(java.time.Duration.ofMillis(workTimeout))
                .withAutoExtend(autoExtend ? null : java.time.Duration.ZERO);
    }

    /**
     * These values with the overrides found in configuration under
     * {@code meteor-job.queue."<collection>"."<type>".<option>}.
     *
     * @throws IllegalArgumentException when a configured value is malformed (naming the key)
     */
    public QueueOptionsValues withOverrides(ConfigReader config, String collection, String type) {
        String prefix = QueueDefinition.configPrefix(collection, type);
        return new QueueOptionsValues(
                config.getInt(prefix + "concurrency").orElse(concurrency),
                config.getInt(prefix + "payload").orElse(payload),
                config.getInt(prefix + "prefetch").orElse(prefetch),
                config.getLong(prefix + "poll-interval").orElse(pollInterval),
                config.getLong(prefix + "work-timeout").orElse(workTimeout),
                config.getBoolean(prefix + "auto-extend").orElse(autoExtend),
                config.getBoolean(prefix + "enabled").orElse(enabled));
    }
}
