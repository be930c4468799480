package io.github.meteorjob.server.jobs;

import io.github.meteorjob.ejson.Ejson;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;

import java.time.Instant;

/** EJSON values for the server tests: method parameter arrays, objects, id arrays, and dates read back from documents. */
final class WireValues {

    private WireValues() {
    }

    static JsonArray params(Object... values) {
        JsonArrayBuilder b = Json.createArrayBuilder();
        for (Object v : values) {
            if (v == null) {
                b.addNull();
            } else if (v instanceof JsonValue j) {
                b.add(j);
            } else if (v instanceof JsonObjectBuilder ob) {
                b.add(ob);
            } else if (v instanceof JsonArrayBuilder ab) {
                b.add(ab);
            } else if (v instanceof String s) {
                b.add(s);
            } else if (v instanceof Boolean x) {
                b.add(x);
            } else if (v instanceof Integer i) {
                b.add(i);
            } else if (v instanceof Long l) {
                b.add(l);
            } else if (v instanceof Double d) {
                b.add(d);
            } else if (v instanceof Instant t) {
                b.add(Ejson.date(t));
            } else {
                throw new IllegalArgumentException("unsupported param " + v);
            }
        }
        return b.build();
    }

    static JsonObjectBuilder obj() {
        return Json.createObjectBuilder();
    }

    static JsonArray arr(String... ids) {
        JsonArrayBuilder b = Json.createArrayBuilder();
        for (String id : ids) {
            b.add(id);
        }
        return b.build();
    }

    static Instant date(JsonObject doc, String field) {
        return Ejson.instant(doc.get(field));
    }
}
