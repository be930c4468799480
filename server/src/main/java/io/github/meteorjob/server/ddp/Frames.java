package io.github.meteorjob.server.ddp;

import static io.github.meteorjob.server.ddp.JsonSupport.JSON;
import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParser;

import java.io.StringReader;
import java.util.ArrayDeque;
import java.util.Deque;

/** Reading incoming frames and quoting bad ones back in {@code error} messages. */
final class Frames {

    /** Longest {@code offendingMessage} echoed back, in characters: the echo must not multiply a hostile frame. */
    static final int MAX_OFFENDING_CHARS = 1024;

    private Frames() {
    }

    /** The one JSON value of a frame, with lone surrogates replaced by U+FFFD; throws when there is not exactly one. */
    static JsonValue parse(String text) {
        JsonValue value;
        try (JsonParser parser = JSON.createParser(new StringReader(text))) {
            if (!parser.hasNext()) {
                throw new JsonException("empty frame");
            }
            parser.next();
            value = parser.getValue();
            if (parser.hasNext()) {
                throw new JsonException("more than one JSON value in the frame");
            }
        }
        return text.contains("\\u") || Utf16.hasLoneSurrogate(text) ? Utf16.replaceLone(value) : value;
    }

    /** A parsed message as it is when short, else its first characters as a string marked truncated. */
    static JsonValue capped(JsonValue message) {
        if (message instanceof JsonString) {
            return message; // made by offending(String), already cut
        }
        String text = message.toString();
        return text.length() <= MAX_OFFENDING_CHARS ? message : offending(text);
    }

    /** A frame's text to echo, cut to {@link #MAX_OFFENDING_CHARS} and marked when cut. */
    static JsonValue offending(String text) {
        if (text.length() <= MAX_OFFENDING_CHARS) {
            return JSON.createValue(Utf16.replaceLone(text));
        }
        return JSON.createValue(Utf16.replaceLone(text.substring(0, MAX_OFFENDING_CHARS))
                + "... [truncated, " + text.length() + " characters in all]");
    }

    /** JavaScript truthiness of a JSON value ({@code undefined} being null here). */
    static boolean truthy(JsonValue v) {
        if (v == null) {
            return false;
        }
        return switch (v.getValueType()) {
            case NULL, FALSE -> false;
            case STRING -> !((JsonString) v).getString().isEmpty();
            case NUMBER -> {
                double d = ((JsonNumber) v).doubleValue();
                yield d != 0 && !Double.isNaN(d);
            }
            default -> true;
        };
    }

    /**
     * Whether Meteor's {@code parseDDP} would throw on this message, which its server answers with
     * "Parse error": a {@code cleared} that is not an array, or an EJSON custom type other than
     * {@code oid} (ObjectID, the only one a job server knows) in {@code params}, {@code fields} or
     * {@code result}. {@code text} is the frame: the walk runs only when it names a type at all.
     */
    static boolean undecodable(JsonObject msg, String text) {
        if (msg.containsKey("cleared") && !(msg.get("cleared") instanceof JsonArray)) {
            return true;
        }
        if (!text.contains("$type") && !text.contains("\\u0024")) {
            return false;
        }
        Deque<JsonValue> todo = new ArrayDeque<>();
        for (String field : new String[]{"params", "fields", "result"}) {
            if (msg.get(field) != null) {
                todo.push(msg.get(field));
            }
        }
        while (!todo.isEmpty()) {
            JsonValue v = todo.pop();
            if (v instanceof JsonArray a) {
                a.forEach(todo::push);
            } else if (v instanceof JsonObject o) {
                if (o.size() == 2 && o.containsKey("$type") && o.containsKey("$value")) {
                    if (!(o.get("$type") instanceof JsonString t) || !"oid".equals(t.getString())) {
                        return true;
                    }
                } else if (!(o.size() == 1 && o.containsKey("$escape"))) {
                    o.values().forEach(todo::push);
                }
            }
        }
        return false;
    }
}
