package io.github.meteorjob.ddp;

import io.github.meteorjob.DdpException;
import io.github.meteorjob.ejson.Ejson;

/**
 * A method call that failed on the client's side of the link, without an answer from the server: what the
 * timeout and the connection loss have in common (the call they name, and the copy rethrown on the waiting
 * thread).
 */
abstract class CallFailure extends DdpException {

    private final String method;
    private final String callId;

    CallFailure(String code, String reason, String method, String callId, Throwable cause) {
        super(Ejson.provider().createValue(code), reason, null, cause);
        this.method = method;
        this.callId = callId;
    }

    /**
     * The same failure, to be thrown on the thread that waited for it: its stack trace shows that caller, and
     * {@code original} (thrown where the failure was noticed) is its cause.
     */
    CallFailure(CallFailure original) {
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
