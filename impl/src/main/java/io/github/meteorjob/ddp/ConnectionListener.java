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
}
