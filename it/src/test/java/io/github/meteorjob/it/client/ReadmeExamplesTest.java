package io.github.meteorjob.it.client;

import io.github.meteorjob.BackoffMethod;
import io.github.meteorjob.Job;
import io.github.meteorjob.JobCollection;
import io.github.meteorjob.JobQueue;
import io.github.meteorjob.JobStatus;
import io.github.meteorjob.Priority;
import io.github.meteorjob.QueueOptions;
import io.github.meteorjob.RepeatOptions;
import io.github.meteorjob.RetryOptions;
import io.github.meteorjob.SaveOptions;
import io.github.meteorjob.Schedule;
import io.github.meteorjob.ShutdownLevel;
import io.github.meteorjob.ddp.DdpClient;
import io.github.meteorjob.ddp.DdpClientOptions;
import io.github.meteorjob.job.JobCollections;
import io.github.meteorjob.server.EmbeddedJobServer;
import io.github.meteorjob.JobCounts;
import io.github.meteorjob.JobFilter;
import io.github.meteorjob.JobPageResult;
import io.github.meteorjob.PageRequest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The creator, worker and manager examples of docs/job-client.md (and the README), kept here so they compile and
 * run. Keep the two in sync: the code between the {@code // ---} markers is what the docs show.
 */
class ReadmeExamplesTest {

    public record Email(String to, String subject) {
    }

    interface Mailer {
        void send(Email email);
    }

    static JobCollection connect(String url) {
        // --- connect
        DdpClient client = DdpClient.create(DdpClientOptions.of(url));   // e.g. ws://localhost:3000/websocket
        client.connect().toCompletableFuture().join();
        JobCollection jobs = JobCollections.of(client, "queue");          // job-collection root name
        // ---
        return jobs;
    }

    static String creator(JobCollection jobs) {
        // --- creator
        Job job = jobs.createJob("sendEmail", new Email("ada@example.com", "Welcome"))
                .priority(Priority.HIGH)
                .retry(RetryOptions.retries(5).withWait(Duration.ofSeconds(30)).withBackoff(BackoffMethod.EXPONENTIAL))
                .delay(Duration.ofMillis(100));
        String id = job.saveAndWait();                                    // or job.save() for a CompletionStage

        Job nightly = jobs.createJob("cleanup", Map.of("olderThanDays", 30))
                .repeat(RepeatOptions.forever().withSchedule(Schedule.cron("0 0 3 * * *")));
        nightly.save(SaveOptions.CANCEL_REPEATS);                         // replaces an earlier nightly job
        // ---
        return id;
    }

    static JobQueue worker(JobCollection jobs, Mailer mailer) {
        // --- worker
        JobQueue queue = jobs.processJobs("sendEmail",
                QueueOptions.defaults()
                        .withConcurrency(4)
                        .withWorkTimeout(Duration.ofMinutes(5))
                        .withAutoExtend(Duration.ofMinutes(1))           // keeps the 5-minute lease alive
                        .withPushTrigger(true),                          // react at once to new jobs
                job -> {
                    Email email = job.data(Email.class);
                    mailer.send(email);                                  // an exception fails the job
                    job.log("sent to " + email.to());
                    job.done(Map.of("sentTo", email.to()));
                });
        // on application shutdown: let running and queued jobs finish
        // queue.shutdown(ShutdownLevel.SOFT).toCompletableFuture().join();
        // ---
        return queue;
    }

    static void manager(JobCollection jobs, String id) {
        // --- manager
        Optional<Job> found = jobs.getJobAndWait(id);
        found.ifPresent(job -> System.out.println(job.type() + " is " + job.status()
                + ", " + job.progress().percent() + "% done, failures: " + job.failures().size()));

        jobs.pauseJobs(List.of(id));
        jobs.resumeJobs(List.of(id));
        jobs.cancelJobs(List.of(id)).thenCompose(cancelled -> jobs.restartJobs(List.of(id)));
        found.ifPresent(job -> job.rerun());                              // completed jobs: run again as a new job
        // ---
    }

    static long query(JobCollection jobs) {
        // --- query
        JobPageResult failed = jobs.findJobsAndWait(
                JobFilter.ALL.withStatuses(JobStatus.FAILED).withTypes("email"),
                PageRequest.first(20));                       // newest update first, 20 a page, no logs
        failed.jobs().forEach(job -> System.out.println(job.id() + " " + job.failures()));
        if (failed.hasNext()) {
            jobs.findJobs(JobFilter.ALL.withStatuses(JobStatus.FAILED), failed.page().next());
        }
        JobCounts counts = jobs.countJobsAndWait(JobFilter.ALL);
        long waitingMail = counts.count("email", JobStatus.WAITING);
        // ---
        return waitingMail;
    }

    @Test
    void docsShowExactlyThisCode() throws Exception {
        java.nio.file.Path here = java.nio.file.Path.of("src/test/java/io/github/meteorjob/it/client/ReadmeExamplesTest.java");
        java.nio.file.Path docs = java.nio.file.Path.of("../docs/job-client.md");
        String source = java.nio.file.Files.readString(here);
        String markdown = java.nio.file.Files.readString(docs);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("// --- (\\w+)\n(.*?)\n\\s*// ---\n", java.util.regex.Pattern.DOTALL)
                .matcher(source);
        int count = 0;
        while (m.find()) {
            count++;
            String snippet = m.group(2).stripIndent();
            assertThat(markdown).as("docs/job-client.md shows the '%s' example", m.group(1)).contains(snippet);
        }
        assertThat(count).isEqualTo(5);
    }

    @Test
    void creatorWorkerAndManagerExamplesWork() throws Exception {
        try (EmbeddedJobServer server = EmbeddedJobServer.builder().promoteInterval(Duration.ofMillis(100)).start()) {
            JobCollection jobs = connect(server.url());
            String id = creator(jobs);
            List<Email> sent = new CopyOnWriteArrayList<>();
            JobQueue queue = worker(jobs, sent::add);
            await().until(() -> jobs.getJobAndWait(id).map(Job::status).orElseThrow() == JobStatus.COMPLETED);
            assertThat(sent).containsExactly(new Email("ada@example.com", "Welcome"));
            assertThat(jobs.getJobAndWait(id).orElseThrow().result()).isEqualTo(
                    jakarta.json.Json.createObjectBuilder().add("sentTo", "ada@example.com").build());
            manager(jobs, id);
            assertThat(query(jobs)).isZero();
            queue.shutdown(ShutdownLevel.SOFT).toCompletableFuture().join();
        }
    }
}
