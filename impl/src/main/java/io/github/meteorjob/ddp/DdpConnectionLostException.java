package io.github.meteorjob.ddp;

/**
 * The link dropped (or the client was closed) before a call's result arrived and the call
 * was not idempotent, so it is not sent again: whether it ran on the server is unknown.
 */
public class DdpConnectionLostException extends CallFailure {

    /**
     * @param method the method name
     * @param callId the DDP call id, {@code null} when the call was never sent
     * @param what   what happened to the connection
     * @param cause  the failure that ended the link, if any
     */
    public DdpConnectionLostException(String method, String callId, String what, Throwable cause) {
        super("connection-lost", "Connection lost before the result of method '" + method + "' (call id " + callId
                + ") arrived: " + what, method, callId, cause);
    }

    /**
     * The same failure, to be thrown on the thread that waited for it: its stack trace shows that caller, and
     * {@code original} (thrown where the connection loss was noticed) is its cause.
     */
    public DdpConnectionLostException(DdpConnectionLostException original) {
        super(original);
    }
}
