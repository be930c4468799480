package io.github.meteorjob.cli;

import io.github.meteorjob.Job;
import io.github.meteorjob.JobCollection;
import io.github.meteorjob.JobException;
import io.github.meteorjob.ddp.DdpClient;
import io.github.meteorjob.ddp.DdpClientOptions;
import io.github.meteorjob.ddp.UserIdentity;
import io.github.meteorjob.job.JobCollections;

import java.util.List;
import java.util.Map;

/** The Java client on the test server, to make and move the jobs the CLI works on. */
final class Jobs implements AutoCloseable {

    final DdpClient client;
    final JobCollection queue;

    Jobs(String url) {
        this(DdpClientOptions.of(url));
    }

    Jobs(String url, String user, String password) {
        this(DdpClientOptions.builder(url).login(UserIdentity.username(user), password).build());
    }

    private Jobs(DdpClientOptions options) {
        client = DdpClient.create(options);
        JobException.await(client.connect());
        queue = JobCollections.of(client, "queue");
    }

    Job create(String type) {
        Job job = queue.createJob(type, Map.of("to", "ann@example.com"));
        job.saveAndWait();
        return job;
    }

    /** A job of a type of its own, taken by a worker (running). */
    Job running(String type) {
        create(type);
        List<Job> got = JobException.await(queue.getWork(List.of(type), io.github.meteorjob.GetWorkOptions.NONE));
        if (got.size() != 1) {
            throw new AssertionError("expected one job of type " + type + " to work on, got " + got.size());
        }
        return got.get(0);
    }

    Job completed(String type) {
        Job job = running(type);
        JobException.await(job.done());
        return job;
    }

    Job get(String id) {
        return queue.getJobAndWait(id).orElseThrow(() -> new AssertionError("no job " + id));
    }

    @Override
    public void close() {
        client.close();
    }
}
