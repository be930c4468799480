package io.github.meteorjob.server.ddp;

import java.util.Set;

/** Where server features register their DDP methods and publications. */
public interface MethodRegistry {

    /**
     * Registers a method. {@code levels} are the permission levels (besides {@code admin},
     * which may call everything) whose users may call it, e.g. {@code Set.of("worker")}; the
     * transport answers 403 "Method not authorized" to anyone else when users are configured.
     *
     * @throws IllegalStateException when the name is already registered
     */
    void method(String name, Set<String> levels, MethodHandler handler);

    /** Registers a publication under {@code name}; same permission rule as methods. */
    void publication(String name, Set<String> levels, PublicationHandler handler);
}
