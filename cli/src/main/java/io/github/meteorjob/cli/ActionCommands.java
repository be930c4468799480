package io.github.meteorjob.cli;

import io.github.meteorjob.CancelOptions;
import io.github.meteorjob.GetJobOptions;
import io.github.meteorjob.Job;
import io.github.meteorjob.JobCollection;
import io.github.meteorjob.ReadyOptions;
import io.github.meteorjob.RerunOptions;
import io.github.meteorjob.RestartOptions;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionStage;
import java.util.function.BiFunction;

/**
 * The commands that change jobs: pause, resume, ready, cancel, restart, rerun, remove. Each id is sent in its own
 * call, because job-collection answers one boolean for all ids of a call ("some job changed"), and a script needs
 * to know which job was not changed.
 */
final class ActionCommands {

    private ActionCommands() {
    }

    /** What one call did to one job. */
    private record Outcome(boolean changed, String newId) {
        static Outcome of(boolean changed) {
            return new Outcome(changed, null);
        }
    }

    abstract static class Action implements Callable<Integer> {

        @ParentCommand
        MeteorJobCommand top;

        @Parameters(arity = "1..*", paramLabel = "ID", description = "Job ids.")
        List<String> ids;

        /** What a changed job is now, e.g. {@code paused}. */
        private final String done;

        Action(String done) {
            this.done = done;
        }

        /** The command's name, e.g. {@code pause}: its {@code @Command} name, so it is spelt once. */
        final String name() {
            return getClass().getAnnotation(Command.class).name();
        }

        /** The job-collection method behind the command, e.g. {@code jobPause}: {@code job} and the command's name. */
        final String method() {
            String name = name();
            return "job" + Character.toUpperCase(name.charAt(0)) + name.substring(1);
        }

        /** Sends the command's method for one job and says what it did. */
        abstract Outcome apply(Connection c, String id);

        @Override
        public Integer call() {
            boolean all = true;
            JsonArrayBuilder results = Json.createArrayBuilder();
            Output.Table table = new Output.Table("RESULT", "ID", "NOTE");
            try (Connection c = top.connect()) {
                for (String id : new LinkedHashSet<>(ids)) {
                    Outcome o = apply(c, id);
                    JsonObjectBuilder r = Json.createObjectBuilder().add("id", id).add("changed", o.changed());
                    String note = "";
                    if (o.newId() != null) {
                        r.add("newId", o.newId());
                        note = "new job " + o.newId();
                    }
                    if (!o.changed()) {
                        all = false;
                        note = why(c, id);
                        r.add("reason", note);
                    }
                    results.add(r);
                    table.row(o.changed() ? done : "unchanged", id, note);
                }
            }
            if (top.json) {
                Output.json(top.out, Json.createObjectBuilder().add("command", name()).add("ok", all)
                        .add("jobs", results).build());
            } else {
                table.print(top.out);
            }
            return all ? ExitCodes.OK : ExitCodes.REFUSED;
        }

        /** Why the server answered false: the job is missing, or its status does not allow the change. */
        private String why(Connection c, String id) {
            try {
                Optional<Job> job = c.await(c.root + "_getJob", c.jobs.getJob(id, GetJobOptions.DEFAULT));
                return job.map(j -> "the server did not " + name() + " it (status " + j.status().wireName() + ")")
                        .orElse("no such job");
            } catch (CliException e) {
                // without getJob permission the reason stays unknown; the answer itself is still "not changed"
                return "the server did not " + name() + " it (" + method() + " answered false)";
            }
        }
    }

    /** A command whose call answers only whether the job changed (all but rerun). */
    abstract static class Change extends Action {

        Change(String done) {
            super(done);
        }

        /** The job-collection call for these ids; true when the server changed a job. */
        abstract CompletionStage<Boolean> send(JobCollection jobs, List<String> ids);

        @Override
        final Outcome apply(Connection c, String id) {
            return Outcome.of(c.await(c.root + "_" + method(), send(c.jobs, List.of(id))));
        }
    }

    /** A change without options of its own: nothing but its call. */
    abstract static class PlainChange extends Change {

        private final BiFunction<JobCollection, List<String>, CompletionStage<Boolean>> call;

        PlainChange(String done, BiFunction<JobCollection, List<String>, CompletionStage<Boolean>> call) {
            super(done);
            this.call = call;
        }

        @Override
        final CompletionStage<Boolean> send(JobCollection jobs, List<String> ids) {
            return call.apply(jobs, ids);
        }
    }

    @Command(name = "pause", description = "Pauses waiting or ready jobs (job-collection: jobPause).")
    static final class Pause extends PlainChange {
        Pause() {
            super("paused", JobCollection::pauseJobs);
        }
    }

    @Command(name = "resume", description = "Resumes paused jobs (jobResume).")
    static final class Resume extends PlainChange {
        Resume() {
            super("resumed", JobCollection::resumeJobs);
        }
    }

    @Command(name = "ready", description = "Makes waiting jobs ready now (jobReady).")
    static final class Ready extends Change {
        @Option(names = "--force", description = "Also when their dependencies are not resolved.")
        boolean force;

        Ready() {
            super("ready");
        }

        @Override
        CompletionStage<Boolean> send(JobCollection jobs, List<String> ids) {
            return jobs.readyJobs(ids, force ? ReadyOptions.FORCE : ReadyOptions.DEFAULT);
        }
    }

    @Command(name = "cancel", description = "Cancels jobs and their dependents (jobCancel, as meteor-job's cancel()).")
    static final class Cancel extends PlainChange {
        Cancel() {
            super("cancelled", (jobs, ids) -> jobs.cancelJobs(ids, CancelOptions.DEFAULT));
        }
    }

    @Command(name = "restart", description = "Restarts failed or cancelled jobs (jobRestart).")
    static final class Restart extends Change {
        @Option(names = "--retries", paramLabel = "N", defaultValue = "1",
                description = "Retries to add (default: ${DEFAULT-VALUE}).")
        long retries;

        Restart() {
            super("restarted");
        }

        @Override
        CompletionStage<Boolean> send(JobCollection jobs, List<String> ids) {
            RestartOptions o;
            try {
                o = new RestartOptions(retries, true, null, null);
            } catch (IllegalArgumentException e) {
                throw CliException.usage("--retries: " + e.getMessage());
            }
            return jobs.restartJobs(ids, o);
        }
    }

    @Command(name = "rerun", description = "Copies completed jobs as new waiting jobs (jobRerun); prints the new ids.")
    static final class Rerun extends Action {
        @Option(names = "--repeats", paramLabel = "N", defaultValue = "0",
                description = "Repeats of the new job (default: ${DEFAULT-VALUE}).")
        long repeats;
        @Option(names = "--wait", paramLabel = "SECONDS",
                description = "Wait between repeats (default: the job's own repeat wait).")
        Double waitSeconds;

        Rerun() {
            super("rerun");
        }

        /** jobRerun is sent for the job read first, and answers the new job's id rather than a boolean. */
        @Override
        Outcome apply(Connection c, String id) {
            RerunOptions o;
            try {
                o = new RerunOptions(repeats, waitSeconds == null ? null
                        : Duration.ofMillis(Math.round(waitSeconds * 1000)), null, null);
            } catch (IllegalArgumentException e) {
                throw CliException.usage(e.getMessage());
            }
            Optional<Job> job = c.await(c.root + "_getJob", c.jobs.getJob(id, GetJobOptions.DEFAULT));
            if (job.isEmpty()) {
                return Outcome.of(false);
            }
            String newId = c.await(c.root + "_" + method(), job.get().rerun(o));
            return new Outcome(newId != null, newId);
        }
    }

    @Command(name = "remove", description = "Removes completed, cancelled or failed jobs (jobRemove).")
    static final class Remove extends PlainChange {
        Remove() {
            super("removed", JobCollection::removeJobs);
        }
    }
}
