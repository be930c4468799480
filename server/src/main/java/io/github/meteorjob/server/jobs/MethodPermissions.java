package io.github.meteorjob.server.jobs;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Which roles may call which method, as job-collection's {@code ddpMethodPermissions}. */
final class MethodPermissions {

    static final String ADMIN = "admin";
    /** The read-only level of the job query extension: may look at jobs, change none. */
    static final String VIEWER = "viewer";

    /** Method name (without the root prefix) to the roles that may call it; {@code admin} may call all. */
    static final Map<String, Set<String>> LEVELS;

    static {
        Map<String, Set<String>> m = new LinkedHashMap<>();
        roles(m, Set.of(ADMIN), "startJobServer", "shutdownJobServer", "startJobs", "stopJobs");
        roles(m, Set.of(ADMIN, "manager"), "jobRemove", "jobPause", "jobResume", "jobCancel", "jobReady", "jobRestart");
        roles(m, Set.of(ADMIN, "creator"), "jobSave", "jobRerun");
        roles(m, Set.of(ADMIN, "worker"), "getWork", "jobLog", "jobProgress", "jobDone", "jobFail");
        // job-collection lets workers read jobs; managers and viewers look at them through the query extension
        roles(m, Set.of(ADMIN, "worker", "manager", VIEWER), "getJob");
        LEVELS = Collections.unmodifiableMap(m);
    }

    /** The roles that may subscribe to {@code <root>.jobs} (besides {@code admin}). */
    static final Set<String> PUBLICATION_ROLES = Set.of("manager", "creator", "worker", VIEWER);

    /**
     * The job query extension's methods ({@code findJobs}, {@code countJobs}) and its publication
     * {@code <root>.jobCounts}: managers and viewers (besides {@code admin}).
     */
    static final Set<String> QUERY_ROLES = Set.of("manager", VIEWER);

    private MethodPermissions() {
    }

    private static void roles(Map<String, Set<String>> m, Set<String> roles, String... methods) {
        for (String method : List.of(methods)) {
            m.put(method, roles);
        }
    }
}
