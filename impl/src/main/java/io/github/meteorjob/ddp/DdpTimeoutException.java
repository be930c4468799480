package io.github.meteorjob.ddp;

import java.time.Duration;

/** A method call got no result within its timeout. The call may still have run on the server. */
public class DdpTimeoutException extends CallFailure {

    private final Duration timeout;

    /**
     * @param method  the method name
     * @param callId  the DDP call id
     * @param timeout the timeout that elapsed
     */
    public DdpTimeoutException(String method, String callId, Duration timeout) {
        super("timeout", "No result for method '" + method + "' (call id " + callId + ") within " + timeout,
                method, callId, null);
        this.timeout = timeout;
    }

    /**
     * The same failure, to be thrown on the thread that waited for it: its stack trace shows that caller, and
     * {@code original} (thrown where the timeout was noticed) is its cause.
     */
    public DdpTimeoutException(DdpTimeoutException original) {
        super(original);
        this.timeout = original.timeout;
    }

    /** The timeout that elapsed. */
    public Duration timeout() {
        return timeout;
    }
}
