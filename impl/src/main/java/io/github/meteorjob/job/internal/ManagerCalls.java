package io.github.meteorjob.job.internal;

import io.github.meteorjob.CancelOptions;
import io.github.meteorjob.GetJobOptions;
import io.github.meteorjob.JobStatus;
import io.github.meteorjob.ReadyOptions;
import io.github.meteorjob.RerunOptions;
import io.github.meteorjob.RestartOptions;
import io.github.meteorjob.ejson.Ejson;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * The calls any client may make about a saved job, whoever runs it: refresh, pause/resume, ready, cancel, restart,
 * rerun, remove. The changing ones are sent once, never again after a reconnect: a repeat could act twice.
 */
final class ManagerCalls {

    private final DefaultJob job;
    private final DefaultJobCollection collection;

    ManagerCalls(DefaultJob job, DefaultJobCollection collection) {
        this.job = job;
        this.collection = collection;
    }

    private JsonValue requireId(String what) {
        JsonValue id = job.doc().idValue();
        if (id == null) {
            throw new IllegalStateException("can't call " + what + "() on an unsaved job");
        }
        return id;
    }

    CompletionStage<Boolean> refresh(GetJobOptions options) {
        DefaultJobCollection.requireOptions(options, "refresh");
        JsonValue id = requireId("refresh");
        // reading is safe to repeat
        return collection.call("getJob", true, id, DefaultJobCollection.getJobOptions(options)).thenApply(res -> {
            if (res instanceof JsonObject o) {
                job.replace(new JobDocument(o));
                return true;
            }
            return false;
        });
    }

    CompletionStage<Boolean> pause() {
        return statusChange("jobPause", JobStatus.PAUSED);
    }

    CompletionStage<Boolean> resume() {
        return statusChange("jobResume", JobStatus.WAITING);
    }

    /** An unsaved job only changes the status it will be saved with, as meteor-job does. */
    private CompletionStage<Boolean> statusChange(String method, JobStatus unsaved) {
        JsonValue id = job.doc().idValue();
        if (id == null) {
            job.set("status", Ejson.provider().createValue(unsaved.wireName()));
            return CompletableFuture.completedFuture(true);
        }
        return collection.call(method, false, id, JsonValue.EMPTY_JSON_OBJECT).thenApply(DefaultJobCollection::truthy);
    }

    CompletionStage<Boolean> ready(ReadyOptions options) {
        return command("jobReady", "ready", options, DefaultJobCollection::readyOptions);
    }

    CompletionStage<Boolean> cancel(CancelOptions options) {
        return command("jobCancel", "cancel", options, DefaultJobCollection::cancelOptions);
    }

    CompletionStage<Boolean> restart(RestartOptions options) {
        return command("jobRestart", "restart", options, DefaultJobCollection::restartOptions);
    }

    CompletionStage<Boolean> remove() {
        return send("jobRemove", "remove", JsonValue.EMPTY_JSON_OBJECT);
    }

    /** The one shape of the saved-job commands: checked options, the job's id, options on the wire, a yes/no answer. */
    private <T> CompletionStage<Boolean> command(String method, String what, T options, Function<T, JsonObject> wire) {
        DefaultJobCollection.requireOptions(options, what);
        return send(method, what, wire.apply(options));
    }

    private CompletionStage<Boolean> send(String method, String what, JsonObject options) {
        JsonValue id = requireId(what);
        return collection.call(method, false, id, options).thenApply(DefaultJobCollection::truthy);
    }

    CompletionStage<String> rerun(RerunOptions options) {
        DefaultJobCollection.requireOptions(options, "rerun");
        JsonValue id = requireId("rerun");
        JsonValue wait = options.schedule() != null ? options.schedule().toJson()
                : options.waitTime() != null ? Ejson.provider().createValue(options.waitTime().toMillis())
                : RunCalls.nullable(job.doc().repeatWaitValue());
        JsonObject o = new WireOptions().put("repeats", options.repeats()).put("wait", wait)
                .putIfSet("until", options.until()).build();
        return collection.call("jobRerun", false, id, o)
                .thenApply(res -> res instanceof JsonString || res instanceof JsonObject ? JobDocument.idText(res) : null);
    }
}
