package io.github.meteorjob.testing;

import io.github.meteorjob.Job;
import io.github.meteorjob.JobFailure;
import io.github.meteorjob.JobLogEntry;
import io.github.meteorjob.JobStatus;
import jakarta.json.JsonObject;
import org.assertj.core.api.AbstractAssert;

import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * AssertJ assertions for a {@link Job}: {@code assertThat(job).hasStatus(COMPLETED).hasResultContaining("sent", true)}.
 * Start them with {@link JobAssertions#assertThat(Job)}. Failure messages name the job by type and id.
 */
public class JobAssert extends AbstractAssert<JobAssert, Job> {

    public JobAssert(Job actual) {
        super(actual, JobAssert.class);
    }

    private String name() {
        return "job " + actual.type() + "/" + actual.id();
    }

    public JobAssert hasStatus(JobStatus expected) {
        return has("Expected %s to have status <%s> but was <%s>", expected, Job::status);
    }

    public JobAssert hasType(String expected) {
        return has("Expected %s to have type <%s> but was <%s>", expected, Job::type);
    }

    public JobAssert hasData(JsonObject expected) {
        return has("Expected %s to have data <%s> but was <%s>", expected, Job::data);
    }

    /** The job's result (set by {@code done(result)}) is exactly {@code expected}. */
    public JobAssert hasResult(JsonObject expected) {
        return has("Expected %s to have result <%s> but was <%s>", expected, Job::result);
    }

    public JobAssert hasRetried(long expected) {
        return has("Expected %s to have been retried <%s> times but was <%s>", expected, Job::retried);
    }

    /**
     * The one-value checks: fails with {@code message}, filled with the job's name, {@code expected} and the
     * job's value, unless the two are equal.
     */
    private JobAssert has(String message, Object expected, Function<Job, Object> value) {
        isNotNull();
        Object was = value.apply(actual);
        if (!Objects.equals(was, expected)) {
            failWithMessage(message, name(), expected, was);
        }
        return this;
    }

    /** The job has exactly {@code expected} recorded failures (needs a job fetched with its failures). */
    public JobAssert hasFailureCount(int expected) {
        isNotNull();
        List<JobFailure> failures = actual.failures();
        if (failures.size() != expected) {
            failWithMessage("Expected %s to have <%s> failures but had <%s>: %s", name(), expected, failures.size(), failures);
        }
        return this;
    }

    /** The last failure's error has a {@code message} containing {@code text} (needs a job fetched with its failures). */
    public JobAssert hasLastFailureMessageContaining(String text) {
        isNotNull();
        List<JobFailure> failures = actual.failures();
        if (failures.isEmpty()) {
            failWithMessage("Expected %s to have a failure with a message containing <%s> but it has no failures", name(), text);
        }
        JsonObject error = failures.get(failures.size() - 1).error();
        String message = error == null ? null : error.getString("message", null);
        if (message == null || !message.contains(text)) {
            failWithMessage("Expected the last failure of %s to have a message containing <%s> but the error was <%s>",
                    name(), text, error);
        }
        return this;
    }

    /** Some log entry's message contains {@code text} (needs a job fetched with its log). */
    public JobAssert hasLogMessageContaining(String text) {
        isNotNull();
        List<JobLogEntry> log = actual.log();
        if (log.stream().map(JobLogEntry::message).noneMatch(m -> m != null && m.contains(text))) {
            failWithMessage("Expected the log of %s to have a message containing <%s> but it was %s", name(), text,
                    log.stream().map(JobLogEntry::message).toList());
        }
        return this;
    }
}
