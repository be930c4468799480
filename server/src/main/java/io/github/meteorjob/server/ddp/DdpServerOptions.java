package io.github.meteorjob.server.ddp;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.Locale;

/**
 * Limits, heartbeat and handshake settings of the DDP server transport.
 *
 * @param maxFrameSize             largest accepted text frame in bytes; a client sending a larger one is
 *                                 disconnected (close code 1011, or 1009 for a fragmented message)
 * @param maxOutstandingMethods    methods one connection may have queued or running at once; further calls
 *                                 are answered with error 429 without running
 * @param heartbeatInterval        the server pings a connection that has sent nothing for this long
 * @param heartbeatTimeout         and closes it when nothing arrives within this time after the ping
 * @param maxQueuedBytes           characters of messages one connection may have waiting to be sent; a client
 *                                 that does not read them is closed (1008) instead of growing the heap. A
 *                                 single larger message still goes out when nothing else is waiting
 * @param maxConnections           open connections in total; further upgrades get HTTP 503
 * @param maxConnectionsPerAddress open connections from one remote address; further upgrades get HTTP 503
 * @param allowedOrigins           browser origins ({@code scheme://host[:port]}) allowed to connect besides
 *                                 the server's own; upgrades with any other {@code Origin} get HTTP 403.
 *                                 Requests without {@code Origin} (non-browser clients) are always allowed
 */
public record DdpServerOptions(int maxFrameSize, int maxOutstandingMethods,
                               Duration heartbeatInterval, Duration heartbeatTimeout,
                               long maxQueuedBytes, int maxConnections, int maxConnectionsPerAddress,
                               List<String> allowedOrigins) {

    /** 16 MiB. */
    public static final int DEFAULT_MAX_FRAME_SIZE = 16 * 1024 * 1024;
    public static final int DEFAULT_MAX_OUTSTANDING_METHODS = 1000;
    /** 15 s, as Meteor's server. */
    public static final Duration DEFAULT_HEARTBEAT_INTERVAL = Duration.ofSeconds(15);
    /** 15 s, as Meteor's server. */
    public static final Duration DEFAULT_HEARTBEAT_TIMEOUT = Duration.ofSeconds(15);
    /** 16 Mi characters per connection. */
    public static final long DEFAULT_MAX_QUEUED_BYTES = 16L * 1024 * 1024;
    public static final int DEFAULT_MAX_CONNECTIONS = 1000;
    /** Generous because on a loopback-only server every client has the same address. */
    public static final int DEFAULT_MAX_CONNECTIONS_PER_ADDRESS = 200;

    public DdpServerOptions {
        atLeast("maxFrameSize", maxFrameSize, 1024);
        atLeast("maxOutstandingMethods", maxOutstandingMethods, 1);
        positive("heartbeatInterval", heartbeatInterval);
        positive("heartbeatTimeout", heartbeatTimeout);
        atLeast("maxQueuedBytes", maxQueuedBytes, 1024);
        atLeast("maxConnections", maxConnections, 1);
        atLeast("maxConnectionsPerAddress", maxConnectionsPerAddress, 1);
        List<String> origins = new ArrayList<>();
        for (String origin : allowedOrigins == null ? List.<String>of() : allowedOrigins) {
            origins.add(normalizeOrigin(origin));
        }
        allowedOrigins = List.copyOf(origins);
    }

    /** Refuses a component below its minimum, naming it. */
    private static void atLeast(String component, long value, long min) {
        if (value < min) {
            throw new IllegalArgumentException(component + " must be at least " + min + ", got " + value);
        }
    }

    /** Refuses a missing, zero or negative duration, naming the component. */
    private static void positive(String component, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(component + " must be positive, got " + value);
        }
    }

    public static DdpServerOptions defaults() {
        return new DdpServerOptions(DEFAULT_MAX_FRAME_SIZE, DEFAULT_MAX_OUTSTANDING_METHODS,
                DEFAULT_HEARTBEAT_INTERVAL, DEFAULT_HEARTBEAT_TIMEOUT, DEFAULT_MAX_QUEUED_BYTES,
                DEFAULT_MAX_CONNECTIONS, DEFAULT_MAX_CONNECTIONS_PER_ADDRESS, List.of());
    }

    public DdpServerOptions withMaxFrameSize(int bytes) {
        return with(c -> c.maxFrameSize = bytes);
    }

    public DdpServerOptions withMaxOutstandingMethods(int count) {
        return with(c -> c.maxOutstandingMethods = count);
    }

    public DdpServerOptions withHeartbeat(Duration interval, Duration timeout) {
        return with(c -> {
            c.heartbeatInterval = interval;
            c.heartbeatTimeout = timeout;
        });
    }

    public DdpServerOptions withMaxQueuedBytes(long bytes) {
        return with(c -> c.maxQueuedBytes = bytes);
    }

    public DdpServerOptions withMaxConnections(int total, int perAddress) {
        return with(c -> {
            c.maxConnections = total;
            c.maxConnectionsPerAddress = perAddress;
        });
    }

    /** Adds a browser origin such as {@code https://dashboard.example:8443} to {@link #allowedOrigins}. */
    public DdpServerOptions withAllowedOrigin(String origin) {
        return with(c -> c.allowedOrigins.add(origin));
    }

    /** A copy with one change: the {@code with...} methods differ only in the components they set. */
    private DdpServerOptions with(Consumer<Copy> change) {
        Copy c = new Copy();
        change.accept(c);
        return new DdpServerOptions(c.maxFrameSize, c.maxOutstandingMethods, c.heartbeatInterval, c.heartbeatTimeout,
                c.maxQueuedBytes, c.maxConnections, c.maxConnectionsPerAddress, c.allowedOrigins);
    }

    /** This record's components, to change before {@link #with} builds the copy. */
    private final class Copy {
        int maxFrameSize = maxFrameSize();
        int maxOutstandingMethods = maxOutstandingMethods();
        Duration heartbeatInterval = heartbeatInterval();
        Duration heartbeatTimeout = heartbeatTimeout();
        long maxQueuedBytes = maxQueuedBytes();
        int maxConnections = maxConnections();
        int maxConnectionsPerAddress = maxConnectionsPerAddress();
        final List<String> allowedOrigins = new ArrayList<>(allowedOrigins());
    }

    /**
     * {@code scheme://host:port} in lower case with the scheme's default port filled in.
     *
     * @throws IllegalArgumentException when {@code origin} is not an http(s) origin
     */
    static String normalizeOrigin(String origin) {
        URI uri;
        try {
            uri = URI.create(origin == null ? "" : origin.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not an origin (scheme://host[:port]): '" + origin + "'", e);
        }
        String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
        if (scheme == null || !(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null
                || (uri.getRawPath() != null && !uri.getRawPath().isEmpty() && !uri.getRawPath().equals("/"))
                || uri.getRawQuery() != null || uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException("not an origin (http[s]://host[:port]): '" + origin + "'");
        }
        int port = uri.getPort() != -1 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
        return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + ":" + port;
    }
}
