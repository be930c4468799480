package io.github.meteorjob.ddp;

import io.github.meteorjob.DdpException;
import jakarta.json.spi.JsonProvider;

/**
 * The link dropped (or the client was closed) before a call's result arrived and the call
 * was not idempotent, so it is not sent again: whether it ran on the server is unknown.
 */
public class DdpConnectionLostException extends DdpException {

    /** Looked up once: the static {@code jakarta.json.Json} methods search the provider on every call. */
    private static final JsonProvider JSON = JsonProvider.provider();

    private final String method;
    private final String callId;

    /**
     * @param method the method name
     * @param callId the DDP call id, {@code null} when the call was never sent
     * @param what   what happened to the connection
     * @param cause  the failure that ended the link, if any
     */
    public DdpConnectionLostException(String method, String callId, String what, Throwable cause) {
        super(JSON.createValue("connection-lost"),
                "Connection lost before the result of method '" + method + "' (call id " + callId + ") arrived: "
                        + what, null, cause);
        this.method = method;
        this.callId = callId;
    }

    /**
     * The same failure, to be thrown on the thread that waited for it: its stack trace shows that caller, and
     * {@code original} (thrown where the connection loss was noticed) is its cause.
     */
    public DdpConnectionLostException(DdpConnectionLostException original) {
        super(original.error(), original.reason(), original.details(), original);
        this.method = original.method;
        this.callId = original.callId;
    }

    /** The method name. */
    public String method() {
        return method;
    }

    /** The DDP call id, or {@code null} when the call was never sent. */
    public String callId() {
        return callId;
    }
}
