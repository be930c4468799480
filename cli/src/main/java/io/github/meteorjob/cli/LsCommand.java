package io.github.meteorjob.cli;

import io.github.meteorjob.ejson.Ejson;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code ls}: a filtered, sorted page of jobs through the query extension's {@code <root>_findJobs}. */
@Command(name = "ls", description = "Lists jobs, filtered and sorted (needs the job query extension: <root>_findJobs).")
final class LsCommand implements Callable<Integer> {

    static final List<String> SORTS = List.of("updated", "created", "after", "priority", "status", "type", "_id");

    @ParentCommand
    MeteorJobCommand top;

    @Mixin
    FilterOptions filter;

    @Option(names = "--sort", paramLabel = "FIELD", defaultValue = "updated",
            description = "Sort by updated, created, after, priority, status, type or _id (default: ${DEFAULT-VALUE}).")
    String sort;

    @Option(names = "--asc", description = "Ascending order (default: descending).")
    boolean asc;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "50", description = "At most N jobs, 1..1000 (default: ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = "--skip", paramLabel = "N", defaultValue = "0", description = "Skip the first N matches (default: ${DEFAULT-VALUE}).")
    int skip;

    @Override
    public Integer call() {
        if (!SORTS.contains(sort)) {
            throw CliException.usage("--sort must be one of " + String.join(", ", SORTS) + "; was '" + sort + "'");
        }
        if (limit < 1 || limit > 1000) {
            throw CliException.usage("--limit must be 1..1000, was " + limit);
        }
        if (skip < 0) {
            throw CliException.usage("--skip must not be negative, was " + skip);
        }
        JsonObject f = filter.toJson(Clock.systemUTC());
        JsonObject page = Json.createObjectBuilder().add("sort", sort).add("order", asc ? "asc" : "desc")
                .add("skip", skip).add("limit", limit).build();
        JsonValue answer;
        try (Connection c = top.connect()) {
            answer = c.call("findJobs", Json.createArrayBuilder().add(f).add(page).build());
        }
        if (!(answer instanceof JsonObject o) || !(o.get("jobs") instanceof JsonArray jobs)
                || !(o.get("total") instanceof JsonNumber total)) {
            throw new CliException(ExitCodes.REFUSED, top.collection + "_findJobs answered something other than "
                    + "{total, jobs}: " + Ejson.abbreviate(String.valueOf(answer)));
        }
        if (top.json) {
            Output.json(top.out, Json.createObjectBuilder().add("total", total).add("skip", skip).add("limit", limit)
                    .add("jobs", jobs).build());
            return ExitCodes.OK;
        }
        Output.Table t = new Output.Table("ID", "TYPE", "STATUS", "PRIORITY", "RETRIED", "UPDATED", "PROGRESS");
        for (JsonValue v : jobs) {
            if (v instanceof JsonObject j) {
                t.row(Output.id(j.get("_id")), Output.string(j.get("type")), Output.string(j.get("status")),
                        number(j.get("priority")), number(j.get("retried")), Output.plain(orNull(j.get("updated")))
                                instanceof jakarta.json.JsonString s ? s.getString() : "",
                        percent(j.get("progress")));
            }
        }
        t.print(top.out);
        top.err.println(jobs.size() == 0 ? "no jobs match (" + total + " in all)"
                : "jobs " + (skip + 1) + "-" + (skip + jobs.size()) + " of " + total);
        return ExitCodes.OK;
    }

    private static JsonValue orNull(JsonValue v) {
        return v == null ? JsonValue.NULL : v;
    }

    private static String number(JsonValue v) {
        return v instanceof JsonNumber n ? n.toString() : "";
    }

    private static String percent(JsonValue v) {
        if (v instanceof JsonObject p && p.get("percent") instanceof JsonNumber n) {
            return Math.round(n.doubleValue()) + "%";
        }
        return "";
    }
}
