package io.github.meteorjob.ddp;

import org.junit.jupiter.api.Test;

import jakarta.websocket.WebSocketContainer;

import javax.net.ssl.SSLContext;
import java.time.Duration;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DdpClientOptionsTest {

    @Test
    void defaults() {
        DdpClientOptions o = DdpClientOptions.of("ws://localhost:3000/websocket");
        assertThat(o.hostnameVerification()).isTrue();
        assertThat(o.sslContext()).isNull();
        assertThat(o.credentials()).isNull();
        assertThat(o.callTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(o.heartbeatInterval()).isEqualTo(Duration.ofMillis(17_500));
        assertThat(o.heartbeatTimeout()).isEqualTo(Duration.ofSeconds(15));
        assertThat(o.connectTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(o.reconnect()).isEqualTo(ReconnectPolicy.DEFAULT);
        assertThat(o.maxFrameSize()).isEqualTo(16 * 1024 * 1024);
        assertThat(o.container()).isSameAs(DdpClientOptions.DEFAULT_CONTAINER);
        assertThat(o.secure()).isFalse();
        assertThat(DdpClientOptions.of("wss://h/websocket").secure()).isTrue();
    }

    @Test
    void bareServerAddressGetsTheWebsocketPath() {
        assertThat(DdpClientOptions.of("ws://localhost:3000").url().toString()).isEqualTo("ws://localhost:3000/websocket");
        assertThat(DdpClientOptions.of("wss://example.com/").url().toString()).isEqualTo("wss://example.com/websocket");
        assertThat(DdpClientOptions.of("ws://h:1/custom/websocket").url().toString()).isEqualTo("ws://h:1/custom/websocket");
    }

    @Test
    void invalidValuesAreRejectedClearly() {
        assertThatThrownBy(() -> DdpClientOptions.of("http://h/websocket"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ws://");
        assertThatThrownBy(() -> DdpClientOptions.of("ws:///websocket"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("host");
        assertThatThrownBy(() -> DdpClientOptions.of("ws://h h/x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a valid DDP url");
        assertThatThrownBy(() -> DdpClientOptions.builder("ws://h/websocket").callTimeout(Duration.ZERO).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("callTimeout");
        assertThatThrownBy(() -> DdpClientOptions.builder("ws://h/websocket").maxFrameSize(10).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxFrameSize");
        assertThatThrownBy(() -> new ReconnectPolicy(Duration.ofSeconds(2), Duration.ofSeconds(1), 2, 0.5, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxDelay");
        assertThatThrownBy(() -> new ReconnectPolicy(Duration.ofSeconds(1), Duration.ofSeconds(1), 0.5, 0.5, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("multiplier");
        assertThatThrownBy(() -> new ReconnectPolicy(Duration.ofSeconds(1), Duration.ofSeconds(1), 2, 1.5, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("jitter");
        assertThatThrownBy(() -> new CallOptions(Duration.ofSeconds(-1), false))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void toBuilderKeepsEverySetting() throws Exception {
        Supplier<WebSocketContainer> container = () -> null;
        DdpClientOptions o = DdpClientOptions.builder("wss://h:1/websocket").sslContext(SSLContext.getDefault())
                .hostnameVerification(false).resumeToken("tok").connectTimeout(Duration.ofSeconds(1))
                .callTimeout(Duration.ofSeconds(2)).heartbeatInterval(Duration.ZERO)
                .heartbeatTimeout(Duration.ofSeconds(3)).reconnect(ReconnectPolicy.DEFAULT.withMaxAttempts(4))
                .maxFrameSize(2048).container(container).build();
        assertThat(o.toBuilder().build()).isEqualTo(o);
        assertThat(o.toBuilder().maxFrameSize(4096).build()).isEqualTo(new DdpClientOptions(o.url(), o.sslContext(),
                false, o.credentials(), o.connectTimeout(), o.callTimeout(), o.heartbeatInterval(),
                o.heartbeatTimeout(), o.reconnect(), 4096, container));
    }

    @Test
    void toStringHidesSecrets() {
        DdpClientOptions o = DdpClientOptions.builder("ws://h/websocket")
                .login(UserIdentity.email("a@b.c"), "hunter2").build();
        assertThat(o.toString()).doesNotContain("hunter2").contains("a@b.c");
        assertThat(o.toBuilder().resumeToken("tok123").build().toString()).doesNotContain("tok123");
    }
}
