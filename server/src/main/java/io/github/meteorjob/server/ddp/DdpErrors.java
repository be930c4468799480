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

    /**
     * Meteor's 403 "Method not authorized", with {@code details} naming what was missing, e.g.
     * "queue_getWork needs level worker, admin; user 'bob' has creator".
     */
    public static DdpException methodNotAuthorized(String name, java.util.Set<String> levels, String caller) {
        return new DdpException(JsonSupport.JSON.createValue(403), "Method not authorized",
                JsonSupport.JSON.createValue(needs(name, levels, caller)));
    }

    private static String needs(String name, java.util.Set<String> levels, String caller) {
        java.util.List<String> any = new java.util.ArrayList<>(new java.util.TreeSet<>(levels));
        any.remove("admin");
        any.add("admin"); // admin may call everything
        return name + " needs level " + String.join(", ", any) + "; " + caller;
    }
}
