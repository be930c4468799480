package io.github.meteorjob.cli;

import io.github.meteorjob.CancelOptions;
import io.github.meteorjob.GetJobOptions;
import io.github.meteorjob.Job;
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
        /** The job-collection method behind the command, e.g. {@code jobPause}. */
        private final String method;

        Action(String done, String method) {
            this.done = done;
            this.method = method;
        }

        /** The command's name, e.g. {@code pause}: its {@code @Command} name, so it is spelt once. */
        final String name() {
            return getClass().getAnnotation(Command.class).name();
        }

        /** Sends the method for one id; true when the server changed the job. */
        abstract CompletionStage<Boolean> send(Connection c, String id);

        /** What the call did to one job (rerun, which also names the new job, overrides this). */
        Outcome apply(Connection c, String id) {
            return Outcome.of(c.await(c.root + "_" + method, send(c, id)));
        }

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
                return "the server did not " + name() + " it (" + method + " answered false)";
            }
        }
    }

    @Command(name = "pause", description = "Pauses waiting or ready jobs (job-collection: jobPause).")
    static final class Pause extends Action {
        Pause() {
            super("paused", "jobPause");
        }

        @Override
        CompletionStage<Boolean> send(Connection c, String id) {
            return c.jobs.pauseJobs(List.of(id));
        }
    }

    @Command(name = "resume", description = "Resumes paused jobs (jobResume).")
    static final class Resume extends Action {
        Resume() {
            super("resumed", "jobResume");
        }

        @Override
        CompletionStage<Boolean> send(Connection c, String id) {
            return c.jobs.resumeJobs(List.of(id));
        }
    }

    @Command(name = "ready", description = "Makes waiting jobs ready now (jobReady).")
    static final class Ready extends Action {
        @Option(names = "--force", description = "Also when their dependencies are not resolved.")
        boolean force;

        Ready() {
            super("ready", "jobReady");
        }

        @Override
        CompletionStage<Boolean> send(Connection c, String id) {
            return c.jobs.readyJobs(List.of(id), force ? ReadyOptions.FORCE : ReadyOptions.DEFAULT);
        }
    }

    @Command(name = "cancel", description = "Cancels jobs and their dependents (jobCancel, as meteor-job's cancel()).")
    static final class Cancel extends Action {
        Cancel() {
            super("cancelled", "jobCancel");
        }

        @Override
        CompletionStage<Boolean> send(Connection c, String id) {
            return c.jobs.cancelJobs(List.of(id), CancelOptions.DEFAULT);
        }
    }

    @Command(name = "restart", description = "Restarts failed or cancelled jobs (jobRestart).")
    static final class Restart extends Action {
        @Option(names = "--retries", paramLabel = "N", defaultValue = "1",
                description = "Retries to add (default: ${DEFAULT-VALUE}).")
        long retries;

        Restart() {
            super("restarted", "jobRestart");
        }

        @Override
        CompletionStage<Boolean> send(Connection c, String id) {
            RestartOptions o;
            try {
                o = new RestartOptions(retries, true, null, null);
            } catch (IllegalArgumentException e) {
                throw CliException.usage("--retries: " + e.getMessage());
            }
            return c.jobs.restartJobs(List.of(id), o);
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
            super("rerun", "jobRerun");
        }

        @Override
        CompletionStage<Boolean> send(Connection c, String id) {
            throw new UnsupportedOperationException("rerun answers a new id, not a boolean: see apply");
        }

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
            String newId = c.await(c.root + "_jobRerun", job.get().rerun(o));
            return new Outcome(newId != null, newId);
        }
    }

    @Command(name = "remove", description = "Removes completed, cancelled or failed jobs (jobRemove).")
    static final class Remove extends Action {
        Remove() {
            super("removed", "jobRemove");
        }

        @Override
        CompletionStage<Boolean> send(Connection c, String id) {
            return c.jobs.removeJobs(List.of(id));
        }
    }
}
