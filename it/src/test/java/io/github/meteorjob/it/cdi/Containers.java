package io.github.meteorjob.it.cdi;

import jakarta.enterprise.inject.se.SeContainer;
import jakarta.enterprise.inject.spi.Extension;
import org.eclipse.microprofile.config.spi.ConfigProviderResolver;
import org.jboss.weld.environment.se.Weld;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * Starts real Weld SE containers with explicit bean classes and configuration given as system
 * properties (read through SmallRye Config), and undoes the properties afterwards.
 */
public final class Containers {

    private Containers() {
    }

    /** Configuration for the next container; {@link #close()} removes it again. */
    public static final class Config implements AutoCloseable {
        private final Map<String, String> values = new LinkedHashMap<>();

        public Config set(String key, Object value) {
            values.put(key, String.valueOf(value));
            return this;
        }

        /** A per-queue override, {@code meteor-job.queue."c"."t".option}. */
        Config queue(String collection, String type, String option, Object value) {
            return set("meteor-job.queue.\"" + collection + "\".\"" + type + "\"." + option, value);
        }

        /** Sets the system properties without starting a container. */
        Config apply() {
            values.forEach(System::setProperty);
            refreshConfig();
            return this;
        }

        public SeContainer start(Class<?>... beanClasses) {
            apply();
            Weld weld = new Weld().disableDiscovery().addBeanClasses(beanClasses);
            // without discovery Weld SE does not load META-INF/services extensions itself; load them as discovery would
            ServiceLoader.load(Extension.class).forEach(weld::addExtension);
            return weld.initialize();
        }

        @Override
        public void close() {
            values.keySet().forEach(System::clearProperty);
            refreshConfig();
        }
    }

    public static Config config() {
        return new Config();
    }

    /** SmallRye Config caches the configuration per class loader; drop it so new system properties count. */
    static void refreshConfig() {
        ConfigProviderResolver resolver = ConfigProviderResolver.instance();
        try {
            resolver.releaseConfig(resolver.getConfig());
        } catch (RuntimeException ignored) {
            // nothing cached yet
        }
    }

    /** All messages of a throwable and its causes, for assertions on deployment errors. */
    public static String messages(Throwable t) {
        List<String> all = new ArrayList<>();
        for (Throwable c = t; c != null && all.size() < 20; c = c.getCause()) {
            all.add(c.getClass().getName() + ": " + c.getMessage());
            for (Throwable s : c.getSuppressed()) {
                all.add(s.getClass().getName() + ": " + s.getMessage());
            }
        }
        return String.join("\n", all);
    }
}
