package io.github.meteorjob.ddp;

import io.github.meteorjob.DdpException;
import io.github.meteorjob.testing.ScriptedDdpServer;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.github.meteorjob.ddp.DdpTestSupport.await;
import static io.github.meteorjob.ddp.DdpTestSupport.failure;
import static io.github.meteorjob.ddp.DdpTestSupport.fast;
import static io.github.meteorjob.ddp.DdpTestSupport.params;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class DdpClientTest extends ScriptedServerFixture {

    @Test
    void handshakeSendsConnectWithVersionsAndReachesConnected() {
        client = DdpClient.create(fast(server).build());
        assertThat(client.state()).isEqualTo(ConnectionState.DISCONNECTED);
        List<ConnectionState> states = new CopyOnWriteArrayList<>();
        client.addConnectionListener(new ConnectionListener() {
            @Override
            public void stateChanged(ConnectionState previous, ConnectionState current, Throwable cause) {
                states.add(current);
            }
        });
        await(client.connect());
        assertThat(client.state()).isEqualTo(ConnectionState.CONNECTED);
        assertThat(states).containsExactly(ConnectionState.CONNECTING, ConnectionState.CONNECTED);
        JsonObject connect = server.frames().get(0);
        assertThat(connect).isEqualTo(Json.createObjectBuilder().add("msg", "connect").add("version", "1")
                .add("support", Json.createArrayBuilder().add("1").add("pre2").add("pre1")).build());
    }

    @Test
    void versionRefusedFailsConnectNamingTheVersions() {
        server.supportedVersions("2");
        client = DdpClient.create(fast(server).build());
        Throwable t = failure(client.connect());
        assertThat(t).isInstanceOf(DdpException.class)
                .hasMessageContaining("version 1")
                .hasMessageContaining("[1, pre2, pre1]")
                .hasMessageContaining("proposed 2");
        assertThat(client.state()).isEqualTo(ConnectionState.DISCONNECTED);
    }

    @Test
    void serverProposingAnotherSupportedVersionIsFollowed() {
        server.supportedVersions("pre2");
        connectFast();
        assertThat(server.frames("connect")).extracting(f -> f.getString("version")).containsExactly("1", "pre2");
    }

    @Test
    void framesWithoutMsgAreIgnored() {
        // the server sends {"server_id":"0"} before "connected" on every connection
        connectFast();
        server.onMethod("echo", p -> p.get(0));
        server.send("{\"server_id\":\"0\"}");
        server.send("{\"hello\":1}");
        assertThat(await(client.call("echo", params("x")))).isEqualTo(Json.createValue("x"));
        DdpStats stats = client.stats();
        assertThat(stats.malformedFrames()).isZero();
        assertThat(stats.unknownMessages()).isZero();
    }

    @Test
    void manyConcurrentCallsAnsweredOutOfOrderAreMatchedById() throws Exception {
        List<ScriptedDdpServer.MethodCall> held = new CopyOnWriteArrayList<>();
        server.onCall("square", held::add);
        connectFast();
        int n = 500;
        List<CompletableFuture<JsonValue>> results = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        List<CompletableFuture<JsonValue>> sync = Collections.synchronizedList(new ArrayList<>());
        for (int t = 0; t < 4; t++) {
            int base = t * (n / 4);
            Thread th = new Thread(() -> {
                for (int i = base; i < base + n / 4; i++) {
                    sync.add(client.call("square", params(i)).toCompletableFuture()
                            .thenApply(v -> v));
                }
            });
            threads.add(th);
            th.start();
        }
        for (Thread th : threads) {
            th.join();
        }
        results.addAll(sync);
        await().atMost(Duration.ofSeconds(10)).until(() -> held.size() == n);
        List<ScriptedDdpServer.MethodCall> shuffled = new ArrayList<>(held);
        Collections.shuffle(shuffled);
        for (ScriptedDdpServer.MethodCall c : shuffled) {
            int x = c.params().getInt(0);
            c.result(Json.createValue((long) x * x));
        }
        CompletableFuture.allOf(results.toArray(new CompletableFuture[0])).get();
        // every call got the square of its own argument: ids were matched, not order
        List<String> ids = new ArrayList<>();
        for (JsonObject f : server.frames("method")) {
            ids.add(f.getString("id"));
        }
        assertThat(ids).doesNotHaveDuplicates().hasSize(n);
        for (ScriptedDdpServer.MethodCall c : held) {
            assertThat(c.id()).isNotBlank();
        }
        long sumResults = results.stream().mapToLong(f -> f.join().toString().isEmpty() ? 0
                : Long.parseLong(f.join().toString())).sum();
        long expected = 0;
        for (int i = 0; i < n; i++) {
            expected += (long) i * i;
        }
        assertThat(sumResults).isEqualTo(expected);
        assertThat(client.stats().results()).isEqualTo(n);
    }

    @Test
    void eachCallGetsItsOwnArgumentsResult() {
        List<ScriptedDdpServer.MethodCall> held = new CopyOnWriteArrayList<>();
        server.onCall("id", held::add);
        connectFast();
        List<CompletableFuture<JsonValue>> fs = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            fs.add(client.call("id", params(i)).toCompletableFuture());
        }
        await().until(() -> held.size() == 50);
        for (int i = held.size() - 1; i >= 0; i--) {
            held.get(i).result(held.get(i).params().get(0));
        }
        for (int i = 0; i < 50; i++) {
            assertThat(await(fs.get(i))).isEqualTo(Json.createValue(i));
        }
    }

    @Test
    void errorResultsCarryNumericCodeReasonAndDetails() {
        server.onMethod("secret", p -> {
            throw new DdpException(Json.createValue(403), "Access denied",
                    Json.createObjectBuilder().add("field", "x").build());
        });
        connectFast();
        Throwable t = failure(client.call("secret", params()));
        assertThat(t).isExactlyInstanceOf(DdpException.class);
        DdpException e = (DdpException) t;
        assertThat(e.errorCode()).isEqualTo(403);
        assertThat(e.reason()).isEqualTo("Access denied");
        assertThat(e.details()).isEqualTo(Json.createObjectBuilder().add("field", "x").build());
        assertThat(e.getMessage()).isEqualTo("Access denied [403]");
        assertThat(client.stats().errors()).isEqualTo(1);
    }

    @Test
    void errorResultsWithStringCodes() {
        server.onMethod("validate", p -> {
            throw new DdpException("validation-error", "Bad input");
        });
        connectFast();
        DdpException e = (DdpException) failure(client.call("validate", params()));
        assertThat(e.error()).isEqualTo(Json.createValue("validation-error"));
        assertThat(e.errorCode()).isEqualTo(-1);
        assertThat(e.reason()).isEqualTo("Bad input");
        assertThat(e.details()).isEqualTo(JsonValue.NULL);
    }

    @Test
    void unknownMethodGivesThe404Error() {
        connectFast();
        DdpException e = (DdpException) failure(client.call("nope", params()));
        assertThat(e.errorCode()).isEqualTo(404);
        assertThat(e.reason()).isEqualTo("Method 'nope' not found");
    }

    @Test
    void resultWithoutValueIsJsonNull() {
        server.onCall("void", c -> c.send("{\"msg\":\"result\",\"id\":\"" + c.id() + "\"}"));
        connectFast();
        assertThat(await(client.call("void", params()))).isEqualTo(JsonValue.NULL);
    }

    @Test
    void callsTimeOutWithAClearException() {
        server.onMethod("silent", p -> null);
        connectFast();
        Throwable t = failure(client.call("silent", params(), CallOptions.DEFAULT.withTimeout(Duration.ofMillis(150))));
        assertThat(t).isInstanceOf(DdpTimeoutException.class)
                .hasMessageContaining("'silent'").hasMessageContaining("PT0.15S");
        DdpTimeoutException te = (DdpTimeoutException) t;
        assertThat(te.method()).isEqualTo("silent");
        assertThat(te.callId()).isEqualTo(server.frames("method").get(0).getString("id"));
        assertThat(client.stats().timeouts()).isEqualTo(1);
        // a late result for the timed-out call is counted, not crashing anything
        server.send("{\"msg\":\"result\",\"id\":\"" + te.callId() + "\",\"result\":1}");
        await().until(() -> client.stats().unknownResultIds() == 1);
    }

    @Test
    void defaultCallTimeoutFromOptions() {
        server.onMethod("silent", p -> null);
        client = DdpClient.create(fast(server).callTimeout(Duration.ofMillis(100)).build());
        await(client.connect());
        assertThat(failure(client.call("silent", params()))).isInstanceOf(DdpTimeoutException.class);
    }

    @Test
    void typedCallMapsResultWithJsonb() {
        server.onMethod("job", p -> Json.createObjectBuilder().add("name", "a").add("count", 3)
                .add("at", Json.createObjectBuilder().add("$date", 1000)).build());
        connectFast();
        Thing t = await(client.<Thing>call("job", params(), CallOptions.DEFAULT, Thing.class));
        assertThat(t).isEqualTo(new Thing("a", 3, Instant.ofEpochMilli(1000)));
    }

    public record Thing(String name, int count, Instant at) {
    }

    @Test
    void callAndWaitReturnsAndRethrowsTheCause() throws Exception {
        server.onMethod("one", p -> Json.createValue(1));
        server.onMethod("bad", p -> {
            throw new DdpException(400, "nope");
        });
        connectFast();
        assertThat(client.callAndWait("one", params(), CallOptions.DEFAULT)).isEqualTo(Json.createValue(1));
        assertThatThrownBy(() -> client.callAndWait("bad", params(), CallOptions.DEFAULT))
                .isInstanceOf(DdpException.class).hasMessage("nope [400]");
    }

    @Test
    void callsMadeBeforeConnectAreSentOnceConnected() {
        server.onMethod("echo", p -> p.get(0));
        client = DdpClient.create(fast(server).build());
        CompletableFuture<JsonValue> early = client.call("echo", params("early")).toCompletableFuture();
        assertThat(early).isNotDone();
        await(client.connect());
        assertThat(await(early)).isEqualTo(Json.createValue("early"));
    }

    @Test
    void updatedIsTrackedPerCall() {
        server.onMethod("write", p -> JsonValue.TRUE);
        connectFast();
        DdpCall call = ((DefaultDdpClient) client).invoke("write", params(), CallOptions.DEFAULT);
        assertThat(await(call.result())).isEqualTo(JsonValue.TRUE);
        await(call.updated());
        assertThat(call.method()).isEqualTo("write");
        assertThat(call.id()).isEqualTo(server.frames("method").get(0).getString("id"));
    }

    @Test
    void updatedNeverSentLeavesUpdatedPending() {
        server.sendUpdated(false);
        server.onMethod("write", p -> JsonValue.TRUE);
        connectFast();
        DdpCall call = ((DefaultDdpClient) client).invoke("write", params(), CallOptions.DEFAULT);
        await(call.result());
        assertThat(call.updated().toCompletableFuture()).isNotDone();
        server.send("{\"msg\":\"updated\",\"methods\":[\"" + call.id() + "\"]}");
        await(call.updated());
    }

    @Test
    void closeFailsOutstandingCallsAndRejectsNewOnes() {
        server.onMethod("silent", p -> null);
        connectFast();
        CompletableFuture<JsonValue> pending = client.call("silent", params()).toCompletableFuture();
        await().until(() -> server.frames("method").size() == 1);
        client.close();
        assertThat(client.state()).isEqualTo(ConnectionState.CLOSED);
        assertThat(failure(pending)).isInstanceOf(DdpConnectionLostException.class)
                .hasMessageContaining("'silent'").hasMessageContaining("closed");
        assertThat(failure(client.call("x", params()))).isInstanceOf(DdpConnectionLostException.class);
        assertThat(failure(client.connect())).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void methodNamesAreEscapedInFrames() {
        server.onMethod("we\"ird\\name", p -> JsonValue.TRUE);
        connectFast();
        assertThat(await(client.call("we\"ird\\name", params()))).isEqualTo(JsonValue.TRUE);
    }

    @Test
    void connectFailsClearlyWhenNothingListens() {
        int port = server.port();
        server.close();
        client = DdpClient.create(DdpClientOptions.builder("ws://127.0.0.1:" + port + "/websocket")
                .connectTimeout(Duration.ofSeconds(5)).build());
        Throwable t = failure(client.connect());
        assertThat(t).isInstanceOf(DdpException.class).hasMessageContaining("127.0.0.1:" + port);
        assertThat(client.state()).isEqualTo(ConnectionState.DISCONNECTED);
        server = ScriptedDdpServer.start();
    }

    @Test
    void hungHandshakeHitsTheConnectTimeout() {
        server.answerConnect(false);
        client = DdpClient.create(fast(server).connectTimeout(Duration.ofMillis(300)).build());
        Throwable t = failure(client.connect());
        assertThat(t).isInstanceOf(DdpException.class).hasMessageContaining("PT0.3S");
    }

    @Test
    void paramsArePassedAsSent() {
        server.onMethod("p", p -> JsonValue.TRUE);
        connectFast();
        JsonArray p = Json.createArrayBuilder().add(Json.createObjectBuilder().add("$date", 5)).add("s").addNull().build();
        await(client.call("p", p));
        assertThat(server.frames("method").get(0).getJsonArray("params")).isEqualTo(p);
    }
}
