package io.github.meteorjob.cdi.internal;

import java.util.Arrays;
import java.util.List;

/**
 * The queue options of {@code @ProcessJobs}: each one's annotation member, its per-queue configuration key and
 * its kind. The one list both extensions, the configuration overrides and the key check work from.
 */
public enum QueueOption {
    CONCURRENCY("concurrency", "concurrency", Kind.INT),
    PAYLOAD("payload", "payload", Kind.INT),
    PREFETCH("prefetch", "prefetch", Kind.INT),
    POLL_INTERVAL("pollInterval", "poll-interval", Kind.LONG),
    WORK_TIMEOUT("workTimeout", "work-timeout", Kind.LONG),
    AUTO_EXTEND("autoExtend", "auto-extend", Kind.BOOLEAN),
    PUSH_TRIGGER("pushTrigger", "push-trigger", Kind.BOOLEAN),
    TIMEOUT("timeout", "timeout", Kind.LONG),
    ENABLED("enabled", "enabled", Kind.BOOLEAN);

    /** How a value is spelt: {@code int}, {@code long} or {@code boolean}. */
    public enum Kind { INT, LONG, BOOLEAN }

    private final String member;
    private final String key;
    private final Kind kind;

    QueueOption(String member, String key, Kind kind) {
        this.member = member;
        this.key = key;
        this.kind = kind;
    }

    /** The {@code @ProcessJobs} member, e.g. {@code pollInterval}. */
    public String member() {
        return member;
    }

    /** The last part of the configuration key, e.g. {@code poll-interval}. */
    public String key() {
        return key;
    }

    public Kind kind() {
        return kind;
    }

    /** Every configuration key suffix, for messages and the key check. */
    public static List<String> keys() {
        return Arrays.stream(values()).map(QueueOption::key).sorted().toList();
    }

    /** This option's value in configuration, if set; a malformed value is an error naming the key. */
    Object configured(ConfigReader config, String key) {
        return switch (kind) {
            case INT -> config.getInt(key).orElse(null);
            case LONG -> config.getLong(key).orElse(null);
            case BOOLEAN -> config.getBoolean(key).orElse(null);
        };
    }
}
