package io.github.meteorjob.cli;

import io.github.meteorjob.GetJobOptions;
import io.github.meteorjob.Job;
import io.github.meteorjob.JobLogEntry;
import io.github.meteorjob.JobProgress;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code show ID}: one job's document and log, through job-collection's {@code getJob}. */
@Command(name = "show", description = "Shows one job: its document and its log (getJob).")
final class ShowCommand implements Callable<Integer> {

    @ParentCommand
    MeteorJobCommand top;

    @Parameters(paramLabel = "ID", description = "The job's id.")
    String id;

    @Override
    public Integer call() {
        Optional<Job> found;
        try (Connection c = top.connect()) {
            found = c.await(c.root + "_getJob", c.jobs.getJob(id, GetJobOptions.FULL));
        }
        if (found.isEmpty()) {
            top.err.println("meteor-job: no job " + id + " in collection " + top.collection);
            return ExitCodes.REFUSED;
        }
        Job job = found.get();
        if (top.json) {
            Output.json(top.out, job.document());
            return ExitCodes.OK;
        }
        Output.Table t = new Output.Table("FIELD", "VALUE");
        t.row("id", job.id()).row("type", job.type()).row("status", job.status().wireName())
                .row("priority", job.priority())
                .row("retried", job.retried() + " (retries left " + job.retries() + ")")
                .row("repeated", job.repeated() + " (repeats left " + job.repeats() + ")")
                .row("progress", progress(job.progress()))
                .row("created", Output.iso(job.created())).row("updated", Output.iso(job.updated()))
                .row("after", Output.iso(job.after()));
        if (!job.depends().isEmpty()) {
            t.row("depends", String.join(" ", job.depends()));
        }
        if (!job.resolved().isEmpty()) {
            t.row("resolved", String.join(" ", job.resolved()));
        }
        JsonObject doc = job.document();
        t.row("data", text(doc.get("data")));
        if (doc.containsKey("result")) {
            t.row("result", text(doc.get("result")));
        }
        if (doc.get("failures") instanceof jakarta.json.JsonArray f && !f.isEmpty()) {
            t.row("failures", text(f));
        }
        t.print(top.out);
        top.out.println();
        Output.Table log = new Output.Table("TIME", "LEVEL", "RUN", "MESSAGE");
        for (JobLogEntry e : job.log()) {
            log.row(Output.iso(e.time()), e.level() == null ? "" : e.level().name().toLowerCase(java.util.Locale.ROOT),
                    e.runId() == null ? "" : e.runId(), e.message());
        }
        log.print(top.out);
        return ExitCodes.OK;
    }

    static String progress(JobProgress p) {
        if (p == null) {
            return "";
        }
        return Math.round(p.percent()) + "% (" + num(p.completed()) + "/" + num(p.total()) + ")";
    }

    private static String num(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }

    private static String text(JsonValue v) {
        return v == null ? "" : Output.plain(v).toString();
    }
}
