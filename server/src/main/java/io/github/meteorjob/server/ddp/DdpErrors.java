package io.github.meteorjob.server.ddp;

import io.github.meteorjob.DdpException;
import static io.github.meteorjob.server.ddp.JsonSupport.JSON;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;

/** Meteor error objects as they travel in {@code result} and {@code nosub} messages. */
public final class DdpErrors {

    private DdpErrors() {
    }

    /** {@code {"error":..,"reason":..,"message":"reason [error]","errorType":"Meteor.Error","details"?:..}}. */
    public static JsonObject toJson(DdpException e) {
        JsonObjectBuilder b = JSON.createObjectBuilder().add("error", e.error());
        if (e.reason() != null) {
            b.add("reason", e.reason());
        }
        b.add("message", e.getMessage()).add("errorType", "Meteor.Error");
        if (e.details() != null && e.details() != JsonValue.NULL) {
            b.add("details", e.details());
        }
        return b.build();
    }

    public static DdpException internal() {
        return new DdpException(500, "Internal server error");
    }

    public static DdpException methodNotFound(String name) {
        return new DdpException(404, "Method '" + name + "' not found");
    }

    public static DdpException subscriptionNotFound(String name) {
        return new DdpException(404, "Subscription '" + name + "' not found");
    }

    public static DdpException methodNotAuthorized() {
        return new DdpException(403, "Method not authorized");
    }

    public static DdpException subscriptionNotAuthorized() {
        return new DdpException(403, "Subscription not authorized");
    }
}
