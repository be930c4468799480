package io.github.meteorjob.server.ddp;

import java.time.Duration;

/**
 * Limits and heartbeat settings of the DDP server transport.
 *
 * @param maxFrameSize          largest accepted text frame in bytes; a client sending a larger one is
 *                              disconnected (close code 1011, or 1009 for a fragmented message)
 * @param maxOutstandingMethods methods one connection may have queued or running at once; further calls
 *                              are answered with error 429 without running
 * @param heartbeatInterval     the server pings a connection that has sent nothing for this long
 * @param heartbeatTimeout      and closes it when nothing arrives within this time after the ping
 */
public record DdpServerOptions(int maxFrameSize, int maxOutstandingMethods,
                               Duration heartbeatInterval, Duration heartbeatTimeout) {

    /** 16 MiB. */
    public static final int DEFAULT_MAX_FRAME_SIZE = 16 * 1024 * 1024;
    public static final int DEFAULT_MAX_OUTSTANDING_METHODS = 1000;
    /** 15 s, as Meteor's server. */
    public static final Duration DEFAULT_HEARTBEAT_INTERVAL = Duration.ofSeconds(15);
    /** 15 s, as Meteor's server. */
    public static final Duration DEFAULT_HEARTBEAT_TIMEOUT = Duration.ofSeconds(15);

    public DdpServerOptions {
        if (maxFrameSize < 1024) {
            throw new IllegalArgumentException("maxFrameSize must be at least 1024 bytes, got " + maxFrameSize);
        }
        if (maxOutstandingMethods < 1) {
            throw new IllegalArgumentException("maxOutstandingMethods must be at least 1, got " + maxOutstandingMethods);
        }
        if (heartbeatInterval == null || heartbeatInterval.isNegative() || heartbeatInterval.isZero()) {
            throw new IllegalArgumentException("heartbeatInterval must be positive, got " + heartbeatInterval);
        }
        if (heartbeatTimeout == null || heartbeatTimeout.isNegative() || heartbeatTimeout.isZero()) {
            throw new IllegalArgumentException("heartbeatTimeout must be positive, got " + heartbeatTimeout);
        }
    }

    public static DdpServerOptions defaults() {
        return new DdpServerOptions(DEFAULT_MAX_FRAME_SIZE, DEFAULT_MAX_OUTSTANDING_METHODS,
                DEFAULT_HEARTBEAT_INTERVAL, DEFAULT_HEARTBEAT_TIMEOUT);
    }

    public DdpServerOptions withMaxFrameSize(int bytes) {
        return new DdpServerOptions(bytes, maxOutstandingMethods, heartbeatInterval, heartbeatTimeout);
    }

    public DdpServerOptions withMaxOutstandingMethods(int count) {
        return new DdpServerOptions(maxFrameSize, count, heartbeatInterval, heartbeatTimeout);
    }

    public DdpServerOptions withHeartbeat(Duration interval, Duration timeout) {
        return new DdpServerOptions(maxFrameSize, maxOutstandingMethods, interval, timeout);
    }
}
