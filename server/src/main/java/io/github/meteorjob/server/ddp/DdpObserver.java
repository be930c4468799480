package io.github.meteorjob.server.ddp;

import io.github.meteorjob.DdpException;
import jakarta.json.JsonArray;

/**
 * Watches what clients do over DDP, for metrics and the audit log. Called on the connection's method thread
 * after the answer was queued for sending; keep it short and do not throw (exceptions are logged and ignored).
 */
public interface DdpObserver {

    /** A method call a client made, once answered. */
    void methodCalled(MethodCall call);

    /**
     * One answered method call.
     *
     * @param method        the method name as the client sent it
     * @param known         whether the server has a method of that name (else it answered 404)
     * @param connectionId  the DDP session id
     * @param userId        the user logged in when the call arrived, or {@code null}
     * @param remoteAddress the client's address, or {@code null} when unknown
     * @param params        the call's parameters as received (job data included: never log them)
     * @param nanos         how long the method ran
     * @param error         the error answered, or {@code null} when it succeeded
     */
    record MethodCall(String method, boolean known, String connectionId, String userId, String remoteAddress,
                      JsonArray params, long nanos, DdpException error) {

        /** The error's code as a label: its number or string ({@code 403}, {@code too-many-requests}), or {@code null}. */
        public String errorCode() {
            if (error == null) {
                return null;
            }
            return error.error() instanceof jakarta.json.JsonString s ? s.getString() : String.valueOf(error.errorCode());
        }
    }
}
