package io.github.meteorjob.server.jobs;

/**
 * Receives lifecycle events of the jobs of one collection. Called after the change is stored,
 * outside the collection's write lock, on the thread that made the change; keep it short and do
 * not throw (exceptions are logged and ignored).
 */
@FunctionalInterface
public interface ServerJobEventListener {

    void onEvent(ServerJobEvent event);
}
