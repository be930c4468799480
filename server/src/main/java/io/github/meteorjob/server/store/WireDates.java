package io.github.meteorjob.server.store;

import io.github.meteorjob.ejson.Ejson;
import jakarta.json.JsonValue;

import java.time.Instant;

/** EJSON dates of stored documents, through the shared EJSON codec. */
final class WireDates {

    private WireDates() {
    }

    static JsonValue date(Instant t) {
        return Ejson.date(t);
    }

    static Instant instant(JsonValue v) {
        return Ejson.instant(v);
    }
}
