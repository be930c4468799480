package io.github.meteorjob.internal;

/** Detects optional APIs (MicroProfile, Jakarta Concurrency, OpenTelemetry, Micrometer) without linking against them. Not part of the public API. */
public final class ClassPresence {

    private ClassPresence() {
    }

    public static boolean has(String className) {
        for (ClassLoader cl : new ClassLoader[]{Thread.currentThread().getContextClassLoader(),
                ClassPresence.class.getClassLoader()}) {
            if (cl == null) {
                continue;
            }
            try {
                Class.forName(className, false, cl);
                return true;
            } catch (ClassNotFoundException | LinkageError e) {
                // try the next loader
            }
        }
        return false;
    }
}
