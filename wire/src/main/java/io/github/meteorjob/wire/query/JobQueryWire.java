package io.github.meteorjob.wire.query;

import io.github.meteorjob.JobCounts;
import io.github.meteorjob.JobFilter;
import io.github.meteorjob.JobSort;
import io.github.meteorjob.JobStatus;
import io.github.meteorjob.PageRequest;
import io.github.meteorjob.TimeRange;
import io.github.meteorjob.ejson.Ejson;
import io.github.meteorjob.wire.MeteorMatch;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The one place that knows the wire form of the job query extension (docs/protocol.md, "Extension: job query"):
 * the {@code filter} and {@code page} parameters of {@code <root>_findJobs} / {@code <root>_countJobs}, their answers,
 * and the documents of the {@code <root>.jobCounts} publication. The client writes what the server reads and reads
 * what the server writes, both through this class.
 *
 * <p>Reading is strict, as Meteor's {@code check()}: unknown keys, wrong types and out-of-range values are refused
 * with a {@link io.github.meteorjob.DdpException} 400 "Match failed" whose details name the field (for example
 * {@code "Match error: Unknown key in field filter.colour"}).
 */
public final class JobQueryWire {

    private static final JsonProvider JSON = Ejson.provider();
    private static final Set<String> SORTS = wireNames(JobSort.values(), JobSort::wireName);
    private static final Set<String> STATUSES = wireNames(JobStatus.values(), JobStatus::wireName);

    /**
     * The DDP collection of {@code <root>.jobCounts}'s totals document: apart from the per-type documents, whose
     * {@code _id} is the type, so no type name (not even {@code "*"}) can collide with it.
     */
    public static String totalsCollection(String root) {
        return root + ".jobTotals";
    }

    /** The DDP collection of {@code <root>.jobCounts}'s per-type documents ({@code _id} = the type). */
    public static String countsCollection(String root) {
        return root + ".jobCounts";
    }

    /** The {@code _id} of the one document in {@link #totalsCollection}. */
    public static final String TOTALS_ID = "all";

    private JobQueryWire() {
    }

    private static <E> Set<String> wireNames(E[] values, Function<E, String> name) {
        Set<String> out = new LinkedHashSet<>();
        for (E v : values) {
            out.add(name.apply(v));
        }
        return Collections.unmodifiableSet(out);
    }

    // ---------------------------------------------------------------- filter

    /** The wire {@code filter}: only the constraints that are set ({@code {}} for {@link JobFilter#ALL}). */
    public static JsonObject filter(JobFilter f) {
        JsonObjectBuilder o = JSON.createObjectBuilder();
        strings(o, "ids", f.ids(), Function.identity());
        strings(o, "status", f.statuses(), JobStatus::wireName);
        strings(o, "type", f.types(), Function.identity());
        if (f.text() != null) {
            o.add("text", f.text());
        }
        range(o, "created", f.created());
        range(o, "updated", f.updated());
        return o.build();
    }

    private static <T> void strings(JsonObjectBuilder o, String key, Collection<T> values, Function<T, String> name) {
        if (!values.isEmpty()) {
            JsonArrayBuilder a = JSON.createArrayBuilder();
            values.forEach(v -> a.add(name.apply(v)));
            o.add(key, a);
        }
    }

    private static void range(JsonObjectBuilder o, String key, TimeRange r) {
        if (!r.isUnbounded()) {
            JsonObjectBuilder b = JSON.createObjectBuilder();
            if (r.from() != null) {
                b.add("from", Ejson.date(r.from()));
            }
            if (r.to() != null) {
                b.add("to", Ejson.date(r.to()));
            }
            o.add(key, b);
        }
    }

    /**
     * Reads a wire {@code filter} (absent or {@code {}}: every job). Empty when an {@code ids}, {@code status} or
     * {@code type} array is empty, which no job matches (as Mongo's {@code $in: []}).
     *
     * @param v     the value, or {@code null} when the parameter is absent
     * @param field where it was found, for error messages ({@code "filter"}; {@code ""} for the top level)
     */
    public static Optional<JobFilter> readFilter(JsonValue v, String field) {
        JsonObject o = MeteorMatch.options(v, field, Map.of(
                "ids", (x, f) -> MeteorMatch.ids(MeteorMatch.array(x, f), f),
                "status", JobQueryWire::statuses, "type", JobQueryWire::strings, "text", MeteorMatch::string,
                "created", JobQueryWire::readRange, "updated", JobQueryWire::readRange));
        String at = field.isEmpty() ? "" : field + ".";
        JobFilter f = JobFilter.ALL;
        if (o.containsKey("ids")) {
            List<String> ids = MeteorMatch.ids(o.get("ids"), at + "ids");
            if (ids.isEmpty()) {
                return Optional.empty();
            }
            f = f.withIds(ids);
        }
        if (o.containsKey("status")) {
            List<JobStatus> st = statuses(o.get("status"), at + "status");
            if (st.isEmpty()) {
                return Optional.empty();
            }
            f = f.withStatuses(st.toArray(JobStatus[]::new));
        }
        if (o.containsKey("type")) {
            List<String> types = strings(o.get("type"), at + "type");
            if (types.isEmpty()) {
                return Optional.empty();
            }
            f = f.withTypes(types.toArray(String[]::new));
        }
        if (o.containsKey("text")) {
            f = f.withText(MeteorMatch.string(o.get("text"), at + "text"));
        }
        if (o.containsKey("created")) {
            f = f.withCreated(readRange(o.get("created"), at + "created"));
        }
        if (o.containsKey("updated")) {
            f = f.withUpdated(readRange(o.get("updated"), at + "updated"));
        }
        return Optional.of(f);
    }

    private static List<String> strings(JsonValue v, String field) {
        JsonArray a = MeteorMatch.array(v, field);
        List<String> out = new ArrayList<>(a.size());
        for (int i = 0; i < a.size(); i++) {
            out.add(MeteorMatch.string(a.get(i), field + "[" + i + "]"));
        }
        return out;
    }

    private static List<JobStatus> statuses(JsonValue v, String field) {
        Set<JobStatus> out = new LinkedHashSet<>();
        JsonArray a = MeteorMatch.array(v, field);
        for (int i = 0; i < a.size(); i++) {
            out.add(JobStatus.fromWire(MeteorMatch.oneOf(a.get(i), STATUSES, field + "[" + i + "]")));
        }
        return new ArrayList<>(out);
    }

    private static TimeRange readRange(JsonValue v, String field) {
        JsonObject o = MeteorMatch.options(v, field, Map.of("from", MeteorMatch::date, "to", MeteorMatch::date));
        if (v == null || o.isEmpty()) {
            return TimeRange.ANY;
        }
        Instant from = o.containsKey("from") ? MeteorMatch.date(o.get("from"), field + ".from") : null;
        Instant to = o.containsKey("to") ? MeteorMatch.date(o.get("to"), field + ".to") : null;
        if (from != null && to != null && to.isBefore(from)) {
            throw MeteorMatch.fail("Range ends before it starts" + MeteorMatch.where(field));
        }
        return new TimeRange(from, to);
    }

    // ---------------------------------------------------------------- page

    /** The wire {@code page}, every key written. */
    public static JsonObject page(PageRequest p) {
        return JSON.createObjectBuilder()
                .add("sort", p.sort().wireName())
                .add("order", p.descending() ? "desc" : "asc")
                .add("skip", p.skip())
                .add("limit", p.limit())
                .add("log", p.log())
                .build();
    }

    /** Reads a wire {@code page} (absent: {@link PageRequest#FIRST}; absent keys take their defaults). */
    public static PageRequest readPage(JsonValue v, String field) {
        String at = field.isEmpty() ? "" : field + ".";
        JsonObject o = MeteorMatch.options(v, field, Map.of("sort", (x, f) -> MeteorMatch.oneOf(x, SORTS, f),
                "order", (x, f) -> MeteorMatch.oneOf(x, Set.of("asc", "desc"), f), "skip", JobQueryWire::skip,
                "limit", JobQueryWire::limit, "log", MeteorMatch::bool));
        PageRequest p = PageRequest.FIRST;
        if (o.containsKey("sort") || o.containsKey("order")) {
            JobSort sort = o.containsKey("sort") ? JobSort.fromWire(o.getString("sort")) : JobSort.UPDATED;
            p = p.sortedBy(sort, !o.containsKey("order") || "desc".equals(o.getString("order")));
        }
        if (o.containsKey("skip")) {
            p = p.withSkip(skip(o.get("skip"), at + "skip"));
        }
        if (o.containsKey("limit")) {
            p = p.withLimit(limit(o.get("limit"), at + "limit"));
        }
        if (o.containsKey("log")) {
            p = p.withLog(MeteorMatch.bool(o.get("log"), at + "log"));
        }
        return p;
    }

    private static int skip(JsonValue v, String field) {
        long n = MeteorMatch.intGTEZero(v, field);
        if (n > Integer.MAX_VALUE) {
            throw MeteorMatch.fail("Expected an integer ≤ " + Integer.MAX_VALUE + MeteorMatch.where(field));
        }
        return (int) n;
    }

    private static int limit(JsonValue v, String field) {
        long n = MeteorMatch.intGTEOne(v, field);
        if (n > PageRequest.MAX_LIMIT) {
            throw MeteorMatch.fail("Expected an integer from 1 to " + PageRequest.MAX_LIMIT + ", got " + n + MeteorMatch.where(field));
        }
        return (int) n;
    }

    // ---------------------------------------------------------------- answers

    /** The answer of {@code findJobs}: {@code {"total": n, "jobs": [document, ...]}}. */
    public static JsonObject found(long total, JsonArray jobs) {
        return JSON.createObjectBuilder().add("total", total).add("jobs", jobs).build();
    }

    /** The {@code total} of a {@code findJobs} answer (matches before paging). */
    public static long foundTotal(JsonValue answer) {
        return MeteorMatch.intGTEZero(answerObject(answer, "findJobs").get("total"), "total");
    }

    /** The job documents of a {@code findJobs} answer. */
    public static List<JsonObject> foundJobs(JsonValue answer) {
        JsonArray a = MeteorMatch.array(answerObject(answer, "findJobs").get("jobs"), "jobs");
        List<JsonObject> out = new ArrayList<>(a.size());
        for (int i = 0; i < a.size(); i++) {
            if (!MeteorMatch.isPlainObject(a.get(i))) {
                throw MeteorMatch.fail("Expected object, got " + MeteorMatch.describe(a.get(i)) + MeteorMatch.where("jobs[" + i + "]"));
            }
            out.add(a.getJsonObject(i));
        }
        return out;
    }

    /** The answer of {@code countJobs}: {@code {"total": n, "byStatus": {...}, "byType": {type: {status: n}}}}. */
    public static JsonObject counts(JobCounts c) {
        JsonObjectBuilder types = JSON.createObjectBuilder();
        c.byType().forEach((t, m) -> types.add(t, perStatus(m)));
        return JSON.createObjectBuilder()
                .add("total", c.total())
                .add("byStatus", perStatus(c.byStatus()))
                .add("byType", types)
                .build();
    }

    /** Reads a {@code countJobs} answer (keys it does not know are left alone: a newer server may add some). */
    public static JobCounts readCounts(JsonValue answer) {
        JsonObject o = answerObject(answer, "countJobs");
        Map<String, Map<JobStatus, Long>> byType = new LinkedHashMap<>();
        JsonObject types = MeteorMatch.object(o.get("byType"), "byType");
        types.forEach((t, m) -> byType.put(t, readPerStatus(m, "byType." + t)));
        return new JobCounts(MeteorMatch.intGTEZero(o.get("total"), "total"), readPerStatus(o.get("byStatus"), "byStatus"), byType);
    }

    /**
     * Counts per status, {@code {"<status>": n, ...}}: the value of {@code byStatus}, of each type in
     * {@code byType}, and the fields of a {@code <root>.jobCounts} document.
     */
    public static JsonObject perStatus(Map<JobStatus, Long> m) {
        JsonObjectBuilder b = JSON.createObjectBuilder();
        m.forEach((s, n) -> b.add(s.wireName(), n));
        return b.build();
    }

    /** Reads counts per status; {@code field} names where they were, for errors. */
    public static Map<JobStatus, Long> readPerStatus(JsonValue v, String field) {
        JsonObject o = MeteorMatch.object(v, field);
        Map<JobStatus, Long> m = new EnumMap<>(JobStatus.class);
        for (var e : o.entrySet()) {
            String at = field + "." + e.getKey();
            JobStatus s = JobStatus.fromWire(MeteorMatch.oneOf(JSON.createValue(e.getKey()), STATUSES, at));
            m.put(s, MeteorMatch.intGTEZero(e.getValue(), at));
        }
        return m;
    }

    private static JsonObject answerObject(JsonValue answer, String method) {
        if (answer instanceof JsonObject o && MeteorMatch.isPlainObject(o)) {
            return o;
        }
        throw MeteorMatch.fail("Expected object as the answer of " + method + ", got " + MeteorMatch.describe(answer));
    }
}
