package io.github.meteorjob.server.store;

import jakarta.json.Json;
import jakarta.json.JsonValue;

import java.time.Instant;

/** EJSON dates of stored documents; delegates to the shared EJSON codec. */
final class WireDates {

    private WireDates() {
    }

    static JsonValue date(Instant t) {
        return Json.createObjectBuilder().add("$date", t.toEpochMilli()).build();
    }

    static Instant instant(JsonValue v) {
        return Instant.ofEpochMilli(v.asJsonObject().getJsonNumber("$date").longValue());
    }
}
