package io.github.meteorjob.examples.quarkus;

import io.github.meteorjob.Job;
import io.github.meteorjob.ProcessJobs;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/**
 * The same kind of worker as in the WAR example: the library's build-compatible extension discovers this observer
 * at build time (Quarkus ArC is CDI Lite) and runs one queue for {@code quarkusJobs}/{@code sendEmail}.
 */
@ApplicationScoped
public class MailWorker {

    private static final Logger LOG = Logger.getLogger(MailWorker.class);

    void send(@Observes @ProcessJobs(collection = "quarkusJobs", type = "sendEmail", concurrency = 2, pollInterval = 500) Job job) {
        String to = job.data().getString("to", "");
        if (!to.contains("@")) {
            throw new IllegalArgumentException("not an e-mail address: " + to);
        }
        job.log("sending to " + to);
        LOG.debugf("sent job %s", job.id());
    }
}
