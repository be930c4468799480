package io.github.meteorjob.it.cdi;

/** Lets the benchmarks drop SmallRye Config's cached configuration, as the CDI tests do ({@link Containers}). */
public final class ContainersAccess {

    private ContainersAccess() {
    }

    /** See {@link Containers#refreshConfig()}. */
    public static void refreshConfig() {
        Containers.refreshConfig();
    }
}
