package io.github.meteorjob;

import jakarta.json.JsonObject;

/**
 * One entry of a job's {@code failures}: the error object the worker sent, with the run's id.
 *
 * @param runId the failed run
 * @param error the whole error object as stored (e.g. {@code {"value":"msg"}} or {@code {"message":..,"exception":..}})
 */
public record JobFailure(String runId, JsonObject error) {

    /** The error's {@code message} or {@code value} when it is a string, else the error object as JSON text. */
    public String message() {
        if (error == null) {
            return null;
        }
        for (String key : new String[] {"message", "value"}) {
            if (error.get(key) instanceof jakarta.json.JsonString s) {
                return s.getString();
            }
        }
        return error.toString();
    }
}
