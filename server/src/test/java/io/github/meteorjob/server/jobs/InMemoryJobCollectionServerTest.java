package io.github.meteorjob.server.jobs;

import io.github.meteorjob.server.store.JobStoreFactory;
import io.github.meteorjob.server.store.JobStores;

import java.nio.file.Path;

/** The state-machine tests on the in-memory store. */
class InMemoryJobCollectionServerTest extends JobCollectionServerTests {

    @Override
    JobStoreFactory openFactory(Path dir) {
        return JobStores.inMemory();
    }
}
