package io.github.meteorjob.cli;

import io.github.meteorjob.JobCollection;
import io.github.meteorjob.JobCounts;
import io.github.meteorjob.JobFilter;
import io.github.meteorjob.JobStatus;
import io.github.meteorjob.wire.query.JobQueryWire;
import picocli.CommandLine.Command;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletionStage;

/** {@code stats}: job counts per type and status through the query extension ({@code JobCollection.countJobs}). */
@Command(name = "stats", description = "Counts jobs per type and status (needs the job query extension: <root>_countJobs).")
final class StatsCommand extends QueryCommand<JobCounts> {

    /** The label of the totals row, below the rule that ends the type rows. */
    static final String ALL_TYPES = "(all types)";

    StatsCommand() {
        super("countJobs");
    }

    @Override
    CompletionStage<JobCounts> query(JobCollection jobs, JobFilter f) {
        return jobs.countJobs(f);
    }

    @Override
    void print(JobCounts counts) {
        if (top.json) {
            Output.json(top.out, JobQueryWire.counts(counts)); // as the extension sends them
            return;
        }
        List<String> header = new ArrayList<>(List.of("TYPE"));
        for (JobStatus s : JobStatus.values()) {
            header.add(s.wireName().toUpperCase(Locale.ROOT));
        }
        header.add("TOTAL");
        Output.Table t = new Output.Table(header.toArray(String[]::new));
        new TreeMap<>(counts.byType()).forEach((type, m) -> t.row(row(type, m)));
        // under a rule, not under a made-up type name: any name, "*" included, may be a job type
        t.rule().row(row(ALL_TYPES, counts.byStatus()));
        t.print(top.out);
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
