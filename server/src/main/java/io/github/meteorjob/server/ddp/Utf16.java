package io.github.meteorjob.server.ddp;

import static io.github.meteorjob.server.ddp.JsonSupport.JSON;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.util.Map;

/**
 * Lone UTF-16 surrogates. JSON may carry them ({@code "\\ud800"}), UTF-8 cannot: MongoDB behind a
 * Meteor server stores what Node's UTF-8 encoder makes of them, U+FFFD. This server does the same
 * on input, so nothing it stores or sends is unencodable.
 */
final class Utf16 {

    static final char REPLACEMENT = '\uFFFD';

    private Utf16() {
    }

    /** Whether {@code s} holds a high surrogate not followed by a low one, or a low one not after a high one. */
    static boolean hasLoneSurrogate(String s) {
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return true;
            }
        }
        return false;
    }

    /** {@code s} with every lone surrogate replaced by U+FFFD (the same string when there is none). */
    static String replaceLone(String s) {
        if (!hasLoneSurrogate(s)) {
            return s;
        }
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                b.append(c).append(s.charAt(++i));
            } else {
                b.append(Character.isSurrogate(c) ? REPLACEMENT : c);
            }
        }
        return b.toString();
    }

    /**
     * Serialized JSON with each lone surrogate written as a {@code \}{@code uXXXX} escape, as JavaScript's
     * {@code JSON.stringify} does. A lone surrogate can only sit inside a JSON string, so the result is
     * valid JSON that encodes to UTF-8 without error.
     */
    static String escapeLone(String json) {
        if (!hasLoneSurrogate(json)) {
            return json;
        }
        StringBuilder b = new StringBuilder(json.length() + 16);
        for (int i = 0, n = json.length(); i < n; i++) {
            char c = json.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(json.charAt(i + 1))) {
                b.append(c).append(json.charAt(++i));
            } else if (Character.isSurrogate(c)) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    /** {@code value} with lone surrogates in every key and string, at any depth, replaced by U+FFFD. */
    static JsonValue replaceLone(JsonValue value) {
        return switch (value.getValueType()) {
            case STRING -> {
                String s = ((JsonString) value).getString();
                String fixed = replaceLone(s);
                yield fixed == s ? value : JSON.createValue(fixed);
            }
            case OBJECT -> {
                JsonObjectBuilder b = JSON.createObjectBuilder();
                for (Map.Entry<String, JsonValue> e : ((JsonObject) value).entrySet()) {
                    b.add(replaceLone(e.getKey()), replaceLone(e.getValue()));
                }
                yield b.build();
            }
            case ARRAY -> {
                JsonArrayBuilder b = JSON.createArrayBuilder();
                for (JsonValue v : (JsonArray) value) {
                    b.add(replaceLone(v));
                }
                yield b.build();
            }
            default -> value;
        };
    }
}
