package io.github.meteorjob.cdi.internal;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The queue options of {@code @ProcessJobs}: each one's annotation member, its per-queue configuration key and
 * its kind. The one list both extensions, the configuration overrides and the key check work from.
 */
public enum QueueOption {
    CONCURRENCY(Kind.INT),
    PAYLOAD(Kind.INT),
    PREFETCH(Kind.INT),
    POLL_INTERVAL(Kind.LONG),
    WORK_TIMEOUT(Kind.LONG),
    AUTO_EXTEND(Kind.BOOLEAN),
    PUSH_TRIGGER(Kind.BOOLEAN),
    TIMEOUT(Kind.LONG),
    ENABLED(Kind.BOOLEAN);

    /** How a value is spelt: {@code int}, {@code long} or {@code boolean}. */
    public enum Kind { INT, LONG, BOOLEAN }

    private final Kind kind;

    QueueOption(Kind kind) {
        this.kind = kind;
    }

    /** The {@code @ProcessJobs} member, e.g. {@code pollInterval}: the constant's words in camel case. */
    public String member() {
        String[] words = key().split("-");
        StringBuilder member = new StringBuilder(words[0]);
        for (int i = 1; i < words.length; i++) {
            member.append(Character.toUpperCase(words[i].charAt(0))).append(words[i], 1, words[i].length());
        }
        return member.toString();
    }

    /** The last part of the configuration key, e.g. {@code poll-interval}: the constant's words in kebab case. */
    public String key() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
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
