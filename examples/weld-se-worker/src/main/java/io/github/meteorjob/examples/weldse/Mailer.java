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

    private static final System.Logger LOG = System.getLogger(Mailer.class.getName());

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
            // the log format adds the job's collection, type, id and run (JobContextFormatter); no job data at WARNING
            LOG.log(System.Logger.Level.WARNING, "mail server busy on attempt {0}; the server retries the job while "
                    + "retries are left", job.retried());
            throw new MailServerBusyException("451 mail server busy for " + email.getString("to", "?") + ", try again later");
        }
    }
}
