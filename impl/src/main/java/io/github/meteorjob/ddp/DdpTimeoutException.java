package io.github.meteorjob.ddp;

import io.github.meteorjob.DdpException;
import jakarta.json.spi.JsonProvider;
import java.time.Duration;

/** A method call got no result within its timeout. The call may still have run on the server. */
public class DdpTimeoutException extends DdpException {

    /** Looked up once: the static {@code jakarta.json.Json} methods search the provider on every call. */
    private static final JsonProvider JSON = JsonProvider.provider();

    private final String method;
    private final String callId;
    private final Duration timeout;

    /**
     * @param method  the method name
     * @param callId  the DDP call id
     * @param timeout the timeout that elapsed
     */
    public DdpTimeoutException(String method, String callId, Duration timeout) {
        super(JSON.createValue("timeout"),
                "No result for method '" + method + "' (call id " + callId + ") within " + timeout, null);
        this.method = method;
        this.callId = callId;
        this.timeout = timeout;
    }

    /**
     * The same failure, to be thrown on the thread that waited for it: its stack trace shows that caller, and
     * {@code original} (thrown where the timeout was noticed) is its cause.
     */
    public DdpTimeoutException(DdpTimeoutException original) {
        super(original.error(), original.reason(), original.details(), original);
        this.method = original.method;
        this.callId = original.callId;
        this.timeout = original.timeout;
    }

    /** The method name. */
    public String method() {
        return method;
    }

    /** The DDP call id. */
    public String callId() {
        return callId;
    }

    /** The timeout that elapsed. */
    public Duration timeout() {
        return timeout;
    }
}
