package io.github.meteorjob.server.ddp;

import io.github.meteorjob.DdpException;
import io.github.meteorjob.wire.MeteorErrors;
import jakarta.json.JsonObject;

/** Meteor error objects as they travel in {@code result} and {@code nosub} messages. */
public final class DdpErrors {

    private DdpErrors() {
    }

    /** {@code {"error":..,"reason":..,"message":"reason [error]","errorType":"Meteor.Error","details"?:..}}. */
    public static JsonObject toJson(DdpException e) {
        return MeteorErrors.toJson(e);
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
