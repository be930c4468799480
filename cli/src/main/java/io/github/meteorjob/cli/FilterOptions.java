package io.github.meteorjob.cli;

import io.github.meteorjob.JobStatus;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import picocli.CommandLine.Option;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The job filter of {@code ls} and {@code stats}, turned into the query extension's {@code filter} object
 * (docs/protocol.md, "Extension: job query").
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
            description = "Only jobs whose id or type contains TEXT (case-insensitive).")
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

    /** The filter object; {@link CliException} (usage) naming a bad value. */
    JsonObject toJson(Clock clock) {
        JsonObjectBuilder f = Json.createObjectBuilder();
        if (status != null && !status.isEmpty()) {
            JsonArrayBuilder a = Json.createArrayBuilder();
            for (String s : status) {
                try {
                    a.add(JobStatus.fromWire(s.trim()).wireName());
                } catch (IllegalArgumentException e) {
                    throw CliException.usage("--status: " + e.getMessage());
                }
            }
            f.add("status", a);
        }
        if (type != null && !type.isEmpty()) {
            JsonArrayBuilder a = Json.createArrayBuilder();
            type.forEach(a::add);
            f.add("type", a);
        }
        if (text != null) {
            f.add("text", text);
        }
        range(f, "created", createdAfter, "--created-after", createdBefore, "--created-before", clock);
        range(f, "updated", updatedAfter, "--updated-after", updatedBefore, "--updated-before", clock);
        return f.build();
    }

    private static void range(JsonObjectBuilder f, String key, String from, String fromName, String to,
                              String toName, Clock clock) {
        if (from == null && to == null) {
            return;
        }
        JsonObjectBuilder r = Json.createObjectBuilder();
        if (from != null) {
            r.add("from", Json.createObjectBuilder().add("$date", instant(from, fromName, clock).toEpochMilli()));
        }
        if (to != null) {
            r.add("to", Json.createObjectBuilder().add("$date", instant(to, toName, clock).toEpochMilli()));
        }
        f.add(key, r);
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
