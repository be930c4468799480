package io.github.meteorjob.job;

import io.github.meteorjob.JobCollection;
import io.github.meteorjob.ddp.DdpClient;
import io.github.meteorjob.job.internal.DefaultJobCollection;

import java.time.Clock;

/** Creates {@link JobCollection} handles over a {@link DdpClient}. */
public final class JobCollections {

    private JobCollections() {
    }

    /**
     * A handle for the job-collection {@code root} (method names {@code <root>_<method>}) on {@code client}.
     * The client may be connected later; calls made before fail or wait as the client's calls do.
     *
     * @throws IllegalArgumentException when client is null or root is empty
     */
    public static JobCollection of(DdpClient client, String root) {
        return of(client, root, Clock.systemUTC());
    }

    /** As {@link #of(DdpClient, String)} with the clock used for creation times, delays and local log entries. */
    public static JobCollection of(DdpClient client, String root, Clock clock) {
        return DefaultJobCollection.create(client, root, clock);
    }
}
