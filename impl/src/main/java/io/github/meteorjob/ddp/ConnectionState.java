package io.github.meteorjob.ddp;

/** The state of a {@link DdpClient}'s connection. */
public enum ConnectionState {
    /** Not connected and not trying (before {@code connect()}). */
    DISCONNECTED,
    /** The first connection attempt is under way. */
    CONNECTING,
    /** The DDP session is established (and, with credentials, logged in). */
    CONNECTED,
    /** The link dropped; waiting for or performing a reconnection attempt. */
    RECONNECTING,
    /** Closed for good ({@code close()}, or reconnection gave up). */
    CLOSED
}
