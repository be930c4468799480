package io.github.meteorjob.it.bench;

import io.github.meteorjob.it.bench.SideBySideBenchmark.Kind;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/**
 * How {@link SideBySideBenchmark} starts a Java worker process the way users deploy one: from jars only (the
 * modules' {@code target/*.jar}, the dependency jars, and the benchmark's own classes packed into a jar here),
 * because class-data archives (AppCDS, JDK 25's AOT cache) only take classes from jars; with the chosen JDK and its
 * start-up archive. The archives are made by one training run each ({@link #trainingFlags}) before the measured runs.
 */
final class WorkerLaunch {

    private final List<String> recommended;
    private final Path work;
    private final String classPath;
    private final Path jdk25;

    WorkerLaunch(Path repo, List<String> recommended) throws IOException {
        this.recommended = recommended;
        this.work = repo.resolve("it/target/bench-worker");
        Files.createDirectories(work);
        this.classPath = jarsOnly(System.getProperty("java.class.path"), work);
        this.jdk25 = findJdk25();
    }

    /** The worker's class path: every directory entry of {@code cp} packed into a jar in {@code dir}, non-jar files dropped. */
    static String jarsOnly(String cp, Path dir) throws IOException {
        List<String> out = new ArrayList<>();
        for (String e : cp.split(File.pathSeparator)) {
            Path p = Path.of(e);
            if (Files.isDirectory(p)) {
                Path jar = dir.resolve(p.getParent().getFileName() + "-" + p.getFileName() + ".jar");
                pack(p, jar);
                out.add(jar.toString());
            } else if (e.endsWith(".jar") && Files.isRegularFile(p)) {
                out.add(e);
            }
        }
        return String.join(File.pathSeparator, out);
    }

    private static void pack(Path dir, Path jar) throws IOException {
        try (OutputStream os = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(os);
             Stream<Path> files = Files.walk(dir)) {
            files.filter(Files::isRegularFile).sorted(Comparator.naturalOrder()).forEach(f -> {
                try {
                    j.putNextEntry(new JarEntry(dir.relativize(f).toString().replace(File.separatorChar, '/')));
                    Files.copy(f, j);
                    j.closeEntry();
                } catch (IOException x) {
                    throw new UncheckedIOException(x);
                }
            });
        }
    }

    /** {@code bench.jdk25}, else {@code JAVA25_HOME}, else a {@code /usr/lib/jvm/*25*} holding {@code bin/java}; or null. */
    private static Path findJdk25() throws IOException {
        String given = System.getProperty("bench.jdk25", System.getenv("JAVA25_HOME"));
        if (given != null) {
            return Path.of(given);
        }
        Path jvms = Path.of("/usr/lib/jvm");
        if (!Files.isDirectory(jvms)) {
            return null;
        }
        try (Stream<Path> s = Files.list(jvms)) {
            return s.filter(p -> p.getFileName().toString().matches(".*\\b25\\b.*"))
                    .filter(p -> Files.isExecutable(p.resolve("bin/java"))).findFirst().orElse(null);
        }
    }

    boolean available(Kind k) {
        return !k.onJdk25() || jdk25 != null;
    }

    String classPath() {
        return classPath;
    }

    /** The AppCDS archive of {@code k}: the CDI worker loads other classes (Weld, Fault Tolerance), so it has its own. */
    Path cdsArchive(Kind k) {
        return k.cdi() ? work.resolve("cdi-worker-jdk17.jsa") : cdsArchive();
    }

    Path cdsArchive() {
        return work.resolve("worker-jdk17.jsa");
    }

    Path aotCache() {
        return work.resolve("worker-jdk25.aot");
    }

    /** Kinds whose archive a training run makes. */
    static boolean trained(Kind k) {
        return k == Kind.JAVA_CDS || k == Kind.CDI_CDS || k == Kind.JAVA25_AOT;
    }

    /** The java launcher and JVM flags of a measured run of {@code k}. */
    List<String> jvm(Kind k) {
        List<String> cmd = new ArrayList<>(base(k));
        if (k == Kind.JAVA_CDS || k == Kind.CDI_CDS) {
            // -Xshare:on: a run that cannot map the archive fails instead of silently measuring without it
            cmd.addAll(List.of("-XX:SharedArchiveFile=" + cdsArchive(k), "-Xshare:on"));
        } else if (k == Kind.JAVA25_AOT) {
            cmd.addAll(List.of("-XX:AOTCache=" + aotCache(), "-XX:AOTMode=on"));
        }
        return cmd;
    }

    /** The java launcher and JVM flags of the training run that writes {@code k}'s archive. */
    List<String> trainingFlags(Kind k) throws IOException {
        List<String> cmd = new ArrayList<>(base(k));
        if (k == Kind.JAVA_CDS || k == Kind.CDI_CDS) {
            Files.deleteIfExists(cdsArchive(k));
            cmd.add("-XX:ArchiveClassesAtExit=" + cdsArchive(k));
        } else if (k == Kind.JAVA25_AOT) {
            Files.deleteIfExists(aotCache());
            // JEP 514: one training run records and then writes the cache (class loading, linking, method profiles)
            cmd.add("-XX:AOTCacheOutput=" + aotCache());
        }
        return cmd;
    }

    private List<String> base(Kind k) {
        List<String> cmd = new ArrayList<>();
        cmd.add(k.onJdk25() ? jdk25.resolve("bin/java").toString() : SideBySideBenchmark.javaBin());
        if (k != Kind.JAVA) {
            for (String f : recommended) {
                // JDK 25 refuses -Xshare:* next to -XX:AOTCacheOutput; the AOT cache replaces the CDS archive
                if (!(k == Kind.JAVA25_AOT && f.startsWith("-Xshare:"))) {
                    cmd.add(f);
                }
            }
        }
        return cmd;
    }
}
