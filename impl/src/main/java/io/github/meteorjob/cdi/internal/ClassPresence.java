package io.github.meteorjob.cdi.internal;

/** Detects optional APIs (MicroProfile, Jakarta Concurrency) without linking against them. */
final class ClassPresence {

    private ClassPresence() {
    }

    static boolean has(String className) {
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
