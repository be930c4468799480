package io.github.meteorjob.ddp;

import io.github.meteorjob.ejson.Ejson;
import jakarta.json.JsonException;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParserFactory;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads the two frames a worker receives for every method call, {@code result} and {@code updated}, with a
 * streaming parser instead of a JSON tree: the frame's own members are read as tokens and only the
 * {@code result} (or {@code error}) value becomes a tree, since that is what the caller gets. Every other
 * frame, and a hot frame whose first member is not {@code msg}, is left to the tree reader of
 * {@link IncomingFrames}; the outcome for any frame is the same as reading it as a tree.
 */
final class HotFrames {

    private static final JsonParserFactory PARSERS = Ejson.provider().createParserFactory(Map.of());

    /** What {@link #read} did with a frame. */
    enum Outcome {
        /** Read and handed to the pending calls. */
        HANDLED,
        /** Not a hot frame (or not in the usual member order): read it as a tree. */
        NOT_HOT
    }

    private final PendingCalls calls;

    HotFrames(PendingCalls calls) {
        this.calls = calls;
    }

    /**
     * Reads one frame when it is a {@code result} or {@code updated} message whose first member is {@code msg}.
     *
     * @throws JsonException    when the text is not valid JSON (a malformed frame)
     * @throws IllegalArgumentException when a {@code result} frame has no string {@code id}
     */
    Outcome read(String text) {
        try (JsonParser p = PARSERS.createParser(new StringReader(text))) {
            if (!p.hasNext() || p.next() != JsonParser.Event.START_OBJECT
                    || !p.hasNext() || p.next() != JsonParser.Event.KEY_NAME || !"msg".equals(p.getString())
                    || !p.hasNext() || p.next() != JsonParser.Event.VALUE_STRING) {
                return Outcome.NOT_HOT;
            }
            return switch (p.getString()) {
                case "result" -> result(p);
                case "updated" -> updated(p);
                default -> Outcome.NOT_HOT;
            };
        }
    }

    private Outcome result(JsonParser p) {
        String id = null;
        JsonValue result = null;
        JsonValue error = null;
        boolean badId = false;
        for (JsonParser.Event e = p.next(); e != JsonParser.Event.END_OBJECT; e = p.next()) {
            String key = p.getString();
            p.next();
            switch (key) {
                case "id" -> {
                    JsonValue v = p.getValue();
                    badId = !(v instanceof JsonString);
                    id = badId ? null : ((JsonString) v).getString();
                }
                case "result" -> result = p.getValue();
                case "error" -> error = p.getValue();
                default -> p.getValue(); // members DDP does not define: read past them
            }
        }
        end(p);
        if (id == null || badId) {
            throw new IllegalArgumentException("a result frame without a string id");
        }
        calls.onResult(id, result, error);
        return Outcome.HANDLED;
    }

    private Outcome updated(JsonParser p) {
        // the ids are collected first so a malformed frame completes nothing, as with the tree reader
        List<String> ids = null;
        for (JsonParser.Event e = p.next(); e != JsonParser.Event.END_OBJECT; e = p.next()) {
            String key = p.getString();
            JsonParser.Event v = p.next();
            if (key.equals("methods") && v == JsonParser.Event.START_ARRAY) {
                ids = new ArrayList<>(2);
                for (JsonParser.Event a = p.next(); a != JsonParser.Event.END_ARRAY; a = p.next()) {
                    switch (a) {
                        case VALUE_STRING -> ids.add(p.getString());
                        case START_OBJECT -> p.skipObject();
                        case START_ARRAY -> p.skipArray();
                        default -> {
                            // other scalars are not method ids: ignored, as by the tree reader
                        }
                    }
                }
            } else {
                if (key.equals("methods")) {
                    ids = null; // a later non-array "methods" wins, as in a tree
                }
                skip(p, v);
            }
        }
        end(p);
        if (ids != null && calls.awaitsUpdated()) {
            for (String id : ids) {
                calls.onUpdated(id);
            }
        }
        return Outcome.HANDLED;
    }

    private static void skip(JsonParser p, JsonParser.Event v) {
        if (v == JsonParser.Event.START_OBJECT) {
            p.skipObject();
        } else if (v == JsonParser.Event.START_ARRAY) {
            p.skipArray();
        }
    }

    /** After the frame's closing brace only white space may follow. */
    private static void end(JsonParser p) {
        if (p.hasNext()) {
            throw new JsonException("unexpected text after the frame's closing brace");
        }
    }
}
