package io.github.meteorjob;

import jakarta.json.JsonObject;

import java.time.Instant;

/**
 * One entry of a job's log.
 *
 * @param time    when it was written
 * @param runId   the run it belongs to, or {@code null}
 * @param level   its level
 * @param message its text
 * @param data    extra data, or {@code null}
 */
public record JobLogEntry(Instant time, String runId, LogLevel level, String message, JsonObject data) {
}
