package io.github.meteorjob.ddp;

import jakarta.json.Json;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static io.github.meteorjob.ddp.DdpTestSupport.await;
import static io.github.meteorjob.ddp.DdpTestSupport.fast;
import static io.github.meteorjob.ddp.DdpTestSupport.params;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class DdpBadInputTest extends ScriptedServerFixture {

    @BeforeEach
    void scriptServer() {
        server.onMethod("echo", p -> p.get(0));
    }

    private void stillWorks() {
        assertThat(await(client.call("echo", params("ok")))).isEqualTo(Json.createValue("ok"));
        assertThat(client.state()).isEqualTo(ConnectionState.CONNECTED);
        assertThat(server.connectionCount()).isEqualTo(1);
    }

    @Test
    void malformedJsonIsCountedAndIgnored() {
        connectFast();
        server.send("{not json");
        server.send("[1,2]");
        server.send("42");
        server.send("{\"msg\":7}");
        server.send("{\"msg\":\"result\"}");
        server.send("{\"msg\":\"added\",\"collection\":5}");
        await().until(() -> client.stats().malformedFrames() == 6);
        stillWorks();
    }

    @Test
    void unknownMessagesAreCounted() {
        connectFast();
        server.send("{\"msg\":\"surprise\"}");
        server.send("{\"msg\":\"error\",\"reason\":\"Bad request\",\"offendingMessage\":\"x\"}");
        await().until(() -> client.stats().unknownMessages() == 1);
        stillWorks();
    }

    @Test
    void resultsForUnknownIdsAreCounted() {
        connectFast();
        server.send("{\"msg\":\"result\",\"id\":\"999999\",\"result\":1}");
        await().until(() -> client.stats().unknownResultIds() == 1);
        stillWorks();
    }

    @Test
    void oversizedFramesAreDroppedAndCounted() {
        client = DdpClient.create(fast(server).maxFrameSize(4096).build());
        await(client.connect());
        String big = "x".repeat(10_000);
        server.send("{\"msg\":\"added\",\"collection\":\"c\",\"id\":\"1\",\"fields\":{\"big\":\"" + big + "\"}}");
        await().until(() -> client.stats().oversizedFrames() == 1);
        assertThat(client.collection("c").size()).isZero();
        stillWorks();
    }

    @Test
    void framesUpToTheLimitAreAccepted() {
        connectFast();
        // larger than Tyrus' default 4 MB incoming buffer, below the 16 MiB default limit
        String big = "y".repeat(6 * 1024 * 1024);
        server.send("{\"msg\":\"added\",\"collection\":\"c\",\"id\":\"1\",\"fields\":{\"big\":\"" + big + "\"}}");
        await().until(() -> client.collection("c").size() == 1);
        assertThat(client.collection("c").get("1").orElseThrow().getString("big")).hasSize(big.length());
        stillWorks();
    }

    @Test
    void throwingListenersDoNotBreakTheClient() {
        connectFast();
        client.collection("c").addListener(new DocumentListener() {
            @Override
            public void added(String collection, String id, jakarta.json.JsonObject fields) {
                throw new IllegalStateException("listener bug");
            }
        });
        client.addConnectionListener(new ConnectionListener() {
            @Override
            public void stateChanged(ConnectionState previous, ConnectionState current, Throwable cause) {
                throw new IllegalStateException("listener bug");
            }
        });
        server.added("c", "1", Json.createObjectBuilder().build());
        await().until(() -> client.collection("c").size() == 1);
        stillWorks();
    }
}
