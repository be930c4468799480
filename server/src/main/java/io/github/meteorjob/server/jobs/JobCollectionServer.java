package io.github.meteorjob.server.jobs;

import io.github.meteorjob.ddp.DdpException;
import io.github.meteorjob.server.ddp.MethodInvocation;
import io.github.meteorjob.server.ddp.MethodRegistry;
import io.github.meteorjob.server.ddp.PublicationContext;
import io.github.meteorjob.server.store.JobStore;
import jakarta.json.JsonArray;
import jakarta.json.JsonValue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One job-collection root served with Meteor job-collection's semantics (spec §2–§4): its DDP
 * methods {@code <root>_<method>}, its publication {@code <root>.jobs}, the same operations as a
 * Java API, and lifecycle events. Work begins only after {@code startJobServer}.
 */
public final class JobCollectionServer implements AutoCloseable {

    /** Permission levels (besides admin) per method, as job-collection's {@code ddpMethodPermissions}. */
    public static final Map<String, Set<String>> METHOD_LEVELS;

    static {
        Map<String, Set<String>> m = new LinkedHashMap<>();
        for (String s : List.of("startJobServer", "shutdownJobServer", "startJobs", "stopJobs")) {
            m.put(s, Set.of("admin"));
        }
        for (String s : List.of("jobRemove", "jobPause", "jobResume", "jobCancel", "jobReady", "jobRestart")) {
            m.put(s, Set.of("admin", "manager"));
        }
        for (String s : List.of("jobSave", "jobRerun")) {
            m.put(s, Set.of("admin", "creator"));
        }
        for (String s : List.of("getWork", "getJob", "jobLog", "jobProgress", "jobDone", "jobFail")) {
            m.put(s, Set.of("admin", "worker"));
        }
        METHOD_LEVELS = java.util.Collections.unmodifiableMap(m);
    }

    private final String root;
    private final JobStore store;
    private final JobServerOptions options;
    private final List<JobEventListener> listeners = new CopyOnWriteArrayList<>();

    public JobCollectionServer(String root, JobStore store, JobServerOptions options) {
        this.root = Objects.requireNonNull(root, "root");
        this.store = Objects.requireNonNull(store, "store");
        this.options = Objects.requireNonNull(options, "options");
    }

    public String root() {
        return root;
    }

    /** Registers every {@code <root>_<method>} and the publication {@code <root>.jobs}. */
    public void register(MethodRegistry registry) {
        for (var e : METHOD_LEVELS.entrySet()) {
            String method = e.getKey();
            registry.method(root + "_" + method, e.getValue(), (inv, params) -> call(inv, method, params));
        }
        registry.publication(root + ".jobs", Set.of("admin", "manager", "creator", "worker"), this::publish);
    }

    /** Calls a method (name without the root prefix, e.g. {@code "getWork"}) as the server itself. */
    public JsonValue call(String method, JsonArray params) {
        return call(MethodInvocation.INTERNAL, method, params);
    }

    /** Calls a method (name without the root prefix) on behalf of {@code invocation}. */
    public JsonValue call(MethodInvocation invocation, String method, JsonArray params) {
        throw new DdpException(404, "Method '" + root + "_" + method + "' not found");
    }

    /** Serves the publication {@code <root>.jobs}. */
    public void publish(PublicationContext context, JsonArray params) {
        context.ready();
    }

    public void addListener(JobEventListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    public void removeListener(JobEventListener listener) {
        listeners.remove(listener);
    }

    @Override
    public void close() {
        listeners.clear();
    }
}
