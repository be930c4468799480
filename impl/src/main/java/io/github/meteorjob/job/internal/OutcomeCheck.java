package io.github.meteorjob.job.internal;

import io.github.meteorjob.JobFailure;
import io.github.meteorjob.JobLogEntry;
import io.github.meteorjob.JobStatus;
import io.github.meteorjob.LeaseLostException;
import io.github.meteorjob.ejson.Ejson;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Tells a lost run from a repeated done/fail. The DDP client sends an unanswered {@code jobDone}/{@code jobFail}
 * again after a reconnect; when the first send had already been applied, the repeat finds no running job and is
 * answered {@code false}, exactly like a call that came after the lease was lost. One {@code getJob} (with log
 * and failures) decides: the run's outcome is recorded when, for done, the job is completed and its log has the
 * server's "Job Completed" entry for this run, or, for fail, its failures hold this run's entry with the error
 * that was sent (the server's own expiry or shutdown failure of the run carries the run id too, with its own
 * error, and is a lost run).
 */
final class OutcomeCheck {

    private static final String COMPLETED = "Job Completed";

    private OutcomeCheck() {
    }

    /**
     * Completes normally when the server recorded this run's {@code operation} ({@code "done"} or {@code "fail"},
     * {@code sent} being the error object a fail sent), else exceptionally with {@link LeaseLostException}; a
     * failed check is reported as a lost run too, with the check's failure suppressed in it.
     */
    static CompletionStage<Void> confirm(DefaultJobCollection collection, JobDocument d, String operation,
                                         JsonObject sent) {
        LeaseLostException lost = new LeaseLostException(collection.root(), d.type(), d.id(), d.runId(), operation);
        JsonObject options = Ejson.builders().createObjectBuilder().add("getLog", true).add("getFailures", true).build();
        CompletionStage<JsonValue> check;
        try {
            check = collection.call("getJob", true, d.idValue(), options);
        } catch (RuntimeException e) {
            lost.addSuppressed(e);
            return CompletableFuture.failedFuture(lost);
        }
        return check.handle((res, err) -> {
            if (err != null) {
                lost.addSuppressed(DefaultJobQueue.unwrap(err));
                throw lost;
            }
            try {
                if (res instanceof JsonObject o && recorded(new JobDocument(o), d.runId(), operation, sent)) {
                    return null;
                }
            } catch (RuntimeException unreadable) {
                // a document this client cannot read proves nothing
                lost.addSuppressed(unreadable);
            }
            throw lost;
        });
    }

    static boolean recorded(JobDocument doc, String runId, String operation, JsonObject sent) {
        if (runId == null) {
            return false;
        }
        if (operation.equals("done")) {
            return doc.status() == JobStatus.COMPLETED && doc.log().stream()
                    .anyMatch(e -> runId.equals(e.runId()) && COMPLETED.equals(e.message()));
        }
        if (doc.json().containsKey("failures")) {
            for (JobFailure f : doc.failures()) {
                if (runId.equals(f.runId()) && sameValue(withoutRunId(f.error()), withoutRunId(sent))) {
                    return true;
                }
            }
            return false;
        }
        // a server that leaves failures out: its log entry for this run names the error's value
        String value = sent.get("value") instanceof JsonString s ? ": " + s.getString() + "." : ".";
        List<JobLogEntry> log = doc.log();
        return log.stream().anyMatch(e -> runId.equals(e.runId()) && e.message() != null
                && e.message().startsWith("Job Failed with") && e.message().endsWith(" Error" + value));
    }

    private static JsonObject withoutRunId(JsonObject o) {
        return Ejson.builders().createObjectBuilder(o).remove("runId").build();
    }

    /** JSON equality with numbers compared by value: a JavaScript server writes 1.0 back as 1. */
    static boolean sameValue(JsonValue a, JsonValue b) {
        if (a instanceof JsonNumber x && b instanceof JsonNumber y) {
            return x.bigDecimalValue().compareTo(y.bigDecimalValue()) == 0;
        }
        if (a instanceof JsonObject x && b instanceof JsonObject y) {
            if (!x.keySet().equals(y.keySet())) {
                return false;
            }
            for (Map.Entry<String, JsonValue> e : x.entrySet()) {
                if (!sameValue(e.getValue(), y.get(e.getKey()))) {
                    return false;
                }
            }
            return true;
        }
        if (a instanceof JsonArray x && b instanceof JsonArray y) {
            if (x.size() != y.size()) {
                return false;
            }
            for (int i = 0; i < x.size(); i++) {
                if (!sameValue(x.get(i), y.get(i))) {
                    return false;
                }
            }
            return true;
        }
        return a != null && a.equals(b);
    }
}
