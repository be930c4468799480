package io.github.meteorjob.cli;

import io.github.meteorjob.JobStatus;
import io.github.meteorjob.ejson.Ejson;
import jakarta.json.Json;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;

/** {@code stats}: job counts per type and status through the query extension's {@code <root>_countJobs}. */
@Command(name = "stats", description = "Counts jobs per type and status (needs the job query extension: <root>_countJobs).")
final class StatsCommand implements Callable<Integer> {

    @ParentCommand
    MeteorJobCommand top;

    @Mixin
    FilterOptions filter;

    @Override
    public Integer call() {
        JsonObject f = filter.toJson(Clock.systemUTC());
        JsonValue answer;
        try (Connection c = top.connect()) {
            answer = c.call("countJobs", Json.createArrayBuilder().add(f).build());
        }
        if (!(answer instanceof JsonObject o) || !(o.get("total") instanceof JsonNumber total)) {
            throw new CliException(ExitCodes.REFUSED, top.collection + "_countJobs answered something other than "
                    + "{total, byStatus, byType}: " + Ejson.abbreviate(String.valueOf(answer)));
        }
        if (top.json) {
            Output.json(top.out, o);
            return ExitCodes.OK;
        }
        List<String> header = new ArrayList<>(List.of("TYPE"));
        for (JobStatus s : JobStatus.values()) {
            header.add(s.wireName().toUpperCase(java.util.Locale.ROOT));
        }
        header.add("TOTAL");
        Output.Table t = new Output.Table(header.toArray(String[]::new));
        Map<String, JsonValue> byType = new TreeMap<>(o.get("byType") instanceof JsonObject bt ? bt : JsonValue.EMPTY_JSON_OBJECT);
        for (Map.Entry<String, JsonValue> e : byType.entrySet()) {
            t.row(row(e.getKey(), e.getValue()));
        }
        t.row(row("*", o.get("byStatus")));
        t.print(top.out);
        return ExitCodes.OK;
    }

    private static Object[] row(String name, JsonValue counts) {
        JsonObject c = counts instanceof JsonObject co ? co : JsonValue.EMPTY_JSON_OBJECT;
        List<Object> cells = new ArrayList<>(List.of(name));
        long sum = 0;
        for (JobStatus s : JobStatus.values()) {
            long n = c.get(s.wireName()) instanceof JsonNumber num ? num.longValue() : 0;
            sum += n;
            cells.add(n);
        }
        cells.add(sum);
        return cells.toArray();
    }
}
