package io.github.meteorjob.server.ddp;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The transport's limits refuse nonsense naming the setting, and each {@code with...} changes only its own. */
class DdpServerOptionsTest {

    private static final DdpServerOptions DEFAULTS = DdpServerOptions.defaults();

    @Test
    void aValueBelowItsMinimumIsRefusedNamingTheSetting() {
        assertThatThrownBy(() -> DEFAULTS.withMaxFrameSize(1023)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxFrameSize must be at least 1024, got 1023");
        assertThatThrownBy(() -> DEFAULTS.withMaxOutstandingMethods(0))
                .hasMessage("maxOutstandingMethods must be at least 1, got 0");
        assertThatThrownBy(() -> DEFAULTS.withMaxQueuedBytes(100))
                .hasMessage("maxQueuedBytes must be at least 1024, got 100");
        assertThatThrownBy(() -> DEFAULTS.withMaxConnections(0, 1))
                .hasMessage("maxConnections must be at least 1, got 0");
        assertThatThrownBy(() -> DEFAULTS.withMaxConnections(1, -1))
                .hasMessage("maxConnectionsPerAddress must be at least 1, got -1");
    }

    @Test
    void aHeartbeatMustBePositive() {
        assertThatThrownBy(() -> DEFAULTS.withHeartbeat(Duration.ZERO, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("heartbeatInterval must be positive, got PT0S");
        assertThatThrownBy(() -> DEFAULTS.withHeartbeat(Duration.ofSeconds(1), Duration.ofSeconds(-1)))
                .hasMessage("heartbeatTimeout must be positive, got PT-1S");
        assertThatThrownBy(() -> DEFAULTS.withHeartbeat(null, Duration.ofSeconds(1)))
                .hasMessage("heartbeatInterval must be positive, got null");
    }

    @Test
    void eachWithChangesOnlyItsOwnSettings() {
        DdpServerOptions o = DEFAULTS.withMaxFrameSize(2048).withMaxConnections(7, 3)
                .withAllowedOrigin("HTTPS://Dashboard.example").withHeartbeat(Duration.ofSeconds(2), Duration.ofSeconds(3));
        assertThat(o).isEqualTo(new DdpServerOptions(2048, DEFAULTS.maxOutstandingMethods(), Duration.ofSeconds(2),
                Duration.ofSeconds(3), DEFAULTS.maxQueuedBytes(), 7, 3, List.of("https://dashboard.example:443")));
        assertThat(DEFAULTS.allowedOrigins()).isEmpty();
    }
}
