package io.github.meteorjob.wire;

import io.github.meteorjob.DdpException;
import io.github.meteorjob.ejson.Ejson;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

/**
 * Meteor error objects ({@code Meteor.Error}) as they travel in the {@code error} field of DDP
 * {@code result} and {@code nosub} messages, in both directions: the server writes them, the client
 * reads them back into a {@link DdpException}.
 */
public final class MeteorErrors {

    private MeteorErrors() {
    }

    /** {@code {"error":..,"reason"?:..,"message":"reason [error]","errorType":"Meteor.Error","details"?:..}}. */
    public static JsonObject toJson(DdpException e) {
        JsonObjectBuilder b = Ejson.builders().createObjectBuilder().add("error", e.error());
        if (e.reason() != null) {
            b.add("reason", e.reason());
        }
        b.add("message", e.getMessage()).add("errorType", "Meteor.Error");
        if (e.details() != null && e.details() != JsonValue.NULL) {
            b.add("details", e.details());
        }
        return b.build();
    }

    /**
     * The exception an {@code error} field describes: its {@code error} code, its {@code reason} (or,
     * when there is none, its {@code message}) and its {@code details}. A value that is not an object
     * is taken as the code itself.
     */
    public static DdpException fromJson(JsonValue error) {
        if (error instanceof JsonObject e) {
            JsonValue reason = e.get("reason");
            String r = reason instanceof JsonString s ? s.getString()
                    : e.get("message") instanceof JsonString s2 ? s2.getString() : null;
            return new DdpException(e.containsKey("error") ? e.get("error") : JsonValue.NULL, r, e.get("details"));
        }
        return new DdpException(error, null, null);
    }
}
