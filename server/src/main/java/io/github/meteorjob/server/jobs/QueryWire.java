package io.github.meteorjob.server.jobs;

import io.github.meteorjob.JobCounts;
import io.github.meteorjob.JobFilter;
import io.github.meteorjob.JobSort;
import io.github.meteorjob.JobStatus;
import io.github.meteorjob.PageRequest;
import io.github.meteorjob.TimeRange;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.github.meteorjob.server.jobs.JobTransitions.JSON;

/**
 * The wire form of the job query extension (docs/protocol.md, "Extension: job query"): reading a
 * {@code filter} and a {@code page}, writing counts. Bad input is refused with 400 "Match failed"
 * naming the key, before anything is read.
 */
final class QueryWire {

    private static final Set<String> SORTS = Set.of("updated", "created", "after", "priority", "status", "type", "_id");

    private QueryWire() {
    }

    /**
     * A wire {@code filter} (absent or {@code {}}: every job). Empty: an empty {@code ids},
     * {@code status} or {@code type} array, which no job matches (as Mongo's {@code $in: []}).
     */
    static java.util.Optional<JobFilter> filter(JsonValue v, String field) {
        JsonObject o = Check.options(v, field, Map.of("ids", (x, f) -> Check.ids(Check.array(x, f), f), "status", QueryWire::statuses,
                "type", QueryWire::strings, "text", Check::string, "created", QueryWire::range, "updated", QueryWire::range));
        String at = field.isEmpty() ? "" : field + ".";
        JobFilter f = JobFilter.ALL;
        if (o.containsKey("ids")) {
            List<String> ids = Check.ids(o.get("ids"), at + "ids");
            if (ids.isEmpty()) {
                return java.util.Optional.empty();
            }
            f = f.withIds(ids);
        }
        if (o.containsKey("status")) {
            List<JobStatus> st = statuses(o.get("status"), at + "status");
            if (st.isEmpty()) {
                return java.util.Optional.empty();
            }
            f = f.withStatuses(st.toArray(JobStatus[]::new));
        }
        if (o.containsKey("type")) {
            List<String> types = strings(o.get("type"), at + "type");
            if (types.isEmpty()) {
                return java.util.Optional.empty();
            }
            f = f.withTypes(types.toArray(String[]::new));
        }
        if (o.containsKey("text")) {
            f = f.withText(Check.string(o.get("text"), at + "text"));
        }
        if (o.containsKey("created")) {
            f = f.withCreated(range(o.get("created"), at + "created"));
        }
        if (o.containsKey("updated")) {
            f = f.withUpdated(range(o.get("updated"), at + "updated"));
        }
        return java.util.Optional.of(f);
    }

    /** A wire {@code page} (absent: {@link PageRequest#FIRST}). */
    static PageRequest page(JsonValue v) {
        JsonObject o = Check.options(v, "page", Map.of("sort", (x, f) -> Check.oneOf(x, SORTS, f),
                "order", (x, f) -> Check.oneOf(x, Set.of("asc", "desc"), f), "skip", QueryWire::skip,
                "limit", QueryWire::limit, "log", Check.BOOLEAN));
        PageRequest p = PageRequest.FIRST;
        if (o.containsKey("sort") || o.containsKey("order")) {
            JobSort sort = o.containsKey("sort") ? JobSort.fromWire(o.getString("sort")) : JobSort.UPDATED;
            p = p.sortedBy(sort, !o.containsKey("order") || "desc".equals(o.getString("order")));
        }
        if (o.containsKey("skip")) {
            p = p.withSkip(skip(o.get("skip"), "page.skip"));
        }
        if (o.containsKey("limit")) {
            p = p.withLimit(limit(o.get("limit"), "page.limit"));
        }
        if (o.containsKey("log")) {
            p = p.withLog(Check.bool(o.get("log"), "page.log"));
        }
        return p;
    }

    /** {@code {"total": n, "byStatus": {...}, "byType": {type: {status: n}}}}. */
    static JsonObject counts(JobCounts c) {
        JsonObjectBuilder types = JSON.createObjectBuilder();
        c.byType().forEach((t, m) -> types.add(t, perStatus(m)));
        return JSON.createObjectBuilder()
                .add("total", c.total())
                .add("byStatus", perStatus(c.byStatus()))
                .add("byType", types)
                .build();
    }

    /** {@code {"<status>": n, ...}} in the order of {@link JobStatus}, statuses with jobs only. */
    static JsonObject perStatus(Map<JobStatus, Long> m) {
        JsonObjectBuilder b = JSON.createObjectBuilder();
        m.forEach((s, n) -> b.add(s.wireName(), n));
        return b.build();
    }

    private static List<String> strings(JsonValue v, String field) {
        JsonArray a = Check.array(v, field);
        List<String> out = new ArrayList<>(a.size());
        for (int i = 0; i < a.size(); i++) {
            out.add(Check.string(a.get(i), field + "[" + i + "]"));
        }
        return out;
    }

    private static List<JobStatus> statuses(JsonValue v, String field) {
        Set<JobStatus> out = new LinkedHashSet<>();
        JsonArray a = Check.array(v, field);
        for (int i = 0; i < a.size(); i++) {
            out.add(JobStatus.fromWire(Check.oneOf(a.get(i), Check.STATUSES, field + "[" + i + "]")));
        }
        return new ArrayList<>(out);
    }

    private static TimeRange range(JsonValue v, String field) {
        JsonObject o = Check.options(v, field, Map.of("from", Check.DATE, "to", Check.DATE));
        if (v == null || o.isEmpty()) {
            return TimeRange.ANY;
        }
        Instant from = o.containsKey("from") ? Check.date(o.get("from"), field + ".from") : null;
        Instant to = o.containsKey("to") ? Check.date(o.get("to"), field + ".to") : null;
        if (from != null && to != null && to.isBefore(from)) {
            throw Check.fail("Range ends before it starts" + Check.where(field));
        }
        return new TimeRange(from, to);
    }

    private static int skip(JsonValue v, String field) {
        long n = Check.intGTEZero(v, field);
        if (n > Integer.MAX_VALUE) {
            throw Check.fail("Expected an integer ≤ " + Integer.MAX_VALUE + Check.where(field));
        }
        return (int) n;
    }

    private static int limit(JsonValue v, String field) {
        long n = Check.intGTEOne(v, field);
        if (n > PageRequest.MAX_LIMIT) {
            throw Check.fail("Expected an integer from 1 to " + PageRequest.MAX_LIMIT + ", got " + n + Check.where(field));
        }
        return (int) n;
    }
}
