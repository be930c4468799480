package io.github.meteorjob.examples.war;

import java.util.logging.Logger;

import io.github.meteorjob.Job;
import io.github.meteorjob.ProcessJobs;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * The worker: the library's CDI extension finds this observer, fetches {@code sendEmail} jobs of the
 * {@code warJobs} collection (two at a time) and runs them on the container's managed executor. Returning normally
 * completes a job; throwing fails it with the exception's message.
 */
@ApplicationScoped
public class MailWorker {

    private static final Logger LOG = Logger.getLogger(MailWorker.class.getName());

    void send(@Observes @ProcessJobs(collection = "warJobs", type = "sendEmail", concurrency = 2, pollInterval = 1000) Job job) {
        MailRequest mail = job.data(MailRequest.class);
        if (mail.to() == null || !mail.to().contains("@")) {
            throw new IllegalArgumentException("not an e-mail address: " + mail.to());
        }
        job.log("sending to " + mail.to());
        // a real worker would talk to a mail server here
        LOG.fine(() -> "sent job " + job.id());
    }
}
