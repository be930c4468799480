package io.github.meteorjob.cdi.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks the {@code meteor-job.*} configuration keys themselves, so a typo does not silently
 * leave a default in place: an unknown per-queue option or a malformed queue key is an error;
 * an unknown top-level key or a queue without a {@code @ProcessJobs} observer is a warning.
 */
public final class ConfigValidation {

    static final Set<String> QUEUE_OPTIONS = Set.copyOf(QueueOption.keys());
    static final Set<String> TOP_LEVEL = Set.copyOf(ConfigKeys.TOP_LEVEL);
    private static final Pattern QUEUE_KEY = Pattern.compile("^meteor-job\\.queue\\.\"([^\"]+)\"\\.\"([^\"]+)\"\\.([^.]+)$");

    /** Errors and warnings, each a sentence naming the key. */
    public record Result(List<String> errors, List<String> warnings) {
    }

    private ConfigValidation() {
    }

    public static Result check(ConfigReader config, List<QueueDefinition> queues) {
        List<String> errors = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        Set<String> known = new java.util.HashSet<>();
        for (QueueDefinition q : queues) {
            known.add(q.name());
        }
        for (String name : config.propertyNames()) {
            if (!name.startsWith("meteor-job.")) {
                continue;
            }
            if (name.startsWith(ConfigKeys.QUEUE)) {
                Matcher m = QUEUE_KEY.matcher(name);
                if (!m.matches()) {
                    errors.add("configuration key " + name + " is malformed; per-queue keys look like "
                            + "meteor-job.queue.\"<collection>\".\"<type>\".<option> with option one of " + new java.util.TreeSet<>(QUEUE_OPTIONS));
                } else if (!QUEUE_OPTIONS.contains(m.group(3))) {
                    errors.add("configuration key " + name + " names an unknown option '" + m.group(3) + "'; known: "
                            + new java.util.TreeSet<>(QUEUE_OPTIONS));
                } else if (!known.contains(m.group(1) + "/" + m.group(2))) {
                    warnings.add("configuration key " + name + " configures the queue " + m.group(1) + "/" + m.group(2)
                            + " but no @ProcessJobs observer processes it (queues: " + new java.util.TreeSet<>(known) + ")");
                }
            } else if (!TOP_LEVEL.contains(name)) {
                warnings.add("configuration key " + name + " is not a meteor-job setting (known: " + new java.util.TreeSet<>(TOP_LEVEL) + ")");
            }
        }
        checkStallAfter(config, errors);
        return new Result(errors, warnings);
    }

    /**
     * The liveness limit is read by the health check at every probe, where a bad value can only be reported; refused
     * here, at deployment, it stops the application with a message instead of being noticed in a probe's data.
     */
    private static void checkStallAfter(ConfigReader config, List<String> errors) {
        try {
            config.getLong(ConfigKeys.LIVENESS_STALL_AFTER).filter(ms -> ms <= 0).ifPresent(ms -> errors.add(
                    "configuration " + ConfigKeys.LIVENESS_STALL_AFTER + " must be a positive number of ms, was " + ms));
        } catch (IllegalArgumentException bad) {
            errors.add(bad.getMessage());
        }
    }
}
