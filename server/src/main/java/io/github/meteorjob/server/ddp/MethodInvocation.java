package io.github.meteorjob.server.ddp;

/**
 * Who calls a method.
 *
 * @param connectionId the DDP session id, or {@code null} for a call made inside the server process
 * @param userId       the logged-in user id, or {@code null}
 */
public record MethodInvocation(String connectionId, String userId) {

    /** A call made inside the server process (no permission check applies). */
    public static final MethodInvocation INTERNAL = new MethodInvocation(null, null);

    public boolean internal() {
        return connectionId == null;
    }
}
