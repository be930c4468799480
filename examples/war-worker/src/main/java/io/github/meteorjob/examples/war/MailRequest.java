package io.github.meteorjob.examples.war;

/** The job data of a {@code sendEmail} job, and the body of {@code POST /jobs}. */
public record MailRequest(String to, String subject) {
}
