package io.github.meteorjob;

import jakarta.json.spi.JsonProvider;
import jakarta.json.JsonValue;

/**
 * A DDP method error ({@code Meteor.Error}): the server's {@code error} code (a number such
 * as 403 or a string such as {@code "validation-error"}), a human {@code reason} and optional
 * {@code details}. Subclasses describe failures on the client side of the link.
 */
public class DdpException extends RuntimeException {

    /** Looked up once: the static {@code jakarta.json.Json} methods search the provider on every call. */
    private static final JsonProvider JSON = JsonProvider.provider();

    private final JsonValue error;
    private final String reason;
    private final JsonValue details;

    public DdpException(JsonValue error, String reason, JsonValue details) {
        this(error, reason, details, null);
    }

    public DdpException(JsonValue error, String reason, JsonValue details, Throwable cause) {
        super(message(error, reason), cause);
        this.error = error == null ? JsonValue.NULL : error;
        this.reason = reason;
        this.details = details == null ? JsonValue.NULL : details;
    }

    /** An error with a numeric code, as Meteor sends for 400, 403, 404. */
    public DdpException(int error, String reason) {
        this(JSON.createValue(error), reason, null);
    }

    /** An error with a string code such as {@code "validation-error"}. */
    public DdpException(String error, String reason) {
        this(JSON.createValue(error), reason, null);
    }

    private static String message(JsonValue error, String reason) {
        String code = error == null ? "null"
                : error.getValueType() == JsonValue.ValueType.STRING ? ((jakarta.json.JsonString) error).getString()
                : error.toString();
        return (reason == null ? "" : reason) + " [" + code + "]";
    }

    /** The {@code error} code as sent: a JSON number or string. */
    public JsonValue error() {
        return error;
    }

    /** The numeric error code, or -1 when the code is not a number. */
    public int errorCode() {
        return error instanceof jakarta.json.JsonNumber n ? n.intValue() : -1;
    }

    public String reason() {
        return reason;
    }

    /** {@code details}, or {@code JsonValue.NULL}. */
    public JsonValue details() {
        return details;
    }
}
