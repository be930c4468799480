package io.github.meteorjob.cli;

import io.github.meteorjob.JobCounts;
import io.github.meteorjob.JobStatus;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code stats}: job counts per type and status through the query extension ({@code JobCollection.countJobs}). */
@Command(name = "stats", description = "Counts jobs per type and status (needs the job query extension: <root>_countJobs).")
final class StatsCommand implements Callable<Integer> {

    @ParentCommand
    MeteorJobCommand top;

    @Mixin
    FilterOptions filter;

    @Override
    public Integer call() {
        var f = filter.toFilter(Clock.systemUTC());
        JobCounts counts;
        try (Connection c = top.connect()) {
            counts = c.await(c.root + "_countJobs", c.jobs.countJobs(f));
        }
        if (top.json) {
            JsonObjectBuilder byType = Json.createObjectBuilder();
            counts.byType().forEach((type, m) -> byType.add(type, statuses(m)));
            Output.json(top.out, Json.createObjectBuilder().add("total", counts.total())
                    .add("byStatus", statuses(counts.byStatus())).add("byType", byType).build());
            return ExitCodes.OK;
        }
        List<String> header = new ArrayList<>(List.of("TYPE"));
        for (JobStatus s : JobStatus.values()) {
            header.add(s.wireName().toUpperCase(Locale.ROOT));
        }
        header.add("TOTAL");
        Output.Table t = new Output.Table(header.toArray(String[]::new));
        counts.byType().forEach((type, m) -> t.row(row(type, m)));
        t.row(row("*", counts.byStatus()));
        t.print(top.out);
        return ExitCodes.OK;
    }

    /** The counts per status under the wire names, statuses with 0 left out (as the extension sends them). */
    private static JsonObject statuses(Map<JobStatus, Long> m) {
        JsonObjectBuilder b = Json.createObjectBuilder();
        m.forEach((s, n) -> b.add(s.wireName(), n));
        return b.build();
    }

    private static Object[] row(String name, Map<JobStatus, Long> m) {
        List<Object> cells = new ArrayList<>(List.of(name));
        long sum = 0;
        for (JobStatus s : JobStatus.values()) {
            long n = m.getOrDefault(s, 0L);
            sum += n;
            cells.add(n);
        }
        cells.add(sum);
        return cells.toArray();
    }
}
