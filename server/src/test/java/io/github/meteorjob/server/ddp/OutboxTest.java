package io.github.meteorjob.server.ddp;

import io.github.meteorjob.server.security.AccessControl;
import io.github.meteorjob.server.security.UserDirectory;
import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.Session;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@link Outbox#sendingAfter}: the frames a method queues go out from the method's own thread once it is done (no
 * hand-off to another worker), except when it queues more than {@link Outbox#DEFER_LIMIT} characters: then they
 * go out while it still runs, so a login re-running large subscriptions is not taken for a client that does not read.
 */
class OutboxTest {

    private final DdpServer server = new DdpServer(DdpServerOptions.defaults(), new AccessControl(new UserDirectory()));
    /** What the fake socket was given, and on which thread. */
    private final List<String> sent = new CopyOnWriteArrayList<>();
    private final List<Thread> sentOn = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        server.close();
    }

    /** A session whose every send completes at once, recording the text and the sending thread. */
    private Session session() {
        RemoteEndpoint.Async remote = (RemoteEndpoint.Async) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[]{RemoteEndpoint.Async.class}, (proxy, method, args) -> {
                    if (method.getName().equals("sendText") && args.length == 1) {
                        sent.add((String) args[0]);
                        sentOn.add(Thread.currentThread());
                        return CompletableFuture.completedFuture(null);
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
        return (Session) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[]{Session.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getAsyncRemote" -> remote;
                    case "isOpen" -> true;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    @Test
    void aMethodsFramesLeaveFromItsOwnThreadAfterItRan() {
        Outbox outbox = new Outbox(new DdpConnection(server, session(), "127.0.0.1", null, false), server, session(), false);
        outbox.sendingAfter(() -> {
            outbox.sendRaw("{\"msg\":\"result\",\"id\":\"1\"}");
            outbox.sendRaw("{\"msg\":\"updated\",\"methods\":[\"1\"]}");
            assertThat(sent).as("nothing goes out while the method runs").isEmpty();
        });
        assertThat(sent).containsExactly("{\"msg\":\"result\",\"id\":\"1\"}", "{\"msg\":\"updated\",\"methods\":[\"1\"]}");
        assertThat(sentOn).containsOnly(Thread.currentThread());
    }

    @Test
    void aMethodQueuingMuchSendsWhileItRuns() {
        Outbox outbox = new Outbox(new DdpConnection(server, session(), "127.0.0.1", null, false), server, session(), false);
        String big = "{\"msg\":\"added\",\"pad\":\"" + "x".repeat(10_000) + "\"}";
        outbox.sendingAfter(() -> {
            for (long queued = 0; queued <= Outbox.DEFER_LIMIT; queued += big.length()) {
                outbox.sendRaw(big);
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> !sent.isEmpty());
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> sent.size() == (int) (Outbox.DEFER_LIMIT / big.length()) + 1);
    }
}
