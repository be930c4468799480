package io.github.meteorjob.examples.weldse;

import io.github.meteorjob.Job;
import io.github.meteorjob.ProcessJobs;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.json.JsonObject;

/**
 * The worker: a plain CDI bean with one {@code @ProcessJobs} observer. Returning completes the job;
 * throwing fails it (the server retries it while retries are left).
 */
@ApplicationScoped
public class Mailer {

    /** The demo's stand-in for a transient SMTP error. */
    public static class MailServerBusyException extends RuntimeException {
        public MailServerBusyException(String message) {
            super(message);
        }
    }

    void send(@Observes @ProcessJobs(collection = "jobPile", type = "sendEmail", concurrency = 8, pollInterval = 250) Job job)
            throws InterruptedException {
        JsonObject email = job.data();
        // the demo's jobs say how long "sending" takes and how many attempts fail first
        Thread.sleep(email.getInt("workMs", 10));
        if (job.retried() <= email.getInt("failAttempts", 0)) {
            throw new MailServerBusyException("451 mail server busy for " + email.getString("to", "?") + ", try again later");
        }
    }
}
