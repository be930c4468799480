package io.github.meteorjob.cdi.internal;

import io.github.meteorjob.internal.ClassPresence;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * Reads configuration values: from MicroProfile Config when its API and an implementation are
 * present (Open Liberty, Payara, Quarkus, Weld SE with SmallRye Config), otherwise from system
 * properties and then environment variables (MicroProfile's environment name mapping).
 */
public final class ConfigReader {

    private final Function<String, Optional<String>> source;
    private final java.util.function.Supplier<Iterable<String>> names;
    private final String description;

    private ConfigReader(Function<String, Optional<String>> source, java.util.function.Supplier<Iterable<String>> names,
                         String description) {
        this.source = source;
        this.names = names;
        this.description = description;
    }

    /** The application's configuration, looked up now. */
    public static ConfigReader current() {
        if (ClassPresence.has("org.eclipse.microprofile.config.ConfigProvider")) {
            try {
                return MpConfig.reader();
            } catch (RuntimeException | LinkageError e) {
                // API present without an implementation: fall back to the JVM's own sources
            }
        }
        return systemOnly();
    }

    /** System properties, then environment variables. */
    public static ConfigReader systemOnly() {
        return new ConfigReader(key -> {
            String v = System.getProperty(key);
            if (v == null) {
                v = System.getenv(key);
            }
            if (v == null) {
                v = System.getenv(envName(key));
            }
            return Optional.ofNullable(v);
        }, () -> System.getProperties().stringPropertyNames(), "system properties and environment");
    }

    /** A reader over a fixed lookup (tests). */
    public static ConfigReader of(Function<String, Optional<String>> lookup) {
        return new ConfigReader(lookup, java.util.List::of, "custom");
    }

    /** A reader over a fixed map (tests). */
    public static ConfigReader of(java.util.Map<String, String> values) {
        return new ConfigReader(k -> Optional.ofNullable(values.get(k)), values::keySet, "map");
    }

    /** The names of all configured properties (as far as the source can list them). */
    public Iterable<String> propertyNames() {
        try {
            return names.get();
        } catch (RuntimeException e) {
            return java.util.List.of();
        }
    }

    /** MicroProfile Config's environment variable name for a property name. */
    static String envName(String key) {
        StringBuilder sb = new StringBuilder(key.length());
        for (char c : key.toCharArray()) {
            sb.append(Character.isLetterOrDigit(c) ? Character.toUpperCase(c) : '_');
        }
        return sb.toString().toUpperCase(Locale.ROOT);
    }

    public Optional<String> get(String key) {
        return source.apply(key).map(String::trim).filter(s -> !s.isEmpty());
    }

    public String get(String key, String defaultValue) {
        return get(key).orElse(defaultValue);
    }

    /** An integer value; a malformed one is an error naming the key. */
    public Optional<Integer> getInt(String key) {
        return parsed(key, Integer::parseInt, "an integer");
    }

    /** A long value; a malformed one is an error naming the key. */
    public Optional<Long> getLong(String key) {
        return parsed(key, Long::parseLong, "a whole number");
    }

    /** A boolean value ({@code true}/{@code false}); anything else is an error naming the key. */
    public Optional<Boolean> getBoolean(String key) {
        return parsed(key, v -> {
            if (v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false")) {
                return Boolean.parseBoolean(v);
            }
            throw new IllegalArgumentException(v);
        }, "true or false");
    }

    /** The value parsed; one the parser refuses (IllegalArgumentException) is an error naming the key and value. */
    private <T> Optional<T> parsed(String key, Function<String, T> parser, String mustBe) {
        return get(key).map(v -> {
            try {
                return parser.apply(v);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("configuration " + key + " must be " + mustBe + ", was '" + v + "'");
            }
        });
    }

    @Override
    public String toString() {
        return "ConfigReader[" + description + "]";
    }

    /** Kept in its own class so the MicroProfile Config API is only loaded when present. */
    private static final class MpConfig {
        static ConfigReader reader() {
            org.eclipse.microprofile.config.Config config = org.eclipse.microprofile.config.ConfigProvider.getConfig();
            return new ConfigReader(key -> config.getOptionalValue(key, String.class), config::getPropertyNames,
                    "MicroProfile Config");
        }
    }
}
