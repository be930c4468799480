package io.github.meteorjob;

import java.time.Instant;

/**
 * Fired asynchronously by the CDI integration ({@code @ObservesAsync ConnectionEvent}) when the
 * application's job server connection changes.
 *
 * @param kind   what happened
 * @param url    the server URL ({@code meteor-job.url})
 * @param detail a human-readable reason for failures and drops, otherwise {@code null}
 * @param time   when it happened
 */
public record ConnectionEvent(Kind kind, String url, String detail, Instant time) {

    /** Connection milestones. */
    public enum Kind {
        /** The DDP session is established. */
        CONNECTED,
        /** The login (password or token) succeeded. */
        LOGGED_IN,
        /** A connect or login attempt failed; the integration keeps retrying in the background. */
        CONNECT_FAILED,
        /** The link dropped; reconnection is automatic. */
        DISCONNECTED,
        /** The connection was closed for good at shutdown. */
        CLOSED
    }
}
