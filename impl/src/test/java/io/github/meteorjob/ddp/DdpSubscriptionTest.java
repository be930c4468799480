package io.github.meteorjob.ddp;

import io.github.meteorjob.DdpException;
import io.github.meteorjob.testing.ScriptedDdpServer;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static io.github.meteorjob.ddp.DdpTestSupport.await;
import static io.github.meteorjob.ddp.DdpTestSupport.failure;
import static io.github.meteorjob.ddp.DdpTestSupport.fast;
import static io.github.meteorjob.ddp.DdpTestSupport.params;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class DdpSubscriptionTest extends ScriptedServerFixture {

    static JsonObject obj(String k, Object v) {
        var b = Json.createObjectBuilder();
        if (v instanceof Integer i) {
            b.add(k, i);
        } else {
            b.add(k, String.valueOf(v));
        }
        return b.build();
    }

    @Test
    void subscribeFeedsTheCacheAndListeners() throws Exception {
        server.onSub("jobs", s -> {
            s.added("jobs", "j1", Json.createObjectBuilder().add("status", "ready").add("n", 1).build());
            s.added("jobs", "j2", obj("status", "waiting"));
            s.ready();
        });
        connectFast();
        List<String> events = new CopyOnWriteArrayList<>();
        AutoCloseable handle = client.collection("jobs").addListener(new DocumentListener() {
            @Override
            public void added(String collection, String id, JsonObject fields) {
                events.add("added " + collection + " " + id + " " + fields);
            }

            @Override
            public void changed(String collection, String id, JsonObject fields, List<String> cleared) {
                events.add("changed " + id + " " + fields + " " + cleared);
            }

            @Override
            public void removed(String collection, String id) {
                events.add("removed " + id);
            }
        });
        Subscription sub = client.subscribe("jobs", params("x"));
        await(sub.ready());
        assertThat(sub.isReady()).isTrue();
        assertThat(sub.name()).isEqualTo("jobs");
        JsonObject subFrame = server.awaitMsg("sub");
        assertThat(subFrame.getString("id")).isEqualTo(sub.id());
        assertThat(subFrame.getJsonArray("params")).isEqualTo(params("x"));

        DocumentCache jobs = client.collection("jobs");
        assertThat(jobs.size()).isEqualTo(2);
        assertThat(jobs.get("j1")).contains(Json.createObjectBuilder().add("status", "ready").add("n", 1).build());

        server.changed("jobs", "j1", obj("status", "running"), List.of("n"));
        await().until(() -> jobs.get("j1").orElseThrow().getString("status").equals("running"));
        assertThat(jobs.get("j1").orElseThrow()).isEqualTo(obj("status", "running"));

        server.removed("jobs", "j2");
        await().until(() -> jobs.get("j2").isEmpty());
        assertThat(jobs.snapshot()).containsOnlyKeys("j1");
        assertThat(events).containsExactly(
                "added jobs j1 {\"status\":\"ready\",\"n\":1}",
                "added jobs j2 {\"status\":\"waiting\"}",
                "changed j1 {\"status\":\"running\"} [n]",
                "removed j2");
        handle.close();
        server.added("jobs", "j3", obj("a", 1));
        await().until(() -> jobs.size() == 2);
        assertThat(events).hasSize(4);
    }

    @Test
    void nosubWithErrorFailsReady() {
        connectFast();
        Subscription sub = client.subscribe("missing", params());
        DdpException e = (DdpException) failure(sub.ready());
        assertThat(e.errorCode()).isEqualTo(404);
        assertThat(e.reason()).isEqualTo("Subscription 'missing' not found");
        assertThat(sub.isReady()).isFalse();
    }

    @Test
    void stopSendsUnsubAndCompletesOnNosub() {
        server.onSub("jobs", ScriptedDdpServer.SubRequest::ready);
        connectFast();
        Subscription sub = client.subscribe("jobs", params());
        await(sub.ready());
        await(sub.stop());
        assertThat(server.awaitMsg("unsub").getString("id")).isEqualTo(sub.id());
        // a stopped subscription is not re-sent after a reconnect
        server.clearFrames();
        server.dropConnections();
        await().until(() -> client.state() == ConnectionState.CONNECTED && server.connectionCount() == 2);
        server.ping("sync");
        server.awaitMsg("pong");
        assertThat(server.frames("sub")).isEmpty();
    }

    @Test
    void subscriptionsMadeBeforeConnectAreSentOnConnect() {
        server.onSub("jobs", ScriptedDdpServer.SubRequest::ready);
        client = DdpClient.create(fast(server).build());
        Subscription sub = client.subscribe("jobs", params());
        await(client.connect());
        await(sub.ready());
    }

    @Test
    void staleDocumentsAreRemovedAfterReconnectOnceSubscriptionsAreReady() {
        AtomicInteger round = new AtomicInteger();
        server.onSub("jobs", s -> {
            if (round.incrementAndGet() == 1) {
                s.added("jobs", "old", obj("v", 1));
                s.added("jobs", "kept", obj("v", 1));
            } else {
                s.added("jobs", "kept", obj("v", 2));
            }
            s.ready();
        });
        connectFast();
        Subscription sub = client.subscribe("jobs", params());
        await(sub.ready());
        DocumentCache jobs = client.collection("jobs");
        assertThat(jobs.snapshot()).containsOnlyKeys("old", "kept");
        server.dropConnections();
        await().until(() -> round.get() == 2 && jobs.get("old").isEmpty());
        assertThat(jobs.get("kept")).contains(obj("v", 2));
    }

    @Test
    void cachesAreIndependentPerCollection() {
        connectFast();
        server.added("a", "1", obj("x", 1));
        server.added("b", "1", obj("y", 1));
        await().until(() -> client.collection("a").size() == 1 && client.collection("b").size() == 1);
        assertThat(client.collection("a").get("1")).contains(obj("x", 1));
        assertThat(client.collection("b").get("1")).contains(obj("y", 1));
        assertThat(client.collection("a").name()).isEqualTo("a");
    }
}
