package io.github.meteorjob.server.store;

/**
 * Opens the {@link JobStore} of each collection root of one server. Closing the factory closes
 * every store it opened (and, for durable stores, the file).
 */
public interface JobStoreFactory extends AutoCloseable {

    /** The store of {@code root}; opening the same root twice gives the same store. */
    JobStore open(String root);

    /** Whether stores of this factory survive a restart of the process. */
    boolean durable();

    @Override
    void close();
}
