package io.github.meteorjob.server.jobs;

import io.github.meteorjob.server.store.JobStore;

/**
 * What every part of one {@link JobCollectionServer} works on: the collection's root, its store,
 * and its commit point (through which every write goes).
 */
abstract class CollectionPart {

    final String root;
    final JobStore store;
    final CommitPoint commits;

    CollectionPart(String root, JobStore store, CommitPoint commits) {
        this.root = root;
        this.store = store;
        this.commits = commits;
    }

    /** Another part of the same collection. */
    CollectionPart(CollectionPart sameCollection) {
        this(sameCollection.root, sameCollection.store, sameCollection.commits);
    }
}
