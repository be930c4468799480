package io.github.meteorjob.server.fuzz;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.Tuple;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.github.meteorjob.server.fuzz.JsonTexts.arrayOf;
import static io.github.meteorjob.server.fuzz.JsonTexts.quote;

/**
 * Generators of DDP frames for the job server: method calls of every job-collection method with
 * parameters that are almost right (one slot wrong, wrong arity, a mutated job document), plain
 * garbage parameters, malformed envelopes, corrupted text, binary frames and other DDP messages.
 * Ids and run ids come partly from {@code pool}, so some calls reach real jobs.
 */
final class DdpFrames {

    static final String ROOT = "jobPile";
    static final List<String> METHODS = List.of("startJobServer", "shutdownJobServer", "startJobs", "stopJobs",
            "getWork", "getJob", "jobSave", "jobLog", "jobProgress", "jobDone", "jobFail", "jobPause", "jobResume",
            "jobRemove", "jobReady", "jobCancel", "jobRestart", "jobRerun");
    static final List<String> TYPES = List.of("fuzz", "t", "", "\\ud800", "\uD83D\uDE00");

    private final Arbitrary<String> ids;
    private final Arbitrary<String> runIds;
    private final Arbitrary<FuzzFrame> methodFrame;

    /** @param jobIds ids of jobs that exist; @param jobRunIds run ids of jobs that ran (each a JSON string literal) */
    DdpFrames(List<String> jobIds, List<String> jobRunIds) {
        Arbitrary<String> randomId = Arbitraries.frequencyOf(
                Tuple.of(3, JsonTexts.string()),
                Tuple.of(1, Arbitraries.of("{\"$type\":\"oid\",\"$value\":\"507f1f77bcf86cd799439011\"}", "\"\"")));
        this.ids = jobIds.isEmpty() ? randomId
                : Arbitraries.frequencyOf(Tuple.of(2, Arbitraries.of(jobIds).map(JsonTexts::quote)), Tuple.of(1, randomId));
        this.runIds = jobRunIds.isEmpty() ? randomId
                : Arbitraries.frequencyOf(Tuple.of(2, Arbitraries.of(jobRunIds).map(JsonTexts::quote)), Tuple.of(1, randomId));
        this.methodFrame = buildMethodFrame();
    }

    /** A batch: text frames in order, sometimes ending with a binary frame. */
    Arbitrary<List<FuzzFrame>> batch(int maxSize) {
        // uniform sizes: jqwik's default favours short lists, and each batch has a fixed cost (two connections)
        Arbitrary<List<FuzzFrame>> texts = frame().list().ofMinSize(1).ofMaxSize(maxSize)
                .withSizeDistribution(RandomDistribution.uniform());
        return Combinators.combine(texts, Arbitraries.integers().between(0, 19), methodFrame())
                .as((list, dice, method) -> {
                    if (dice != 0) {
                        return list;
                    }
                    List<FuzzFrame> out = new ArrayList<>(list);
                    // a method call as a binary frame: DDP is text; the server must not stay silent
                    out.add(new FuzzFrame(method.text(), true, FuzzFrame.Answers.ANY, "binary+" + method.label()));
                    return out;
                });
    }

    Arbitrary<FuzzFrame> frame() {
        return Arbitraries.frequencyOf(
                Tuple.of(12, methodFrame()),
                Tuple.of(2, corrupted(methodFrame())),
                Tuple.of(1, otherFrame()),
                Tuple.of(1, bigFrame()));
    }

    // ---------------------------------------------------------------- method frames

    Arbitrary<FuzzFrame> methodFrame() {
        return methodFrame;
    }

    private Arbitrary<FuzzFrame> buildMethodFrame() {
        List<Tuple.Tuple2<Integer, Arbitrary<FuzzFrame>>> calls = new ArrayList<>();
        for (String m : METHODS) {
            calls.add(Tuple.of(12, call(ROOT + "_" + m, m)));
        }
        for (String odd : List.of("login", "logout", ROOT + "_nope", "", ROOT + "_getWork\\u0000", ROOT + "_\\ud800",
                "JOBPILE_getWork", ROOT + ".jobs", "x".repeat(300), "\uD83D\uDE00")) {
            calls.add(Tuple.of(1, call(odd, odd)));
        }
        return Arbitraries.frequencyOf(calls);
    }

    private Arbitrary<FuzzFrame> call(String name, String method) {
        Arbitrary<String> params = Arbitraries.frequencyOf(
                Tuple.of(8, shapedParams(method)),
                Tuple.of(3, JsonTexts.value(2).list().ofMaxSize(6).map(JsonTexts::arrayOf)),
                Tuple.of(1, Arbitraries.oneOf(JsonTexts.scalar(), JsonTexts.object(JsonTexts.scalar()))),
                Tuple.of(1, Arbitraries.just((String) null)));
        return Combinators.combine(id(), params, envelopeExtras()).as((id, p, extras) -> envelope(name, id, p, extras));
    }

    /** The id member: mostly a unique string, sometimes with odd characters, sometimes not a string. */
    private static Arbitrary<String> id() {
        return Arbitraries.frequencyOf(
                Tuple.of(10, Arbitraries.just(quote(FuzzFrame.ID))),
                Tuple.of(3, JsonTexts.stringPiece().list().ofMinSize(1).ofMaxSize(3)
                        .map(p -> quote(FuzzFrame.ID + "_" + String.join("", p)))),
                Tuple.of(1, Arbitraries.of("1", "null", "{}", "[]", "true", "1e999")),
                Tuple.of(1, Arbitraries.just((String) null)));
    }

    /** Extra members: randomSeed, unknown keys, duplicate keys. */
    private static Arbitrary<List<String>> envelopeExtras() {
        return Arbitraries.frequencyOf(
                Tuple.of(12, Arbitraries.just(List.<String>of())),
                Tuple.of(1, Arbitraries.of("\"randomSeed\":\"abc\"", "\"randomSeed\":1", "\"randomSeed\":null",
                        "\"extra\":1", "\"params\":[]", "\"method\":\"" + ROOT + "_getWork\"",
                        "\"id\":\"" + FuzzFrame.ID + "_dup\"", "\"id\":5").map(List::of)));
    }

    private static FuzzFrame envelope(String name, String id, String params, List<String> extras) {
        List<String> members = new ArrayList<>();
        members.add("\"msg\":\"method\"");
        // extras first: a duplicate key before the real one tests which of the two the server keeps
        members.addAll(extras);
        if (id != null) {
            members.add("\"id\":" + id);
        }
        members.add("\"method\":" + quote(name));
        if (params != null) {
            members.add("\"params\":" + params);
        }
        String label = "method " + name + (id == null ? " without id" : id.startsWith("\"" + FuzzFrame.ID) ? "" : " id " + id)
                + (params == null ? " without params" : "") + (extras.isEmpty() ? "" : " " + extras);
        return new FuzzFrame("{" + String.join(",", members) + "}", false, FuzzFrame.Answers.ONE, label);
    }

    /** Parameters in the shape the method expects, with one slot sometimes wrong and the arity sometimes off. */
    private Arbitrary<String> shapedParams(String method) {
        List<Arbitrary<String>> slots = slots(method);
        if (slots.isEmpty()) {
            return JsonTexts.value(1).list().ofMaxSize(3).map(JsonTexts::arrayOf);
        }
        Arbitrary<List<String>> good = Combinators.combine(slots).as(ArrayList::new);
        return Combinators.combine(good, Arbitraries.integers().between(0, 9), Arbitraries.integers().between(0, 99),
                        JsonTexts.value(2))
                .as((values, mutation, where, wrong) -> {
                    List<String> p = new ArrayList<>(values);
                    switch (mutation) {
                        case 0 -> p.set(where % p.size(), wrong);                 // one slot of the wrong kind
                        case 1 -> p.remove(p.size() - 1 - where % p.size());     // too few
                        case 2 -> p.add(wrong);                                   // too many
                        default -> {
                            // as a client sends it
                        }
                    }
                    return arrayOf(p);
                });
    }

    private List<Arbitrary<String>> slots(String method) {
        Arbitrary<String> ids = idOrIds();
        return switch (method) {
            case "startJobServer", "startJobs", "stopJobs" -> List.of(options(Map.of()));
            case "shutdownJobServer" -> List.of(options(Map.of("timeout", Arbitraries.of("1", "60000", "0", "-1", "1e999"))));
            case "getWork" -> List.of(Arbitraries.oneOf(type(), type().list().ofMaxSize(3).map(JsonTexts::arrayOf)),
                    options(Map.of("maxJobs", Arbitraries.of("1", "5", "100000", "0", "9007199254740992", "1e300"),
                            "workTimeout", Arbitraries.of("1", "60000", "9007199254740992", "0", "1.5"))));
            case "getJob" -> List.of(ids, options(Map.of("getLog", bool(), "getFailures", bool())));
            case "jobSave" -> List.of(jobDoc(), options(Map.of("cancelRepeats", bool())));
            case "jobLog" -> List.of(this.ids, Arbitraries.oneOf(runIds, Arbitraries.just("null")), JsonTexts.string(),
                    options(Map.of("level", Arbitraries.of("\"info\"", "\"success\"", "\"warning\"", "\"danger\"", "\"fatal\""),
                            "data", JsonTexts.data())));
            case "jobProgress" -> List.of(this.ids, runIds, JsonTexts.number(), JsonTexts.number(), options(Map.of()));
            case "jobDone" -> List.of(this.ids, runIds, JsonTexts.data(),
                    options(Map.of("repeatId", bool(), "delayDeps", Arbitraries.of("0", "100", "9007199254740992", "-1"))));
            case "jobFail" -> List.of(this.ids, runIds, JsonTexts.data(), options(Map.of("fatal", bool())));
            case "jobPause", "jobResume", "jobRemove" -> List.of(ids, options(Map.of()));
            case "jobReady" -> List.of(ids, options(Map.of("force", bool(), "time", JsonTexts.date())));
            case "jobCancel" -> List.of(ids, options(Map.of("antecedents", bool(), "dependents", bool())));
            case "jobRestart" -> List.of(ids, options(Map.of("retries", Arbitraries.of("0", "1", "9007199254740992", "1e300"),
                    "until", JsonTexts.date(), "antecedents", bool(), "dependents", bool())));
            case "jobRerun" -> List.of(this.ids, options(Map.of("repeats", Arbitraries.of("0", "1", "9007199254740992"),
                    "until", JsonTexts.date(), "wait", Arbitraries.oneOf(Arbitraries.of("0", "1000", "9007199254740992"), schedule()))));
            case "login" -> List.of(JsonTexts.object(JsonTexts.value(1)));
            default -> List.of();
        };
    }

    private Arbitrary<String> idOrIds() {
        return Arbitraries.frequencyOf(Tuple.of(2, ids), Tuple.of(2, ids.list().ofMaxSize(4).map(JsonTexts::arrayOf)));
    }

    private static Arbitrary<String> type() {
        return Arbitraries.frequencyOf(Tuple.of(4, Arbitraries.of(TYPES).map(JsonTexts::quote)), Tuple.of(1, JsonTexts.string()));
    }

    private static Arbitrary<String> bool() {
        return Arbitraries.frequencyOf(Tuple.of(6, Arbitraries.of("true", "false")), Tuple.of(1, JsonTexts.scalar()));
    }

    /** An options object: a subset of the known keys, sometimes an unknown one. */
    private static Arbitrary<String> options(Map<String, Arbitrary<String>> known) {
        List<Arbitrary<String>> members = new ArrayList<>();
        for (var e : new LinkedHashMap<>(known).entrySet()) {
            members.add(Arbitraries.frequencyOf(
                    Tuple.of(1, Arbitraries.just("")),
                    Tuple.of(1, e.getValue().map(v -> quote(e.getKey()) + ":" + v))));
        }
        members.add(Arbitraries.frequencyOf(Tuple.of(9, Arbitraries.just("")),
                Tuple.of(1, Combinators.combine(JsonTexts.key(), JsonTexts.value(1)).as((k, v) -> quote(k) + ":" + v))));
        return Combinators.combine(members).as(list -> "{" + String.join(",", list.stream().filter(s -> !s.isEmpty()).toList()) + "}");
    }

    private static Arbitrary<String> schedule() {
        return Arbitraries.of("{\"schedules\":[{\"h\":[1]}]}", "{\"schedules\":[{\"s\":[0,30]}]}", "{\"schedules\":[{}]}",
                "{\"schedules\":[{\"Y\":[1970]}]}", "{\"schedules\":[{\"Y\":[275760]}]}", "{\"schedules\":[{\"Y\":[300000]}]}",
                "{\"schedules\":[{\"D\":[31],\"M\":[2]}]}", "{\"schedules\":[{\"h\":[-1]}]}", "{\"schedules\":[{\"h\":[1e999]}]}",
                "{\"schedules\":[],\"exceptions\":[{\"h\":[1]}]}", "{\"schedules\":[{\"x\":[1]}]}", "{\"schedules\":1}");
    }

    /** A job document as meteor-job sends it, with values at their edges and sometimes a key dropped or added. */
    private Arbitrary<String> jobDoc() {
        Map<String, Arbitrary<String>> f = new LinkedHashMap<>();
        f.put("runId", Arbitraries.frequencyOf(Tuple.of(8, Arbitraries.just("null")), Tuple.of(1, runIds)));
        f.put("type", type());
        f.put("data", JsonTexts.data());
        f.put("status", Arbitraries.frequencyOf(Tuple.of(8, Arbitraries.of("\"waiting\"", "\"paused\"")),
                Tuple.of(1, Arbitraries.of("\"running\"", "\"ready\"", "\"bogus\"", "1"))));
        f.put("updated", JsonTexts.date());
        f.put("created", JsonTexts.date());
        f.put("priority", Arbitraries.frequencyOf(Tuple.of(4, Arbitraries.of("0", "-10", "10")), Tuple.of(1, JsonTexts.number())));
        f.put("retries", count());
        f.put("repeatRetries", count());
        f.put("retried", count());
        f.put("retryWait", count());
        f.put("retryBackoff", Arbitraries.of("\"constant\"", "\"exponential\"", "\"linear\""));
        f.put("retryUntil", JsonTexts.date());
        f.put("repeats", count());
        f.put("repeated", count());
        f.put("repeatWait", Arbitraries.frequencyOf(Tuple.of(3, count()), Tuple.of(1, schedule())));
        f.put("repeatUntil", JsonTexts.date());
        f.put("after", JsonTexts.date());
        f.put("depends", Arbitraries.frequencyOf(Tuple.of(4, Arbitraries.just("[]")), Tuple.of(1, ids.list().ofMaxSize(3).map(JsonTexts::arrayOf))));
        f.put("resolved", Arbitraries.just("[]"));
        f.put("progress", Arbitraries.frequencyOf(Tuple.of(4, Arbitraries.just("{\"completed\":0,\"total\":1,\"percent\":0}")),
                Tuple.of(1, Combinators.combine(JsonTexts.number(), JsonTexts.number(), JsonTexts.number())
                        .as((c, t, p) -> "{\"completed\":" + c + ",\"total\":" + t + ",\"percent\":" + p + "}"))));
        f.put("log", Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.just("[]")), Tuple.of(1,
                Combinators.combine(JsonTexts.date(), JsonTexts.string(), JsonTexts.data())
                        .as((t, m, d) -> "[{\"time\":" + t + ",\"runId\":null,\"message\":" + m + ",\"level\":\"info\",\"data\":" + d + "}]"))));
        f.put("workTimeout", Arbitraries.frequencyOf(Tuple.of(4, Arbitraries.just("")), Tuple.of(1, count())));
        f.put("expiresAfter", Arbitraries.frequencyOf(Tuple.of(4, Arbitraries.just("")), Tuple.of(1, JsonTexts.date())));
        List<String> keys = List.copyOf(f.keySet());
        List<Arbitrary<String>> values = List.copyOf(f.values());
        Arbitrary<List<String>> members = Combinators.combine(values).as(vs -> {
            List<String> m = new ArrayList<>();
            for (int i = 0; i < keys.size(); i++) {
                if (!vs.get(i).isEmpty()) {
                    m.add(quote(keys.get(i)) + ":" + vs.get(i));
                }
            }
            return m;
        });
        return Combinators.combine(members, Arbitraries.integers().between(0, 14), Arbitraries.integers().between(0, 99),
                        Combinators.combine(JsonTexts.key(), JsonTexts.value(1)).as((k, v) -> quote(k) + ":" + v))
                .as((m, mutation, where, extra) -> {
                    List<String> out = new ArrayList<>(m);
                    switch (mutation) {
                        case 0 -> out.remove(where % out.size());        // a required key missing
                        case 1 -> out.add(where % (out.size() + 1), extra); // an unknown (or duplicate) key
                        case 2 -> out.add(out.get(where % out.size()));  // a duplicate key
                        default -> {
                            // as a client sends it
                        }
                    }
                    return "{" + String.join(",", out) + "}";
                });
    }

    private static Arbitrary<String> count() {
        return Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.of("0", "1", "5", "1000", "300000")),
                Tuple.of(1, Arbitraries.of("9007199254740992", "9007199254740993", "1e300", "1e999", "-1", "1.5", "\"1\"", "null")));
    }

    // ---------------------------------------------------------------- other frames

    /** Text-level damage to a method frame: it must still be answered (with a parse error if nothing else). */
    static Arbitrary<FuzzFrame> corrupted(Arbitrary<FuzzFrame> frames) {
        return Combinators.combine(frames, Arbitraries.integers().between(0, 9), Arbitraries.integers().between(0, 1_000_000), frames)
                .as((f, kind, where, other) -> {
                    String t = f.text();
                    int at = where % Math.max(1, t.length());
                    if (at > 0 && Character.isLowSurrogate(t.charAt(at)) && Character.isHighSurrogate(t.charAt(at - 1))) {
                        at--; // never split a raw pair: the client library could not even encode the frame
                    }
                    return switch (kind) {
                        case 0 -> new FuzzFrame(t.substring(0, at), false, FuzzFrame.Answers.ONE, "truncated " + f.label());
                        case 1 -> new FuzzFrame(t + "}", false, FuzzFrame.Answers.ONE, "trailing brace " + f.label());
                        case 2 -> new FuzzFrame(t + t.replace(FuzzFrame.ID, FuzzFrame.ID + "_second"), false,
                                FuzzFrame.Answers.ONE_OR_TWO, "two objects " + f.label());
                        case 3 -> new FuzzFrame(t.substring(0, at) + "\u0001" + t.substring(at), false, FuzzFrame.Answers.ONE,
                                "control char " + f.label());
                        case 4 -> new FuzzFrame("\ufeff" + t, false, FuzzFrame.Answers.ONE, "BOM " + f.label());
                        case 5 -> new FuzzFrame("[" + t + "]", false, FuzzFrame.Answers.ONE, "in an array " + f.label());
                        case 6 -> new FuzzFrame(t.replaceFirst("\"msg\"", "'msg'"), false, FuzzFrame.Answers.ONE, "single quotes " + f.label());
                        case 7 -> new FuzzFrame("  \n\t" + t + "\n ", false, FuzzFrame.Answers.ONE, "whitespace " + f.label());
                        case 8 -> new FuzzFrame(t.substring(0, at) + "\\x" + t.substring(at), false, FuzzFrame.Answers.ONE,
                                "bad escape " + f.label());
                        default -> new FuzzFrame(t + " " + other.text().replace(FuzzFrame.ID, FuzzFrame.ID + "_second"), false,
                                FuzzFrame.Answers.ONE_OR_TWO, "two messages " + f.label() + " / " + other.label());
                    };
                });
    }

    /** Frames that owe no answer: other DDP messages, bare values, nonsense. */
    static Arbitrary<FuzzFrame> otherFrame() {
        Arbitrary<String> text = Arbitraries.frequencyOf(
                Tuple.of(2, Arbitraries.of("{\"msg\":\"ping\"}", "{\"msg\":\"ping\",\"id\":\"q1\"}", "{\"msg\":\"pong\"}",
                        "{\"msg\":\"connect\",\"version\":\"1\",\"support\":[\"1\"]}", "{\"msg\":\"sub\",\"id\":\"s1\",\"name\":\"jobPile.jobs\",\"params\":[{\"type\":\"none\"}]}",
                        "{\"msg\":\"unsub\",\"id\":\"s1\"}", "{\"msg\":\"sub\",\"id\":1}", "{\"msg\":\"nosuch\"}", "{\"msg\":1}",
                        "{\"server_id\":\"0\"}", "{}", "[]", "\"method\"", "null", "", " ", "{", "}", "\u0000", "\uD83D\uDE00")),
                Tuple.of(1, JsonTexts.value(2)),
                Tuple.of(1, JsonTexts.nested()),
                Tuple.of(1, Combinators.combine(Arbitraries.of("sub", "unsub", "ping"), JsonTexts.value(1))
                        .as((m, p) -> "{\"msg\":\"" + m + "\",\"id\":\"q" + Math.abs(p.hashCode() % 1000) + "\",\"name\":\"jobPile.jobs\",\"params\":" + p + "}")));
        return text.map(t -> new FuzzFrame(t, false, FuzzFrame.Answers.ANY, "other"));
    }

    /** Method frames whose parameters are nested deep or wide (the parsers' limits). */
    Arbitrary<FuzzFrame> bigFrame() {
        return Combinators.combine(Arbitraries.of(METHODS), Arbitraries.oneOf(JsonTexts.nested(), JsonTexts.wide()))
                .as((m, v) -> envelope(ROOT + "_" + m, quote(FuzzFrame.ID), "[" + v + "]", List.of()).withLabel("big"));
    }
}
