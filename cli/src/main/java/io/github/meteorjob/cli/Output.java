package io.github.meteorjob.cli;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.io.PrintStream;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How the CLI writes: {@code --json} documents (EJSON turned into plain JSON, dates as ISO strings) and
 * aligned tables. The one place that knows the output formats.
 */
final class Output {

    /** Always three fraction digits, as JavaScript's {@code Date.toISOString()}, so columns and diffs stay stable. */
    private static final DateTimeFormatter ISO = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private Output() {
    }

    static String iso(Instant t) {
        return t == null ? "" : ISO.format(t);
    }

    /**
     * The value with EJSON dates as ISO strings and Mongo ObjectIDs as their hex string; everything else as is.
     */
    static JsonValue plain(JsonValue v) {
        if (v instanceof JsonObject o) {
            if (o.size() == 1 && o.get("$date") instanceof JsonNumber n) {
                return Json.createValue(iso(Instant.ofEpochMilli(n.longValue())));
            }
            if (o.size() == 2 && "oid".equals(string(o.get("$type"))) && o.get("$value") instanceof JsonString s) {
                return s;
            }
            JsonObjectBuilder b = Json.createObjectBuilder();
            for (Map.Entry<String, JsonValue> e : o.entrySet()) {
                b.add(e.getKey(), plain(e.getValue()));
            }
            return b.build();
        }
        if (v instanceof JsonArray a) {
            JsonArrayBuilder b = Json.createArrayBuilder();
            for (JsonValue e : a) {
                b.add(plain(e));
            }
            return b.build();
        }
        return v;
    }

    /** Prints one JSON document on one line. */
    static void json(PrintStream out, JsonValue document) {
        out.println(plain(document).toString());
        out.flush();
    }

    static String string(JsonValue v) {
        return v instanceof JsonString s ? s.getString() : null;
    }

    /** A table whose columns are as wide as their widest cell, separated by two spaces. */
    static final class Table {
        private final List<String[]> rows = new ArrayList<>();
        private final int columns;

        Table(String... header) {
            columns = header.length;
            rows.add(header);
        }

        Table row(Object... cells) {
            String[] r = new String[columns];
            for (int i = 0; i < columns; i++) {
                r[i] = i < cells.length && cells[i] != null ? cells[i].toString() : "";
            }
            rows.add(r);
            return this;
        }

        /** A line of dashes under each column: sets the rows below it apart from those above. */
        Table rule() {
            rows.add(null);
            return this;
        }

        void print(PrintStream out) {
            int[] width = new int[columns];
            for (String[] r : rows) {
                for (int i = 0; r != null && i < columns; i++) {
                    width[i] = Math.max(width[i], r[i].length());
                }
            }
            StringBuilder sb = new StringBuilder();
            for (String[] cells : rows) {
                String[] r = cells;
                if (r == null) {
                    r = new String[columns];
                    for (int i = 0; i < columns; i++) {
                        r[i] = "-".repeat(width[i]);
                    }
                }
                sb.setLength(0);
                for (int i = 0; i < columns; i++) {
                    sb.append(r[i]);
                    if (i < columns - 1) {
                        sb.append(" ".repeat(width[i] - r[i].length() + 2));
                    }
                }
                out.println(sb.toString().stripTrailing());
            }
            out.flush();
        }
    }
}
