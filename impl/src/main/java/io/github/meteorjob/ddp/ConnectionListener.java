package io.github.meteorjob.ddp;

/**
 * Receives connection events. Callbacks run on the client's I/O or timer threads and must not
 * block; exceptions they throw are logged and ignored.
 */
public interface ConnectionListener {

    /**
     * The connection moved from {@code previous} to {@code current}.
     *
     * @param cause why, when the change was caused by a failure (for example the link dropped); else {@code null}
     */
    default void stateChanged(ConnectionState previous, ConnectionState current, Throwable cause) {
    }

    /** A login succeeded (first login or the automatic re-login after a reconnect). */
    default void loggedIn(LoginResult login) {
    }

    /** The client logged out, or a re-login with the kept resume token was refused. */
    default void loggedOut() {
    }

    /**
     * A method call ended, whoever made it (the application, a job collection, the client's own login): its result
     * or error arrived, it timed out, or the link dropped or the client closed before its result. Told once per call,
     * before the call's stage completes.
     *
     * @param method  the method name as sent (a job collection's are {@code <root>_<method>})
     * @param nanos   from when the call was made, including any wait for a link, to its end
     * @param failure why it failed (the server's {@link io.github.meteorjob.DdpException}, a
     *                {@link DdpTimeoutException}, a {@link DdpConnectionLostException}), or {@code null} when it succeeded
     */
    default void callCompleted(String method, long nanos, Throwable failure) {
    }
}
