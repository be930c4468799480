package io.github.meteorjob.server.store;

import jakarta.json.JsonObject;

import java.time.Instant;

/**
 * One entry of a job's {@code log}.
 *
 * @param runId the run it belongs to, or {@code null}
 * @param level {@code info}, {@code success}, {@code warning} or {@code danger}
 * @param data  optional structured data (EJSON wire form), or {@code null}
 */
public record LogEntry(Instant time, String runId, String level, String message, JsonObject data) {

    public static LogEntry of(Instant time, String message) {
        return new LogEntry(time, null, "info", message, null);
    }
}
