package io.github.meteorjob.tck.support;

import java.io.File;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.importer.ExplodedImporter;
import org.jboss.shrinkwrap.api.importer.ZipImporter;
import org.jboss.shrinkwrap.api.spec.JavaArchive;

/**
 * Turns the class-path entry (jar or classes folder) that holds a class into a {@link JavaArchive}, so deployments
 * package exactly the library the build just compiled, without a Maven resolver.
 */
public final class ClassPathArchives {

    private ClassPathArchives() {
    }

    /** The jar or classes folder {@code type} was loaded from, as a jar named {@code name}. */
    public static JavaArchive of(Class<?> type, String name) {
        Path location = locationOf(type);
        if (Files.isDirectory(location)) {
            return ShrinkWrap.create(ExplodedImporter.class, name).importDirectory(location.toFile()).as(JavaArchive.class);
        }
        return ShrinkWrap.create(ZipImporter.class, name).importFrom(location.toFile()).as(JavaArchive.class);
    }

    /** The class-path entry {@code type} was loaded from. */
    public static Path locationOf(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("cannot locate the class-path entry of " + type.getName(), e);
        }
    }

    /** The class-path entry {@code type} was loaded from, as a file. */
    public static File fileOf(Class<?> type) {
        return locationOf(type).toFile();
    }
}
