package io.github.meteorjob.it.cdi;

import io.github.meteorjob.server.EmbeddedJobServer;
import jakarta.json.JsonObject;

import java.util.Optional;

/** Reads job documents straight from the embedded server's store (no client in between). */
record StoredJobs(EmbeddedJobServer server, String root) {

    Optional<JsonObject> doc(String id) {
        return server.collection(root).job(id);
    }

    String status(String id) {
        return doc(id).map(d -> d.getString("status", "?")).orElse("missing");
    }

    /** The last failure's error object, or {@code null}. */
    JsonObject lastFailure(String id) {
        JsonObject d = doc(id).orElseThrow();
        if (!d.containsKey("failures") || d.getJsonArray("failures").isEmpty()) {
            return null;
        }
        var failures = d.getJsonArray("failures");
        return failures.getJsonObject(failures.size() - 1);
    }
}
