package io.github.meteorjob.ddp;

import jakarta.websocket.ContainerProvider;
import jakarta.websocket.WebSocketContainer;

import javax.net.ssl.SSLContext;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Settings of a {@link DdpClient}. Build with {@link #builder(String)}.
 *
 * @param url                  the server's DDP endpoint, {@code ws://host:port/websocket} or {@code wss://...};
 *                             a bare {@code ws://host:port} gets Meteor's {@code /websocket} path
 * @param sslContext           TLS context for {@code wss://}; {@code null} = the JVM default
 * @param hostnameVerification whether {@code wss://} checks that the certificate matches the host (default true)
 * @param credentials          login performed by {@code connect()}; {@code null} = no login
 * @param connectTimeout       limit for opening the WebSocket and the DDP handshake (default 10 s)
 * @param callTimeout          default per-call timeout (default 60 s)
 * @param heartbeatInterval    idle time after which the client pings (default 17.5 s, Meteor's); zero disables
 * @param heartbeatTimeout     how long a ping may stay unanswered before the link is declared dead (default 15 s)
 * @param reconnect            backoff between reconnection attempts (default {@link ReconnectPolicy#DEFAULT})
 * @param maxFrameSize         largest accepted incoming frame in characters (default 16 MiB)
 * @param container            the WebSocket client container; by default
 *                             {@link ContainerProvider#getWebSocketContainer()}, i.e. the application
 *                             server's own client, or Tyrus in Java SE
 */
public record DdpClientOptions(URI url, SSLContext sslContext, boolean hostnameVerification,
                               DdpCredentials credentials, Duration connectTimeout, Duration callTimeout,
                               Duration heartbeatInterval, Duration heartbeatTimeout, ReconnectPolicy reconnect,
                               int maxFrameSize, Supplier<WebSocketContainer> container) {

    /** Default {@code connectTimeout}: 10 s. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** Default {@code callTimeout}: 60 s. */
    public static final Duration DEFAULT_CALL_TIMEOUT = Duration.ofSeconds(60);
    /** Default {@code heartbeatInterval}: 17.5 s, as Meteor's clients. */
    public static final Duration DEFAULT_HEARTBEAT_INTERVAL = Duration.ofMillis(17_500);
    /** Default {@code heartbeatTimeout}: 15 s. */
    public static final Duration DEFAULT_HEARTBEAT_TIMEOUT = Duration.ofSeconds(15);
    /** Default {@code maxFrameSize}: 16 MiB (characters). */
    public static final int DEFAULT_MAX_FRAME_SIZE = 16 * 1024 * 1024;
    /**
     * The default container supplier: a new container from {@link ContainerProvider}. A client using
     * it owns that container and releases it (its threads) on {@code close()}.
     */
    public static final Supplier<WebSocketContainer> DEFAULT_CONTAINER = ContainerProvider::getWebSocketContainer;

    /**
     * Checks every value and fills {@code null}s with the defaults; a bare {@code ws://host:port} url
     * gets the {@code /websocket} path.
     *
     * @throws IllegalArgumentException naming the setting that is out of range
     */
    public DdpClientOptions {
        Objects.requireNonNull(url, "url");
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("ws") && !scheme.equals("wss")) {
            throw new IllegalArgumentException("DDP url must start with ws:// or wss://, was " + url);
        }
        if (url.getHost() == null) {
            throw new IllegalArgumentException("DDP url has no host: " + url);
        }
        if (url.getRawPath() == null || url.getRawPath().isEmpty() || url.getRawPath().equals("/")) {
            // Meteor serves DDP at /websocket; accept the bare server address as its clients do
            url = URI.create(scheme + "://" + url.getRawAuthority() + "/websocket"
                    + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery()));
        }
        connectTimeout = positive(connectTimeout, DEFAULT_CONNECT_TIMEOUT, "connectTimeout");
        callTimeout = positive(callTimeout, DEFAULT_CALL_TIMEOUT, "callTimeout");
        heartbeatInterval = heartbeatInterval == null ? DEFAULT_HEARTBEAT_INTERVAL : heartbeatInterval;
        if (heartbeatInterval.isNegative()) {
            throw new IllegalArgumentException("heartbeatInterval must not be negative, was " + heartbeatInterval);
        }
        heartbeatTimeout = positive(heartbeatTimeout, DEFAULT_HEARTBEAT_TIMEOUT, "heartbeatTimeout");
        reconnect = reconnect == null ? ReconnectPolicy.DEFAULT : reconnect;
        if (maxFrameSize < 1024) {
            throw new IllegalArgumentException("maxFrameSize must be at least 1024, was " + maxFrameSize);
        }
        container = container == null ? DEFAULT_CONTAINER : container;
    }

    private static Duration positive(Duration d, Duration dflt, String name) {
        if (d == null) {
            return dflt;
        }
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, was " + d);
        }
        return d;
    }

    /** Options with every default for this url. */
    public static DdpClientOptions of(String url) {
        return builder(url).build();
    }

    /** A builder for this url ({@code ws://host:port/websocket} or {@code wss://...}). */
    public static Builder builder(String url) {
        return new Builder().url(url);
    }

    /** A builder starting from these options. */
    public Builder toBuilder() {
        return new Builder().url(url).sslContext(sslContext).hostnameVerification(hostnameVerification)
                .credentials(credentials).connectTimeout(connectTimeout).callTimeout(callTimeout)
                .heartbeatInterval(heartbeatInterval).heartbeatTimeout(heartbeatTimeout).reconnect(reconnect)
                .maxFrameSize(maxFrameSize).container(container);
    }

    /** Whether the url is {@code wss://}. */
    public boolean secure() {
        return "wss".equalsIgnoreCase(url.getScheme());
    }

    @Override
    public String toString() {
        return "DdpClientOptions[url=" + url + ", tls=" + (sslContext != null ? "custom" : "default")
                + ", hostnameVerification=" + hostnameVerification + ", credentials=" + credentials
                + ", connectTimeout=" + connectTimeout + ", callTimeout=" + callTimeout
                + ", heartbeatInterval=" + heartbeatInterval + ", heartbeatTimeout=" + heartbeatTimeout
                + ", reconnect=" + reconnect + ", maxFrameSize=" + maxFrameSize + "]";
    }

    /** Builder of {@link DdpClientOptions}; unset values take the defaults. */
    public static final class Builder {
        private URI url;
        private SSLContext sslContext;
        private boolean hostnameVerification = true;
        private DdpCredentials credentials;
        private Duration connectTimeout;
        private Duration callTimeout;
        private Duration heartbeatInterval;
        private Duration heartbeatTimeout;
        private ReconnectPolicy reconnect;
        private int maxFrameSize = DEFAULT_MAX_FRAME_SIZE;
        private Supplier<WebSocketContainer> container;

        private Builder() {
        }

        /** The server's DDP endpoint; {@link IllegalArgumentException} when it is not a URI. */
        public Builder url(String url) {
            Objects.requireNonNull(url, "url");
            try {
                this.url = URI.create(url);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("not a valid DDP url: '" + url + "'", e);
            }
            return this;
        }

        /** The server's DDP endpoint. */
        public Builder url(URI url) {
            this.url = url;
            return this;
        }

        /** TLS context for {@code wss://}; {@code null} = the JVM default. */
        public Builder sslContext(SSLContext sslContext) {
            this.sslContext = sslContext;
            return this;
        }

        /** Whether {@code wss://} checks the certificate against the host name (default true). */
        public Builder hostnameVerification(boolean hostnameVerification) {
            this.hostnameVerification = hostnameVerification;
            return this;
        }

        /** Login performed by {@code connect()}; {@code null} = none. */
        public Builder credentials(DdpCredentials credentials) {
            this.credentials = credentials;
            return this;
        }

        /** Shorthand for {@code credentials(DdpCredentials.password(user, password))}. */
        public Builder login(UserIdentity user, String password) {
            return credentials(DdpCredentials.password(user, password));
        }

        /** Shorthand for {@code credentials(DdpCredentials.resumeToken(token))}. */
        public Builder resumeToken(String token) {
            return credentials(DdpCredentials.resumeToken(token));
        }

        /** Limit for opening the WebSocket and the DDP handshake. */
        public Builder connectTimeout(Duration connectTimeout) {
            this.connectTimeout = connectTimeout;
            return this;
        }

        /** Default per-call timeout. */
        public Builder callTimeout(Duration callTimeout) {
            this.callTimeout = callTimeout;
            return this;
        }

        /** Idle time after which the client pings; zero disables heartbeats. */
        public Builder heartbeatInterval(Duration heartbeatInterval) {
            this.heartbeatInterval = heartbeatInterval;
            return this;
        }

        /** How long a ping may stay unanswered before the link is declared dead. */
        public Builder heartbeatTimeout(Duration heartbeatTimeout) {
            this.heartbeatTimeout = heartbeatTimeout;
            return this;
        }

        /** When to try again after the connection dropped. */
        public Builder reconnect(ReconnectPolicy reconnect) {
            this.reconnect = reconnect;
            return this;
        }

        /** Largest accepted incoming frame in characters (at least 1024). */
        public Builder maxFrameSize(int maxFrameSize) {
            this.maxFrameSize = maxFrameSize;
            return this;
        }

        /** Supplier of the WebSocket client container. */
        public Builder container(Supplier<WebSocketContainer> container) {
            this.container = container;
            return this;
        }

        /** The options; {@link IllegalArgumentException} naming any invalid setting. */
        public DdpClientOptions build() {
            return new DdpClientOptions(url, sslContext, hostnameVerification, credentials, connectTimeout,
                    callTimeout, heartbeatInterval, heartbeatTimeout, reconnect, maxFrameSize, container);
        }
    }
}
