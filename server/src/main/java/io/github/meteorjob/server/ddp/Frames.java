package io.github.meteorjob.server.ddp;

import static io.github.meteorjob.server.ddp.JsonSupport.JSON;
import jakarta.json.JsonException;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParser;

import java.io.StringReader;

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

}
