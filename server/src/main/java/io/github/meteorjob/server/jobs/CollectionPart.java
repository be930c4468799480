package io.github.meteorjob.server.jobs;

import io.github.meteorjob.server.store.JobStore;

/**
 * What every part of one {@link JobCollectionServer} works on: the collection's commit point (through
 * which every write goes) and, from it, the collection's root and store.
 */
abstract class CollectionPart {

    final CommitPoint commits;
    final String root;
    /** Read here directly, written only through {@link #commits}. */
    final JobStore store;

    CollectionPart(CommitPoint commits) {
        this.commits = commits;
        this.root = commits.root;
        this.store = commits.store;
    }

    /** Another part of the same collection. */
    CollectionPart(CollectionPart sameCollection) {
        this(sameCollection.commits);
    }
}
