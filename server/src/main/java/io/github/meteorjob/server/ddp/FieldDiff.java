package io.github.meteorjob.server.ddp;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import static io.github.meteorjob.server.ddp.JsonSupport.JSON;

/**
 * What a DDP {@code changed} message says about a document that went from {@code before} to
 * {@code after}: the fields with new values, and the names of the fields that are gone.
 *
 * @param fields  the fields whose value is new or different
 * @param cleared the names of the fields {@code before} had and {@code after} has not
 */
public record FieldDiff(JsonObject fields, List<String> cleared) {

    public FieldDiff {
        Objects.requireNonNull(fields, "fields");
        cleared = List.copyOf(cleared);
    }

    /** The difference between two versions of a document's fields. */
    public static FieldDiff between(Map<String, JsonValue> before, Map<String, JsonValue> after) {
        var fields = JSON.createObjectBuilder();
        for (Map.Entry<String, JsonValue> e : after.entrySet()) {
            if (!Objects.equals(before.get(e.getKey()), e.getValue())) {
                fields.add(e.getKey(), e.getValue());
            }
        }
        List<String> cleared = new ArrayList<>();
        for (String name : before.keySet()) {
            if (!after.containsKey(name)) {
                cleared.add(name);
            }
        }
        return new FieldDiff(fields.build(), cleared);
    }

    /** Whether nothing changed (no message is due). */
    public boolean isEmpty() {
        return fields.isEmpty() && cleared.isEmpty();
    }
}
