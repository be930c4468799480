package io.github.meteorjob.ddp;

import io.github.meteorjob.DdpException;
import io.github.meteorjob.testing.ScriptedDdpServer;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static io.github.meteorjob.ddp.DdpTestSupport.await;
import static io.github.meteorjob.ddp.DdpTestSupport.failure;
import static io.github.meteorjob.ddp.DdpTestSupport.fast;
import static io.github.meteorjob.ddp.DdpTestSupport.params;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class DdpReconnectTest extends ScriptedServerFixture {

    private static JsonObject loginResult(String token) {
        return Json.createObjectBuilder().add("id", "user1").add("token", token)
                .add("tokenExpires", Json.createObjectBuilder().add("$date", 4102444800000L)).build();
    }

    @Test
    void dropMidCallReconnectsReloginsFirstResubscribesAndResendsOnlyIdempotentCalls() {
        AtomicInteger logins = new AtomicInteger();
        server.onMethod("login", p -> loginResult("tok-" + logins.incrementAndGet()));
        List<ScriptedDdpServer.MethodCall> held = new CopyOnWriteArrayList<>();
        server.onCall("read", held::add);
        server.onCall("write", held::add);
        server.onSub("jobs", s -> s.ready());
        client = DdpClient.create(fast(server).login(UserIdentity.username("ann"), "pw").build());
        await(client.connect());
        assertThat(client.login().token()).isEqualTo("tok-1");
        Subscription sub = client.subscribe("jobs", params("a"));
        await(sub.ready());

        CompletableFuture<JsonValue> read = client.call("read", params(1), CallOptions.IDEMPOTENT).toCompletableFuture();
        CompletableFuture<JsonValue> write = client.call("write", params(2), CallOptions.DEFAULT).toCompletableFuture();
        await().until(() -> held.size() == 2);
        server.clearFrames();
        held.clear();

        server.dropConnections();

        Throwable lost = failure(write);
        assertThat(lost).isInstanceOf(DdpConnectionLostException.class).hasMessageContaining("'write'");
        assertThat(((DdpConnectionLostException) lost).method()).isEqualTo("write");

        await().until(() -> held.size() == 1);
        held.get(0).result(Json.createValue("r"));
        assertThat(await(read)).isEqualTo(Json.createValue("r"));

        // on the new connection: connect, then login with the resume token before anything else,
        // then the subscription, then the idempotent call (and never the non-idempotent one)
        List<JsonObject> second = server.received().stream().filter(r -> r.connection() == 2)
                .map(ScriptedDdpServer.Received::frame).toList();
        assertThat(second).extracting(f -> f.getString("msg")).startsWith("connect", "method", "sub", "method");
        assertThat(second.get(1).getString("method")).isEqualTo("login");
        assertThat(second.get(1).getJsonArray("params").getJsonObject(0))
                .isEqualTo(Json.createObjectBuilder().add("resume", "tok-1").build());
        assertThat(second.get(2).getString("name")).isEqualTo("jobs");
        assertThat(second.get(2).getString("id")).isEqualTo(sub.id());
        assertThat(second.get(3).getString("method")).isEqualTo("read");
        assertThat(second).filteredOn(f -> "write".equals(f.getString("method", ""))).isEmpty();
        assertThat(client.login().token()).isEqualTo("tok-2");
        await().until(() -> client.state() == ConnectionState.CONNECTED);
        assertThat(client.stats().reconnects()).isEqualTo(1);
    }

    @Test
    void connectionListenerSeesReconnectingAndLogin() {
        server.onMethod("login", p -> loginResult("t"));
        List<String> events = new CopyOnWriteArrayList<>();
        client = DdpClient.create(fast(server).resumeToken("t0").build());
        client.addConnectionListener(new ConnectionListener() {
            @Override
            public void stateChanged(ConnectionState previous, ConnectionState current, Throwable cause) {
                events.add(current.name());
            }

            @Override
            public void loggedIn(LoginResult login) {
                events.add("login:" + login.userId());
            }
        });
        await(client.connect());
        server.dropConnections();
        await().until(() -> events.size() >= 5);
        assertThat(events).containsExactly("CONNECTING", "login:user1", "CONNECTED", "RECONNECTING",
                "login:user1", "CONNECTED");
    }

    @Test
    void callsMadeWhileDisconnectedAreQueuedAndSentAfterReconnect() {
        server.onMethod("echo", p -> p.get(0));
        client = DdpClient.create(fast(server).reconnect(new ReconnectPolicy(Duration.ofMillis(300),
                Duration.ofMillis(300), 1.0, 0.0, ReconnectPolicy.UNLIMITED)).build());
        await(client.connect());
        server.dropConnections();
        await().until(() -> client.state() == ConnectionState.RECONNECTING);
        CompletableFuture<JsonValue> queued = client.call("echo", params("q"), CallOptions.DEFAULT).toCompletableFuture();
        assertThat(await(queued)).isEqualTo(Json.createValue("q"));
        assertThat(server.received().stream().filter(r -> "echo".equals(r.frame().getString("method", "")))
                .map(ScriptedDdpServer.Received::connection).toList()).containsExactly(2);
    }

    @Test
    void connectWhileReconnectingCompletesOnTheNextSession() {
        client = DdpClient.create(fast(server).reconnect(new ReconnectPolicy(Duration.ofMillis(300),
                Duration.ofMillis(300), 1.0, 0.0, ReconnectPolicy.UNLIMITED)).build());
        await(client.connect());
        server.dropConnections();
        await().until(() -> client.state() == ConnectionState.RECONNECTING);
        CompletableFuture<Void> again = client.connect().toCompletableFuture();
        assertThat(again).isNotDone();
        await(again);
        assertThat(client.state()).isEqualTo(ConnectionState.CONNECTED);
        assertThat(server.connectionCount()).isEqualTo(2);
    }

    @Test
    void queuedCallsStillTimeOut() {
        int port = server.port();
        server.close();
        client = DdpClient.create(DdpClientOptions.builder("ws://127.0.0.1:" + port + "/websocket").build());
        Throwable t = failure(client.call("x", params(), CallOptions.DEFAULT.withTimeout(Duration.ofMillis(100))));
        assertThat(t).isInstanceOf(DdpTimeoutException.class);
        server = ScriptedDdpServer.start();
    }

    @Test
    void reconnectGivesUpAfterMaxAttemptsAndCloses() {
        client = DdpClient.create(fast(server).reconnect(new ReconnectPolicy(Duration.ofMillis(10),
                Duration.ofMillis(20), 2.0, 0.0, 2)).build());
        await(client.connect());
        server.close();
        await().atMost(Duration.ofSeconds(10)).until(() -> client.state() == ConnectionState.CLOSED);
        assertThat(failure(client.call("x", params()))).isInstanceOf(DdpConnectionLostException.class);
        server = ScriptedDdpServer.start();
    }

    @Test
    void serverRestartOnSamePortIsReachedAgain() {
        server.onMethod("echo", p -> p.get(0));
        connectFast();
        server.dropConnections();
        await().until(() -> server.connectionCount() == 2 && client.state() == ConnectionState.CONNECTED);
        assertThat(await(client.call("echo", params("again")))).isEqualTo(Json.createValue("again"));
    }

    @Test
    void refusedResumeTokenAfterReconnectContinuesLoggedOut() {
        AtomicInteger n = new AtomicInteger();
        server.onMethod("login", p -> {
            if (n.incrementAndGet() == 1) {
                return loginResult("tok");
            }
            throw new DdpException(403, "You've been logged out by the server. Please log in again.");
        });
        server.onMethod("echo", p -> p.get(0));
        List<String> events = new CopyOnWriteArrayList<>();
        client = DdpClient.create(fast(server).build());
        client.addConnectionListener(new ConnectionListener() {
            @Override
            public void loggedOut() {
                events.add("out");
            }
        });
        await(client.connect());
        await(client.loginWithToken("tok0"));
        server.dropConnections();
        await().until(() -> events.contains("out") && client.state() == ConnectionState.CONNECTED);
        assertThat(client.login()).isNull();
        assertThat(await(client.call("echo", params(1)))).isEqualTo(Json.createValue(1));
    }

    @Test
    void idempotentCallsSurviveRepeatedDropsUnderConcurrentLoad() throws Exception {
        server.onMethod("double", p -> jakarta.json.Json.createValue(p.getInt(0) * 2));
        connectFast();
        int n = 2000;
        List<CompletableFuture<JsonValue>> results = new CopyOnWriteArrayList<>();
        Thread[] callers = new Thread[4];
        for (int t = 0; t < callers.length; t++) {
            int base = t * (n / callers.length);
            callers[t] = new Thread(() -> {
                for (int i = base; i < base + n / callers.length; i++) {
                    results.add(client.call("double", params(i), CallOptions.IDEMPOTENT).toCompletableFuture());
                    if (i % 100 == 0) {
                        Thread.yield();
                    }
                }
            });
            callers[t].start();
        }
        for (int d = 0; d < 3; d++) {
            await().until(() -> server.frames("method").size() > 0);
            long reconnects = client.stats().reconnects();
            server.dropConnections();
            int connections = server.connectionCount();
            // a new socket alone is not a reconnect: dropped before its session is ready it is a failed attempt
            await().until(() -> server.connectionCount() > connections && client.stats().reconnects() > reconnects);
        }
        for (Thread c : callers) {
            c.join();
        }
        assertThat(results).hasSize(n);
        long sum = 0;
        for (CompletableFuture<JsonValue> f : results) {
            sum += ((jakarta.json.JsonNumber) await(f)).longValue();
        }
        assertThat(sum).isEqualTo((long) n * (n - 1)); // sum of 2*i for i < n: every call got its own answer
        assertThat(client.stats().reconnects()).isGreaterThanOrEqualTo(3);
    }

    @Test
    void refusedResumeTokenFallsBackToConfiguredPassword() {
        server.onMethod("login", p -> {
            if (p.getJsonObject(0).containsKey("resume")) {
                throw new DdpException(403, "You've been logged out by the server. Please log in again.");
            }
            return loginResult("fresh");
        });
        client = DdpClient.create(fast(server).login(UserIdentity.email("w@example.com"), "pw").build());
        await(client.connect());
        server.clearFrames();
        server.dropConnections();
        await().until(() -> server.frames("method").size() == 2 && client.state() == ConnectionState.CONNECTED);
        List<JsonObject> logins = server.frames("method");
        assertThat(logins.get(0).getJsonArray("params").getJsonObject(0).containsKey("resume")).isTrue();
        assertThat(logins.get(1).getJsonArray("params").getJsonObject(0).containsKey("password")).isTrue();
        assertThat(client.login().token()).isEqualTo("fresh");
    }

    @Test
    void backoffGrowsExponentiallyWithJitterAndCap() {
        ReconnectPolicy p = new ReconnectPolicy(Duration.ofMillis(500), Duration.ofSeconds(30), 2.0, 0.5,
                ReconnectPolicy.UNLIMITED);
        assertThat(p.delay(1, 0.0)).isEqualTo(Duration.ofMillis(500));
        assertThat(p.delay(2, 0.0)).isEqualTo(Duration.ofMillis(1000));
        assertThat(p.delay(4, 0.0)).isEqualTo(Duration.ofMillis(4000));
        assertThat(p.delay(4, 0.999999)).isBetween(Duration.ofMillis(2000), Duration.ofMillis(2001));
        assertThat(p.delay(20, 0.0)).isEqualTo(Duration.ofSeconds(30));
        assertThat(p.delay(10_000, 0.0)).isEqualTo(Duration.ofSeconds(30));
        assertThat(ReconnectPolicy.DEFAULT.maxAttempts()).isEqualTo(ReconnectPolicy.UNLIMITED);
    }
}
