package io.github.meteorjob.server.ddp;

import io.github.meteorjob.DdpException;
import io.github.meteorjob.server.security.AccessControl;
import io.github.meteorjob.server.security.UserDirectory;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.websocket.CloseReason;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class DdpServerTest {

    private DdpServer server;
    private String url;
    private final CountDownLatch release = new CountDownLatch(1);
    private final AtomicReference<String> methodThread = new AtomicReference<>();

    @BeforeEach
    void start() {
        server = new DdpServer(DdpServerOptions.defaults(), new AccessControl(new UserDirectory()));
        server.method("echo", Set.of("worker"), (inv, params) -> params);
        server.method("nothing", Set.of("worker"), (inv, params) -> JsonValue.NULL);
        server.method("whoami", Set.of("worker"), (inv, params) -> {
            methodThread.set(Thread.currentThread().getName());
            return Json.createValue(inv.connectionId());
        });
        server.method("fails", Set.of("worker"), (inv, params) -> {
            throw new DdpException(Json.createValue("validation-error"), "Bad thing", Json.createValue("why"));
        });
        server.method("crashes", Set.of("worker"), (inv, params) -> {
            throw new IllegalStateException("secret internals");
        });
        server.method("block", Set.of("worker"), (inv, params) -> {
            try {
                return Json.createValue(release.await(10, TimeUnit.SECONDS) ? "released" : "timeout");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return JsonValue.FALSE;
            }
        });
        server.start("127.0.0.1", 0, null);
        url = "ws://127.0.0.1:" + server.port() + "/websocket";
    }

    @AfterEach
    void stop() {
        release.countDown();
        server.close();
    }

    @Test
    void handshakeSendsServerIdThenConnectedWithSession() throws Exception {
        try (RawDdpClient c = RawDdpClient.open(url)) {
            assertThat(c.next()).isEqualTo(Json.createObjectBuilder().add("server_id", "0").build());
            c.sendText("{\"msg\":\"connect\",\"version\":\"1\",\"support\":[\"1\",\"pre2\",\"pre1\"]}");
            JsonObject connected = c.next();
            assertThat(connected.getString("msg")).isEqualTo("connected");
            assertThat(connected.getString("session")).hasSize(17);
        }
    }

    @Test
    void unsupportedVersionGetsFailedWithOurVersionAndIsClosed() throws Exception {
        try (RawDdpClient c = RawDdpClient.open(url)) {
            c.sendText("{\"msg\":\"connect\",\"version\":\"2\",\"support\":[\"2\"]}");
            JsonObject failed = c.next(m -> m.containsKey("msg"));
            assertThat(failed).isEqualTo(Json.createObjectBuilder().add("msg", "failed").add("version", "1").build());
            assertThat(c.closed().get(10, TimeUnit.SECONDS).getCloseCode()).isEqualTo(CloseReason.CloseCodes.PROTOCOL_ERROR);
        }
    }

    @Test
    void messagesBeforeConnectAreRefused() throws Exception {
        try (RawDdpClient c = RawDdpClient.open(url)) {
            c.sendText("{\"msg\":\"method\",\"method\":\"echo\",\"params\":[],\"id\":\"1\"}");
            JsonObject error = c.next(m -> m.containsKey("msg"));
            assertThat(error.getString("msg")).isEqualTo("error");
            assertThat(error.getString("reason")).isEqualTo("Must connect first");
            assertThat(error.getJsonObject("offendingMessage").getString("method")).isEqualTo("echo");
            assertThat(c.handshake()).isNotBlank();
        }
    }

    @Test
    void pingIsAnsweredWithPongKeepingTheId() throws Exception {
        try (RawDdpClient c = RawDdpClient.connected(url)) {
            c.sendText("{\"msg\":\"ping\",\"id\":\"abc\"}");
            assertThat(c.next(m -> "pong".equals(m.getString("msg", null))))
                    .isEqualTo(Json.createObjectBuilder().add("msg", "pong").add("id", "abc").build());
            c.sendText("{\"msg\":\"ping\"}");
            assertThat(c.next(m -> "pong".equals(m.getString("msg", null))))
                    .isEqualTo(Json.createObjectBuilder().add("msg", "pong").build());
        }
    }

    @Test
    void methodResultIsFollowedByUpdated() throws Exception {
        try (RawDdpClient c = RawDdpClient.connected(url)) {
            c.sendText("{\"msg\":\"method\",\"method\":\"echo\",\"params\":[1,\"two\",{\"$date\":5}],\"id\":\"7\"}");
            assertThat(c.next(m -> m.containsKey("msg"))).isEqualTo(Json.createReader(new java.io.StringReader(
                    "{\"msg\":\"result\",\"id\":\"7\",\"result\":[1,\"two\",{\"$date\":5}]}")).readObject());
            assertThat(c.next(m -> m.containsKey("msg"))).isEqualTo(Json.createReader(new java.io.StringReader(
                    "{\"msg\":\"updated\",\"methods\":[\"7\"]}")).readObject());
        }
    }

    @Test
    void updatedQuotesAnIdThatNeedsEscapingAsValidJson() throws Exception {
        // the updated frame is written as text, not built as a tree: the id must still come back exactly
        String id = "q\"\\u\u00e9\u2028\t";
        try (RawDdpClient c = RawDdpClient.connected(url)) {
            c.sendText(Json.createObjectBuilder().add("msg", "method").add("method", "echo").add("id", id)
                    .add("params", Json.createArrayBuilder()).build().toString());
            assertThat(c.next(m -> m.containsKey("msg")).getString("msg")).isEqualTo("result");
            assertThat(c.next(m -> m.containsKey("msg"))).isEqualTo(Json.createObjectBuilder().add("msg", "updated")
                    .add("methods", Json.createArrayBuilder().add(id)).build());
        }
    }

    @Test
    void nullResultIsSentAsNullAndParamsMayBeAbsent() throws Exception {
        try (RawDdpClient c = RawDdpClient.connected(url)) {
            c.sendText("{\"msg\":\"method\",\"method\":\"nothing\",\"id\":\"1\"}");
            assertThat(c.result("1")).isEqualTo(Json.createObjectBuilder().add("msg", "result").add("id", "1")
                    .add("result", JsonValue.NULL).build());
        }
    }

    @Test
    void unknownMethodGetsMeteors404() throws Exception {
        try (RawDdpClient c = RawDdpClient.connected(url)) {
            JsonObject result = c.call("x");
            assertThat(result.getJsonObject("error")).isEqualTo(Json.createObjectBuilder()
                    .add("error", 404).add("reason", "Method 'x' not found")
                    .add("message", "Method 'x' not found [404]").add("errorType", "Meteor.Error").build());
            assertThat(result.containsKey("result")).isFalse();
        }
    }

    @Test
    void ddpExceptionKeepsStringCodeAndDetailsAndOtherExceptionsAre500() throws Exception {
        try (RawDdpClient c = RawDdpClient.connected(url)) {
            assertThat(c.call("fails").getJsonObject("error")).isEqualTo(Json.createObjectBuilder()
                    .add("error", "validation-error").add("reason", "Bad thing")
                    .add("message", "Bad thing [validation-error]").add("errorType", "Meteor.Error")
                    .add("details", "why").build());
            JsonObject internal = c.call("crashes").getJsonObject("error");
            assertThat(internal).isEqualTo(Json.createObjectBuilder().add("error", 500)
                    .add("reason", "Internal server error").add("message", "Internal server error [500]")
                    .add("errorType", "Meteor.Error").build());
            assertThat(internal.toString()).doesNotContain("secret");
        }
    }

    @Test
    void malformedFramesGetErrorAndTheConnectionStaysUsable() throws Exception {
        try (RawDdpClient c = RawDdpClient.connected(url)) {
            c.sendText("{not json");
            JsonObject parse = c.next(m -> "error".equals(m.getString("msg", null)));
            assertThat(parse.getString("reason")).isEqualTo("Bad request");
            assertThat(parse).doesNotContainKey("offendingMessage");

            c.sendText("{\"msg\":\"method\",\"method\":\"echo\",\"params\":{}}");
            JsonObject malformed = c.next(m -> "error".equals(m.getString("msg", null)));
            assertThat(malformed.getString("reason")).isEqualTo("Malformed method invocation");
            assertThat(malformed.getJsonObject("offendingMessage").getString("method")).isEqualTo("echo");

            c.sendText("{\"msg\":\"bogus\"}");
            assertThat(c.next(m -> "error".equals(m.getString("msg", null))).getString("reason")).isEqualTo("Bad request");
            c.sendText("[1,2]");
            assertThat(c.next(m -> "error".equals(m.getString("msg", null))).getString("reason")).isEqualTo("Bad request");
            c.sendText("{\"msg\":\"sub\",\"name\":\"x\"}");
            assertThat(c.next(m -> "error".equals(m.getString("msg", null))).getString("reason")).isEqualTo("Malformed subscription");

            assertThat(c.call("echo", Json.createValue(3)).getJsonArray("result").getInt(0)).isEqualTo(3);
            assertThat(c.isOpen()).isTrue();
        }
    }

    @Test
    void methodsRunOnWorkerThreadsInOrderPerConnectionAndConnectionsInParallel() throws Exception {
        try (RawDdpClient a = RawDdpClient.connected(url); RawDdpClient b = RawDdpClient.connected(url)) {
            String blocked = a.callAsync("block", Json.createArrayBuilder().build());
            String after = a.callAsync("echo", Json.createArrayBuilder().add("second").build());
            // another connection is served while the first one's method blocks
            JsonObject other = b.call("whoami");
            assertThat(other.getString("result")).isNotBlank();
            assertThat(methodThread.get()).startsWith("ddp-worker-");
            // and the first connection's second method waits for its first
            assertThat(a.seen()).noneMatch(m -> after.equals(m.getString("id", null)));
            release.countDown();
            JsonObject first = a.next(m -> "result".equals(m.getString("msg", null)));
            assertThat(first.getString("id")).isEqualTo(blocked);
            assertThat(first.getString("result")).isEqualTo("released");
            JsonObject second = a.next(m -> "result".equals(m.getString("msg", null)));
            assertThat(second.getString("id")).isEqualTo(after);
        }
    }

    @Test
    void serverPingsASilentClientAndDropsOneThatNeverAnswers() throws Exception {
        server.close();
        server = new DdpServer(DdpServerOptions.defaults().withHeartbeat(Duration.ofMillis(100), Duration.ofMillis(300)),
                new AccessControl(new UserDirectory()));
        server.start("127.0.0.1", 0, null);
        url = "ws://127.0.0.1:" + server.port() + "/websocket";
        try (RawDdpClient alive = RawDdpClient.connected(url); RawDdpClient dead = RawDdpClient.connected(url)) {
            assertThat(dead.next(m -> "ping".equals(m.getString("msg", null)))).isEqualTo(RawDdpClient.msg("msg", "ping"));
            // the live one answers every ping
            long until = System.nanoTime() + Duration.ofMillis(1200).toNanos();
            while (System.nanoTime() < until && !dead.closed().isDone()) {
                alive.next(m -> "ping".equals(m.getString("msg", null)));
                alive.sendText("{\"msg\":\"pong\"}");
            }
            assertThat(dead.closed().get(10, TimeUnit.SECONDS).getCloseCode()).isEqualTo(CloseReason.CloseCodes.GOING_AWAY);
            assertThat(alive.isOpen()).isTrue();
            assertThat(alive.call("nothing").getString("msg")).isEqualTo("result");
            await().until(() -> server.connectionCount() == 1);
        }
    }

    @Test
    void subscriptionsSendDocumentsReadyAndNosubAndShareDocumentsThroughTheMergeBox() throws Exception {
        server.publication("things", Set.of("worker"), (ctx, params) -> {
            String tag = params.getString(0);
            ctx.added("things", "shared", Json.createObjectBuilder().add("common", 1).add(tag, true).build());
            ctx.added("things", "only-" + tag, Json.createObjectBuilder().add("x", tag).build());
            ctx.ready();
            ctx.onStop(() -> { });
        });
        try (RawDdpClient c = RawDdpClient.connected(url)) {
            c.sendText("{\"msg\":\"sub\",\"id\":\"s1\",\"name\":\"things\",\"params\":[\"a\"]}");
            JsonObject added = c.next(m -> m.containsKey("msg"));
            assertThat(added).isEqualTo(Json.createReader(new java.io.StringReader(
                    "{\"msg\":\"added\",\"collection\":\"things\",\"id\":\"shared\",\"fields\":{\"common\":1,\"a\":true}}")).readObject());
            assertThat(c.next(m -> m.containsKey("msg")).getString("id")).isEqualTo("only-a");
            assertThat(c.next(m -> m.containsKey("msg"))).isEqualTo(Json.createReader(new java.io.StringReader(
                    "{\"msg\":\"ready\",\"subs\":[\"s1\"]}")).readObject());

            // a second subscription sharing "shared": only its new field is sent, as changed
            c.sendText("{\"msg\":\"sub\",\"id\":\"s2\",\"name\":\"things\",\"params\":[\"b\"]}");
            JsonObject changed = c.next(m -> m.containsKey("msg"));
            assertThat(changed).isEqualTo(Json.createReader(new java.io.StringReader(
                    "{\"msg\":\"changed\",\"collection\":\"things\",\"id\":\"shared\",\"fields\":{\"b\":true}}")).readObject());
            assertThat(c.next(m -> m.containsKey("msg")).getString("msg")).isEqualTo("added");
            assertThat(c.next(m -> m.containsKey("msg")).getString("msg")).isEqualTo("ready");

            // dropping s1 clears its field of the shared doc and removes its own doc, not the shared one
            c.sendText("{\"msg\":\"unsub\",\"id\":\"s1\"}");
            List<JsonObject> msgs = List.of(c.next(m -> m.containsKey("msg")), c.next(m -> m.containsKey("msg")),
                    c.next(m -> m.containsKey("msg")));
            assertThat(msgs).contains(Json.createReader(new java.io.StringReader(
                    "{\"msg\":\"changed\",\"collection\":\"things\",\"id\":\"shared\",\"cleared\":[\"a\"]}")).readObject());
            assertThat(msgs).contains(Json.createReader(new java.io.StringReader(
                    "{\"msg\":\"removed\",\"collection\":\"things\",\"id\":\"only-a\"}")).readObject());
            assertThat(msgs.get(2)).isEqualTo(RawDdpClient.msg("msg", "nosub", "id", "s1"));

            c.sendText("{\"msg\":\"unsub\",\"id\":\"s2\"}");
            List<JsonObject> last = List.of(c.next(m -> m.containsKey("msg")), c.next(m -> m.containsKey("msg")),
                    c.next(m -> m.containsKey("msg")));
            assertThat(last).extracting(m -> m.getString("msg")).containsExactly("removed", "removed", "nosub");
        }
    }

    @Test
    void unknownPublicationGetsNosub404AndThrowingPublicationsGetNosubWithTheirError() throws Exception {
        server.publication("broken", Set.of("worker"), (ctx, params) -> {
            throw new DdpException(400, "Match failed");
        });
        try (RawDdpClient c = RawDdpClient.connected(url)) {
            c.sendText("{\"msg\":\"sub\",\"id\":\"s1\",\"name\":\"nope\",\"params\":[]}");
            assertThat(c.next(m -> m.containsKey("msg"))).isEqualTo(Json.createObjectBuilder().add("msg", "nosub")
                    .add("id", "s1").add("error", Json.createObjectBuilder().add("error", 404)
                            .add("reason", "Subscription 'nope' not found")
                            .add("message", "Subscription 'nope' not found [404]").add("errorType", "Meteor.Error"))
                    .build());
            c.sendText("{\"msg\":\"sub\",\"id\":\"s2\",\"name\":\"broken\"}");
            JsonObject nosub = c.next(m -> m.containsKey("msg"));
            assertThat(nosub.getString("id")).isEqualTo("s2");
            assertThat(nosub.getJsonObject("error").getInt("error")).isEqualTo(400);
        }
    }

    @Test
    void publicationChangesFromOtherThreadsReachTheClientAndStopOnDisconnect() throws Exception {
        AtomicReference<PublicationContext> context = new AtomicReference<>();
        CountDownLatch stopped = new CountDownLatch(1);
        server.publication("live", Set.of("worker"), (ctx, params) -> {
            context.set(ctx);
            ctx.onStop(stopped::countDown);
            ctx.ready();
        });
        try (RawDdpClient c = RawDdpClient.connected(url)) {
            c.sendText("{\"msg\":\"sub\",\"id\":\"s\",\"name\":\"live\"}");
            c.next(m -> "ready".equals(m.getString("msg", null)));
            Thread t = new Thread(() -> {
                context.get().added("docs", "1", Json.createObjectBuilder().add("v", 1).add("_id", "1").build());
                context.get().changed("docs", "1", Json.createObjectBuilder().add("v", 2).build(), List.of());
                context.get().changed("docs", "1", JsonValue.EMPTY_JSON_OBJECT, List.of("v"));
            });
            t.start();
            t.join();
            assertThat(c.next(m -> m.containsKey("msg")).getJsonObject("fields")).isEqualTo(Json.createObjectBuilder().add("v", 1).build());
            assertThat(c.next(m -> m.containsKey("msg")).getJsonObject("fields")).isEqualTo(Json.createObjectBuilder().add("v", 2).build());
            assertThat(c.next(m -> m.containsKey("msg")).getJsonArray("cleared").getString(0)).isEqualTo("v");
        }
        assertThat(stopped.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(context.get().isStopped()).isTrue();
    }

    @Test
    void closeLetsRunningMethodsAnswerFirst() throws Exception {
        try (RawDdpClient c = RawDdpClient.connected(url)) {
            String id = c.callAsync("block", Json.createArrayBuilder().build());
            await().until(() -> server.connectionCount() == 1);
            Thread closer = new Thread(server::close);
            closer.start();
            await().pollInterval(Duration.ofMillis(1)).until(server::isClosed);
            // the server is closing but waits for the method in flight, keeping its socket open
            Thread.sleep(200);
            assertThat(c.closed()).isNotDone();
            release.countDown();
            assertThat(c.result(id).getString("result")).isEqualTo("released");
            closer.join(10_000);
            assertThat(c.closed().get(10, TimeUnit.SECONDS)).isNotNull();
        }
    }

    @Test
    void methodIsCalledWithTheSessionId() throws Exception {
        try (RawDdpClient c = RawDdpClient.open(url)) {
            String session = c.handshake();
            assertThat(((JsonString) c.call("whoami").get("result")).getString()).isEqualTo(session);
        }
    }
}
