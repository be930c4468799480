package sample;

import io.github.meteorjob.Job;
import io.github.meteorjob.JobCollection;
import io.github.meteorjob.JobQueue;
import io.github.meteorjob.JobStatus;
import io.github.meteorjob.QueueOptions;
import io.github.meteorjob.ShutdownLevel;
import io.github.meteorjob.ddp.DdpClient;
import io.github.meteorjob.ddp.DdpClientOptions;
import io.github.meteorjob.job.JobCollections;
import io.github.meteorjob.server.EmbeddedJobServer;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Starts the embedded job server, saves one job, works on it with a queue, prints the result and exits 0. */
public final class SeWorker {

    public record Greeting(String name) {
    }

    public static void main(String[] args) throws Exception {
        System.out.println(run());
    }

    /** Runs one job from saving to completion and returns how it ended. */
    public static String run() throws Exception {
        try (EmbeddedJobServer server = EmbeddedJobServer.builder().collection("jobPile").start()) {
            DdpClient client = DdpClient.create(DdpClientOptions.of(server.url()));
            client.connect().toCompletableFuture().get(30, TimeUnit.SECONDS);
            JobCollection jobs = JobCollections.of(client, "jobPile");

            String id = jobs.createJob("greet", new Greeting("Ada")).saveAndWait();

            CompletableFuture<String> said = new CompletableFuture<>();
            JobQueue queue = jobs.processJobs("greet", QueueOptions.defaults(), job -> {
                String text = "Hello, " + job.data(Greeting.class).name();
                job.done(Map.of("text", text));
                said.complete(text);
            });
            System.out.println(said.get(30, TimeUnit.SECONDS));
            queue.shutdown(ShutdownLevel.SOFT).toCompletableFuture().get(30, TimeUnit.SECONDS);

            Job done = jobs.getJobAndWait(id).orElseThrow();
            if (done.status() != JobStatus.COMPLETED) {
                throw new IllegalStateException("job " + id + " ended " + done.status());
            }
            client.close();
            return "job " + id + " " + done.status() + ": " + done.result();
        }
    }
}
