package io.github.meteorjob.server.fuzz;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

import java.util.List;

/**
 * Generators of JSON <em>text</em> (not parsed values, so duplicate keys, escapes such as lone
 * surrogates, and numbers no double can hold reach the server exactly as written): scalars at
 * their edges, EJSON special objects, Unicode edge cases, deep and wide nesting.
 */
final class JsonTexts {

    // built once: arbitraries are immutable, and building them per sample costs more than the sample
    private static final Arbitrary<String> STRING_PIECE = buildStringPiece();
    private static final Arbitrary<String> STRING = buildString();
    private static final Arbitrary<String> NUMBER = buildNumber();
    private static final Arbitrary<String> SCALAR = buildScalar();
    private static final Arbitrary<String> DATE = buildDate();
    private static final Arbitrary<String> EJSON = buildEjson();
    private static final Arbitrary<String> KEY = buildKey();
    private static final Arbitrary<String> VALUE0 = buildValue(0);
    private static final Arbitrary<String> VALUE1 = buildValue(1);
    private static final Arbitrary<String> VALUE2 = buildValue(2);
    private static final Arbitrary<String> NESTED = buildNested();
    private static final Arbitrary<String> WIDE = buildWide();
    private static final Arbitrary<String> DATA = buildData();

    private JsonTexts() {
    }

    /** Pieces of string content, as JSON source: escapes, raw code points and plain text. */
    static Arbitrary<String> stringPiece() {
        return STRING_PIECE;
    }

    private static Arbitrary<String> buildStringPiece() {
        return Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.strings().alpha().numeric().ofMaxLength(8)),
                Tuple.of(1, Arbitraries.of("\\ud800", "\\udbff", "\\udc00", "\\udfff", "\\ud800\\ud800",
                        "\\udc00\\ud800")),                                   // lone and reversed surrogates
                Tuple.of(1, Arbitraries.of("\\ud83d\\ude00", "\uD83D\uDE00", "\uD800\uDC00", "\uDBFF\uDFFF")), // 4-byte
                Tuple.of(1, Arbitraries.of("\\u0000", "\\u0001", "\\u001f", "\\u007f", "\\u2028", "\\u2029")),
                Tuple.of(1, Arbitraries.of("\u202e", "\u202d", "\u200f", "\u0627\u0644\u0639", "\u05d0", "\ufeff",
                        "\uffff", "\ufffe", "\u00e9", "e\u0301", "\u4e2d")),        // RTL, BOM, non-characters
                Tuple.of(1, Arbitraries.of("\\\\", "\\\"", "\\n", "\\t", "\\/", "\\b", "\\f", "\\r")),
                Tuple.of(1, Arbitraries.of("$date", "$binary", "$type", "$escape", "$InfNaN", "__proto__")));
    }

    /** A JSON string literal. */
    static Arbitrary<String> string() {
        return STRING;
    }

    private static Arbitrary<String> buildString() {
        return stringPiece().list().ofMaxSize(5).map(p -> "\"" + String.join("", p) + "\"");
    }

    /** Numbers at the edges of long, double, int32, 2^53 and JavaScript dates, as JSON source. */
    static Arbitrary<String> number() {
        return NUMBER;
    }

    private static Arbitrary<String> buildNumber() {
        return Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.of("0", "-0", "1", "-1", "0.5", "1.5", "-1.5", "1e0", "1E+2", "1e-7", "0.1",
                        "2147483647", "2147483648", "-2147483648", "-2147483649", "9007199254740991",
                        "9007199254740992", "9007199254740993", "9223372036854775807", "9223372036854775808",
                        "-9223372036854775809", "18446744073709551616", "8640000000000000", "8640000000000001",
                        "-8640000000000000", "-8640000000000001", "1e300", "-1e300", "1e308", "1.7976931348623157e308",
                        "1e309", "1e999", "-1e999", "1e-999", "4.9e-324", "1e-400", "123456789012345678901234567890",
                        "0.30000000000000004", "1e2147483647", "1e-2147483648")),
                Tuple.of(1, Arbitraries.longs().map(String::valueOf)),
                Tuple.of(1, Arbitraries.doubles().map(String::valueOf)),
                Tuple.of(1, Arbitraries.of(20, 400, 1099, 1100, 1101, 5000)
                        .map(n -> "9".repeat(n))), // more digits than a long, a double, or Parsson's default limit (1100)
                Tuple.of(1, Arbitraries.of(1099, 1101).map(n -> "0." + "1".repeat(n))));
    }

    static Arbitrary<String> scalar() {
        return SCALAR;
    }

    private static Arbitrary<String> buildScalar() {
        return Arbitraries.frequencyOf(
                Tuple.of(4, string()),
                Tuple.of(4, number()),
                Tuple.of(2, Arbitraries.of("true", "false", "null")));
    }

    /** A date as JSON source: mostly EJSON dates at the edges, sometimes not a date at all. */
    static Arbitrary<String> date() {
        return DATE;
    }

    private static Arbitrary<String> buildDate() {
        Arbitrary<String> millis = Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.of("0", "-1", "1", "8640000000000000", "-8640000000000000", "8640000000000001",
                        "-8640000000000001", "13569408000000", "4102444800000", "1e300", "1e999", "1.5",
                        "9223372036854775807", "-9223372036854775808", "9223372036854775808",
                        String.valueOf(System.currentTimeMillis()), String.valueOf(System.currentTimeMillis() + 200),
                        "9".repeat(1200), "0." + "1".repeat(1200))),
                Tuple.of(1, Arbitraries.longs().between(-8_640_000_000_000_000L, 8_640_000_000_000_000L).map(String::valueOf)),
                Tuple.of(1, Arbitraries.of("\"2024-01-01T00:00:00Z\"", "\"\"", "null", "{}", "[]", "true")));
        return Arbitraries.frequencyOf(
                Tuple.of(8, millis.map(m -> "{\"$date\":" + m + "}")),
                Tuple.of(1, Arbitraries.of("{\"$date\":1,\"x\":1}", "{\"$date\":{\"$date\":1}}", "{\"$escape\":{\"$date\":1}}",
                        "\"2024-01-01\"", "0", "null", "{}")));
    }

    /** EJSON special objects, right and wrong. */
    static Arbitrary<String> ejson() {
        return EJSON;
    }

    private static Arbitrary<String> buildEjson() {
        return Arbitraries.frequencyOf(
                Tuple.of(3, date()),
                Tuple.of(1, Arbitraries.of("\"\"", "\"AAEC\"", "\"/w==\"", "\"not base64!\"", "\"====\"", "1", "null", "{}")
                        .map(b -> "{\"$binary\":" + b + "}")),
                Tuple.of(1, Combinators.combine(Arbitraries.of("\"oid\"", "\"x\"", "\"\"", "1", "null"),
                                Arbitraries.oneOf(string(), Arbitraries.of("\"507f1f77bcf86cd799439011\"", "{}", "1", "[]")))
                        .as((t, v) -> "{\"$type\":" + t + ",\"$value\":" + v + "}")),
                Tuple.of(1, Arbitraries.of("{\"$escape\":{\"$date\":1}}", "{\"$escape\":{\"$binary\":\"x\"}}",
                        "{\"$escape\":1}", "{\"$escape\":{}}", "{\"$InfNaN\":1}", "{\"$InfNaN\":-1}", "{\"$InfNaN\":0}",
                        "{\"$InfNaN\":\"x\"}", "{\"$type\":\"oid\"}", "{\"$value\":1}")));
    }

    /** Keys: job-collection field names, EJSON markers, prototype names, Unicode edge cases. */
    static Arbitrary<String> key() {
        return KEY;
    }

    private static Arbitrary<String> buildKey() {
        return Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.of("type", "status", "data", "after", "retries", "runId", "_id", "log", "level",
                        "message", "time", "maxJobs", "workTimeout", "timeout", "force", "repeats", "wait", "until",
                        "getLog", "schedules", "exceptions", "h", "m", "s", "D", "d", "M", "Y", "t")),
                Tuple.of(1, Arbitraries.of("$date", "$binary", "$type", "$value", "$escape", "$InfNaN", "__proto__",
                        "constructor", "toString", "", "a.b", "a\\u0000b", "\\ud800", "\uD83D\uDE00", "\u202e", "msg", "id")),
                Tuple.of(1, Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(6)));
    }

    /** Any JSON value up to {@code depth} levels of arrays/objects (duplicate keys happen). */
    static Arbitrary<String> value(int depth) {
        return depth <= 0 ? VALUE0 : depth == 1 ? VALUE1 : depth == 2 ? VALUE2 : buildValue(depth);
    }

    private static Arbitrary<String> buildValue(int depth) {
        if (depth <= 0) {
            return Arbitraries.frequencyOf(Tuple.of(4, scalar()), Tuple.of(1, ejson()));
        }
        Arbitrary<String> child = buildValue(depth - 1);
        return Arbitraries.frequencyOf(
                Tuple.of(5, scalar()),
                Tuple.of(2, ejson()),
                Tuple.of(2, array(child)),
                Tuple.of(3, object(child)));
    }

    static Arbitrary<String> array(Arbitrary<String> element) {
        return element.list().ofMaxSize(4).map(l -> "[" + String.join(",", l) + "]");
    }

    static Arbitrary<String> object(Arbitrary<String> member) {
        return Combinators.combine(key(), member).as((k, v) -> quote(k) + ":" + v)
                .list().ofMaxSize(4).map(l -> "{" + String.join(",", l) + "}");
    }

    /** A plain object (job data, results, log data), sometimes with a deep or wide part. */
    static Arbitrary<String> data() {
        return DATA;
    }

    private static Arbitrary<String> buildData() {
        return Arbitraries.frequencyOf(
                Tuple.of(40, object(value(2))),
                Tuple.of(1, nested().map(n -> "{\"n\":" + n + "}")),
                Tuple.of(1, wide().map(w -> "{\"w\":" + w + "}")));
    }

    /** Deep nesting around the parsers' limits (Parsson refuses depth ≥ 1000 by default). */
    static Arbitrary<String> nested() {
        return NESTED;
    }

    private static Arbitrary<String> buildNested() {
        return Combinators.combine(Arbitraries.of(2, 64, 500, 990, 996, 997, 998, 999, 1000, 1001, 2000, 10_000),
                        Arbitraries.of("[", "{\"a\":"))
                .as((n, open) -> open.repeat(n) + "1" + (open.equals("[") ? "]" : "}").repeat(n));
    }

    /** Wide values: long arrays, many keys, long strings. */
    static Arbitrary<String> wide() {
        return WIDE;
    }

    private static Arbitrary<String> buildWide() {
        return Combinators.combine(Arbitraries.of(1_000, 10_000, 100_000), Arbitraries.of("array", "object", "string"))
                .as((n, kind) -> switch (kind) {
                    case "array" -> "[" + "0,".repeat(n - 1) + "0]";
                    case "object" -> {
                        StringBuilder b = new StringBuilder("{");
                        for (int i = 0; i < n; i++) {
                            b.append(i == 0 ? "" : ",").append("\"k").append(i).append("\":").append(i);
                        }
                        yield b.append('}').toString();
                    }
                    default -> "\"" + "x".repeat(n) + "\"";
                });
    }

    /** {@code s} as a JSON string literal; {@code s} is already JSON source (escapes stay as written). */
    static String quote(String s) {
        return "\"" + s + "\"";
    }

    static String arrayOf(List<String> elements) {
        return "[" + String.join(",", elements) + "]";
    }
}
