package io.github.meteorjob.cli;

import io.github.meteorjob.JobFilter;
import io.github.meteorjob.JobStatus;
import io.github.meteorjob.TimeRange;
import picocli.CommandLine.Option;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The job filter of {@code ls} and {@code stats}, as the Java API's {@link JobFilter} (which the client turns into
 * the query extension's {@code filter} object, docs/protocol.md "Extension: job query").
 */
final class FilterOptions {

    private static final Pattern AGO = Pattern.compile("(\\d+)([smhd])");

    @Option(names = "--status", paramLabel = "STATUS", split = ",",
            description = "Only jobs in this status (repeatable, or comma separated): waiting, paused, ready, "
                    + "running, failed, cancelled, completed.")
    List<String> status;

    @Option(names = "--type", paramLabel = "TYPE", split = ",", description = "Only jobs of this type (repeatable).")
    List<String> type;

    @Option(names = "--text", paramLabel = "TEXT",
            description = "Only jobs whose id starts with TEXT or whose type contains it (case-insensitive).")
    String text;

    @Option(names = "--created-after", paramLabel = "TIME",
            description = "Created at or after TIME: 2026-12-05T04:00:00Z, 2026-12-05 (UTC) or an age such as 30m, 2h, 1d.")
    String createdAfter;

    @Option(names = "--created-before", paramLabel = "TIME", description = "Created before TIME.")
    String createdBefore;

    @Option(names = "--updated-after", paramLabel = "TIME", description = "Updated at or after TIME.")
    String updatedAfter;

    @Option(names = "--updated-before", paramLabel = "TIME", description = "Updated before TIME.")
    String updatedBefore;

    /** The filter; {@link CliException} (usage) naming a bad value. */
    JobFilter toFilter(Clock clock) {
        Set<JobStatus> statuses = EnumSet.noneOf(JobStatus.class);
        for (String s : status == null ? List.<String>of() : status) {
            try {
                statuses.add(JobStatus.fromWire(s.trim()));
            } catch (IllegalArgumentException e) {
                throw CliException.usage("--status: " + e.getMessage());
            }
        }
        return new JobFilter(Set.of(), statuses, type == null ? Set.of() : new LinkedHashSet<>(type), text,
                range(createdAfter, "--created-after", createdBefore, "--created-before", clock),
                range(updatedAfter, "--updated-after", updatedBefore, "--updated-before", clock));
    }

    private static TimeRange range(String from, String fromName, String to, String toName, Clock clock) {
        Instant f = from == null ? null : instant(from, fromName, clock);
        Instant t = to == null ? null : instant(to, toName, clock);
        try {
            return new TimeRange(f, t);
        } catch (IllegalArgumentException e) {
            throw CliException.usage(fromName + "/" + toName + ": " + e.getMessage());
        }
    }

    /** An ISO instant, a UTC date, or an age (30s, 15m, 2h, 7d) before now. */
    static Instant instant(String s, String option, Clock clock) {
        Matcher m = AGO.matcher(s);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            Duration unit = switch (m.group(2)) {
                case "s" -> Duration.ofSeconds(1);
                case "m" -> Duration.ofMinutes(1);
                case "h" -> Duration.ofHours(1);
                default -> Duration.ofDays(1);
            };
            return clock.instant().minus(unit.multipliedBy(n));
        }
        try {
            return Instant.parse(s);
        } catch (DateTimeParseException e) {
            try {
                return LocalDate.parse(s).atStartOfDay(ZoneOffset.UTC).toInstant();
            } catch (DateTimeParseException e2) {
                throw CliException.usage(option + ": '" + s + "' is not a time; use 2026-12-05T04:00:00Z, "
                        + "2026-12-05 or an age such as 30m, 2h, 1d");
            }
        }
    }
}
