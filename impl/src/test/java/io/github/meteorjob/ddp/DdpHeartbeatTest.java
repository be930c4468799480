package io.github.meteorjob.ddp;

import jakarta.json.Json;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.github.meteorjob.ddp.DdpTestSupport.await;
import static io.github.meteorjob.ddp.DdpTestSupport.failure;
import static io.github.meteorjob.ddp.DdpTestSupport.fast;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class DdpHeartbeatTest extends ScriptedServerFixture {

    @Test
    void serverPingsAreAnsweredWithPongEchoingTheId() {
        connectFast();
        server.ping("abc");
        server.ping(null);
        assertThat(server.awaitFrame(f -> "pong".equals(f.getString("msg", "")) && f.containsKey("id")))
                .isEqualTo(Json.createObjectBuilder().add("msg", "pong").add("id", "abc").build());
        await().until(() -> server.frames("pong").size() == 2);
        assertThat(server.frames("pong")).contains(Json.createObjectBuilder().add("msg", "pong").build());
        assertThat(client.stats().pingsReceived()).isEqualTo(2);
    }

    @Test
    void clientPingsWhenTheLinkIsIdle() {
        client = DdpClient.create(fast(server).heartbeatInterval(Duration.ofMillis(100))
                .heartbeatTimeout(Duration.ofSeconds(5)).build());
        await(client.connect());
        await().atMost(Duration.ofSeconds(5)).until(() -> server.frames("ping").size() >= 2);
        assertThat(client.stats().pingsSent()).isGreaterThanOrEqualTo(2);
        assertThat(client.state()).isEqualTo(ConnectionState.CONNECTED);
        assertThat(server.connectionCount()).isEqualTo(1);
    }

    @Test
    void noPingWhileTrafficFlows() {
        server.onMethod("x", p -> Json.createValue(1));
        client = DdpClient.create(fast(server).heartbeatInterval(Duration.ofMillis(1000))
                .heartbeatTimeout(Duration.ofSeconds(5)).build());
        await(client.connect());
        long end = System.nanoTime() + Duration.ofMillis(1500).toNanos();
        while (System.nanoTime() < end) {
            await(client.call("x", DdpTestSupport.params()));
            server.ping("keepalive"); // inbound traffic keeps the link alive
        }
        assertThat(server.frames("ping")).isEmpty();
    }

    @Test
    void unansweredPingDeclaresTheLinkDeadAndReconnects() {
        server.answerPings(false);
        client = DdpClient.create(fast(server).heartbeatInterval(Duration.ofMillis(100))
                .heartbeatTimeout(Duration.ofMillis(200)).build());
        await(client.connect());
        server.awaitMsg("ping");
        server.awaitConnectionCount(2);
        await().atMost(Duration.ofSeconds(5)).until(() -> client.stats().reconnects() >= 1);
    }

    @Test
    void pingMeasuresARoundTrip() {
        connectFast();
        Duration rtt = await(client.ping());
        assertThat(rtt).isPositive().isLessThan(Duration.ofSeconds(5));
        assertThat(server.frames("ping").get(0).getString("id")).isNotBlank();
    }

    @Test
    void pingWithoutAnswerTimesOut() {
        server.answerPings(false);
        client = DdpClient.create(fast(server).heartbeatTimeout(Duration.ofMillis(150)).build());
        await(client.connect());
        assertThat(failure(client.ping())).isInstanceOf(DdpTimeoutException.class);
    }

    @Test
    void pingWhenNotConnectedFails() {
        client = DdpClient.create(fast(server).build());
        assertThat(failure(client.ping())).isInstanceOf(DdpConnectionLostException.class);
    }
}
