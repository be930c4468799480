package io.github.meteorjob.server.security;

import org.junit.jupiter.api.Test;

import java.io.File;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Loading {@link AccessControl} does no password hashing: PBKDF2 costs tens of milliseconds of CPU, which a
 * server without password logins should not pay at start-up. Checked in a fresh class loader, since in this
 * JVM another test has loaded the class long ago.
 */
class AccessControlStartupTest {

    /** A class loader of its own over this test's class path, which can tell what it has loaded. */
    private static final class Fresh extends URLClassLoader {
        Fresh() {
            super(classPath(), ClassLoader.getPlatformClassLoader());
        }

        boolean loaded(String name) {
            return findLoadedClass(name) != null;
        }

        private static URL[] classPath() {
            return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator)).map(entry -> {
                try {
                    return new File(entry).toURI().toURL();
                } catch (MalformedURLException e) {
                    throw new IllegalStateException(e);
                }
            }).toArray(URL[]::new);
        }
    }

    @Test
    void creatingAnAccessControlHashesNothing() throws Exception {
        try (Fresh loader = new Fresh()) {
            Class<?> type = Class.forName(AccessControl.class.getName(), true, loader);
            Class<?> directory = Class.forName(UserDirectory.class.getName(), true, loader);
            type.getConstructor(directory, Duration.class, Clock.class)
                    .newInstance(directory.getConstructor().newInstance(), Duration.ofDays(1), Clock.systemUTC());
            assertThat(loader.loaded(PasswordHashing.class.getName()))
                    .as("PasswordHashing was loaded: something hashed or verified a password at start-up").isFalse();
        }
    }
}
