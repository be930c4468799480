package io.github.meteorjob.it.faults;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The fault proxy does what each fault says, seen from both ends (an echo server behind it on 127.0.0.1). */
class FaultProxyTest {

    private ServerSocket echo;
    private FaultProxy proxy;
    /** What the echo server's one connection received, and how it ended ("eof" or the exception). */
    private final ByteArrayOutputStream received = new ByteArrayOutputStream();
    private final CompletableFuture<String> serverEnd = new CompletableFuture<>();
    private Socket client;

    @BeforeEach
    void start() throws Exception {
        echo = new ServerSocket();
        echo.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        Thread t = new Thread(() -> {
            try (Socket s = echo.accept()) {
                InputStream in = s.getInputStream();
                byte[] buf = new byte[1024];
                int n;
                while ((n = in.read(buf)) >= 0) {
                    synchronized (received) {
                        received.write(buf, 0, n);
                    }
                    s.getOutputStream().write(buf, 0, n);
                }
                serverEnd.complete("eof");
            } catch (IOException e) {
                serverEnd.complete(e.getClass().getSimpleName() + ": " + e.getMessage());
            }
        });
        t.setDaemon(true);
        t.start();
        proxy = new FaultProxy(echo.getLocalPort());
        client = new Socket(InetAddress.getLoopbackAddress(), proxy.port());
        client.setSoTimeout(10_000);
        roundTrip("hello");
    }

    @AfterEach
    void stop() throws Exception {
        client.close();
        proxy.close();
        echo.close();
    }

    private String roundTrip(String text) throws IOException {
        client.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
        byte[] buf = client.getInputStream().readNBytes(text.length());
        return new String(buf, StandardCharsets.UTF_8);
    }

    private int receivedBytes() {
        synchronized (received) {
            return received.size();
        }
    }

    @Test
    void forwardsBothWays() throws Exception {
        assertThat(roundTrip("abc")).isEqualTo("abc");
        assertThat(proxy.accepted()).isEqualTo(1);
    }

    @Test
    void delayHoldsEachChunkBack() throws Exception {
        proxy.inject(FaultProxy.Fault.DELAY);
        long t0 = System.nanoTime();
        assertThat(roundTrip("slow")).isEqualTo("slow");
        // 300 ms held in each direction
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofMillis(600));
        assertThat(proxy.injected().get(FaultProxy.Fault.DELAY)).isEqualTo(1);
    }

    @Test
    void dropClosesBothSidesNormally() throws Exception {
        proxy.inject(FaultProxy.Fault.DROP);
        assertThat(client.getInputStream().read()).isEqualTo(-1);
        assertThat(serverEnd.get(10, TimeUnit.SECONDS)).isEqualTo("eof");
    }

    @Test
    void resetCutsTheNextChunkInHalfAndSendsRst() throws Exception {
        proxy.inject(FaultProxy.Fault.RESET);
        client.getOutputStream().write("0123456789".getBytes(StandardCharsets.UTF_8));
        // the server side ends with an error (RST), not an orderly end of stream
        assertThat(serverEnd.get(10, TimeUnit.SECONDS)).isNotEqualTo("eof").containsPattern("(?i)reset|broken pipe");
        assertThat(receivedBytes()).isEqualTo(5 + 5); // "hello" and half of the chunk
        assertThatThrownBy(() -> {
            while (client.getInputStream().read() >= 0) {
                // drain until the reset shows
            }
        }).isInstanceOf(SocketException.class);
    }

    @Test
    void halfOpenForwardsNothingAndClosesNothing() throws Exception {
        proxy.inject(FaultProxy.Fault.HALF_OPEN);
        client.getOutputStream().write("lost".getBytes(StandardCharsets.UTF_8));
        client.setSoTimeout(500);
        assertThatThrownBy(() -> client.getInputStream().read()).isInstanceOf(SocketTimeoutException.class);
        assertThat(receivedBytes()).isEqualTo(5);
        assertThat(serverEnd).isNotDone();
    }

    @Test
    void randomInjectionStopsByItselfAtItsBound() throws Exception {
        // more live links than faults, so every fault finds one (the extra links wait in the echo server's backlog)
        java.util.List<Socket> more = new java.util.ArrayList<>();
        for (int i = 0; i < 4; i++) {
            more.add(new Socket(InetAddress.getLoopbackAddress(), proxy.port()));
        }
        await().until(() -> proxy.accepted() == 5);
        try {
            proxy.startFaults(42, 3, Duration.ofSeconds(30), Duration.ofMillis(10), Duration.ofMillis(20));
            await().atMost(Duration.ofSeconds(20)).until(proxy::faultsDone);
            assertThat(proxy.injectedTotal()).isEqualTo(3);
        } finally {
            for (Socket s : more) {
                s.close();
            }
        }
    }
}
