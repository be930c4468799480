package io.github.meteorjob.cdi;

import io.github.meteorjob.JobCollection;
import io.github.meteorjob.ddp.DdpClient;

/** Creates job collection handles with the job client's implementation. */
final class JobCollectionFactory {

    private JobCollectionFactory() {
    }

    static JobCollection create(DdpClient client, String root) {
        return io.github.meteorjob.job.JobCollections.of(client, root);
    }
}
