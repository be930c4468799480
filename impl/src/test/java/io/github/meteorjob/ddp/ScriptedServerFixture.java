package io.github.meteorjob.ddp;

import io.github.meteorjob.testing.ScriptedDdpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import static io.github.meteorjob.ddp.DdpTestSupport.await;
import static io.github.meteorjob.ddp.DdpTestSupport.fast;

/**
 * Base of the DDP client tests that talk to a fresh {@link ScriptedDdpServer}: starts one on
 * 127.0.0.1 before each test and closes the test's {@link #client} (if it made one) and the server after it.
 * Subclasses script the server in their own {@code @BeforeEach}, which JUnit runs after this one's.
 */
abstract class ScriptedServerFixture {

    /** The server of the current test, started before it runs. */
    ScriptedDdpServer server;
    /** The client under test; the test assigns it, the fixture closes it. */
    DdpClient client;

    @BeforeEach
    final void startScriptedServer() {
        server = ScriptedDdpServer.start();
    }

    @AfterEach
    final void closeClientAndServer() {
        if (client != null) {
            client.close();
        }
        server.close();
    }

    /** Creates {@link #client} with the fast test options against {@link #server} and connects it. */
    final DdpClient connectFast() {
        client = DdpClient.create(fast(server).build());
        await(client.connect());
        return client;
    }
}
