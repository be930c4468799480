package io.github.meteorjob.cdi.internal;

import io.github.meteorjob.internal.ClassPresence;
import io.github.meteorjob.cdi.DdpCallGuard;
import io.github.meteorjob.cdi.DdpCallRetry;

import java.util.ArrayList;
import java.util.List;

/** The library's ordinary beans that both extensions add to the application. */
public final class LibraryBeans {

    static final String HEALTH_API = "org.eclipse.microprofile.health.HealthCheck";

    private LibraryBeans() {
    }

    /** Class names; the readiness and liveness checks only when the MicroProfile Health API is present. */
    public static List<String> classNames() {
        List<String> names = new ArrayList<>(List.of(
                MeteorJobRuntime.class.getName(),
                DdpCallGuard.class.getName(),
                DdpCallRetry.class.getName()));
        if (ClassPresence.has(HEALTH_API)) {
            names.add("io.github.meteorjob.cdi.MeteorJobReadinessCheck");
            names.add("io.github.meteorjob.cdi.MeteorJobLivenessCheck");
        }
        return names;
    }
}
