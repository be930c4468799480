package io.github.meteorjob.it.client;

import io.github.meteorjob.DoneResult;
import io.github.meteorjob.JobQueue;
import io.github.meteorjob.QueueOptions;
import io.github.meteorjob.RetryOptions;
import io.github.meteorjob.ShutdownLevel;
import io.github.meteorjob.ddp.DdpClient;
import io.github.meteorjob.ddp.DdpClientOptions;
import io.github.meteorjob.ddp.ReconnectPolicy;
import io.github.meteorjob.job.JobCollections;
import io.github.meteorjob.server.EmbeddedJobServer;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The false lost lease of the fault-injection run, against the embedded server: the server applies a worker's
 * done/fail, its answer is lost with the link, the client sends the call again after reconnecting and the server
 * answers false. The worker's call must still succeed, without a lease WARNING.
 */
class RepeatedCompletionEndToEndTest {

    private static final String ROOT = "repeat";

    private EmbeddedJobServer server;
    private AnswerEater proxy;
    private DdpClient creatorClient;
    private DdpClient workerClient;
    private JobQueue queue;
    private final List<LogRecord> warnings = new CopyOnWriteArrayList<>();
    private final List<Throwable> errors = new CopyOnWriteArrayList<>();
    private final Logger queueLog = Logger.getLogger("io.github.meteorjob.job.internal.DefaultJobQueue");
    private final Handler capture = new Handler() {
        @Override public void publish(LogRecord r) {
            if (r.getLevel().intValue() >= Level.WARNING.intValue()) {
                warnings.add(r);
            }
        }
        @Override public void flush() { }
        @Override public void close() { }
    };

    @BeforeEach
    void start() throws IOException {
        server = EmbeddedJobServer.builder().host("127.0.0.1").collection(ROOT).start();
        proxy = new AnswerEater(server.port());
        creatorClient = DdpClient.create(DdpClientOptions.of(server.url()));
        get(creatorClient.connect());
        workerClient = DdpClient.create(DdpClientOptions.builder(server.url().replace(":" + server.port() + "/",
                        ":" + proxy.port() + "/"))
                .reconnect(ReconnectPolicy.DEFAULT.withFastWindow(Duration.ofMillis(50), Duration.ofSeconds(60))
                        .withInitialDelay(Duration.ofMillis(50)).withMaxDelay(Duration.ofMillis(200)))
                .build());
        get(workerClient.connect());
        queueLog.addHandler(capture);
    }

    @AfterEach
    void stop() throws Exception {
        queueLog.removeHandler(capture);
        if (queue != null) {
            queue.shutdown(ShutdownLevel.HARD).toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
        workerClient.close();
        creatorClient.close();
        proxy.close();
        server.close();
    }

    private JsonObject doc(String id) {
        return server.collection(ROOT).job(id).orElseThrow();
    }

    private static <T> T get(CompletionStage<T> stage) {
        try {
            return stage.toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** Runs one job with {@code complete}, whose answer the proxy eats; the link is cut once the server applied it. */
    private <T> CompletionStage<T> runWithLostAnswer(String type,
                                                     java.util.function.Function<io.github.meteorjob.Job, CompletionStage<T>> complete) {
        CompletableFuture<T> outcome = new CompletableFuture<>();
        queue = JobCollections.of(workerClient, ROOT).processJobs(type,
                QueueOptions.defaults().withPollInterval(Duration.ofMillis(100)).withErrorHandler(errors::add), job -> {
                    proxy.eatAnswers();
                    complete.apply(job).whenComplete((r, e) -> {
                        if (e != null) {
                            outcome.completeExceptionally(e);
                        } else {
                            outcome.complete(r);
                        }
                    });
                });
        return outcome;
    }

    private long logEntries(String id, String message) {
        return doc(id).getJsonArray("log").stream()
                .filter(e -> e.asJsonObject().getString("message").startsWith(message)).count();
    }

    @Test
    void aDoneAppliedWhoseAnswerWasLostCompletesNormallyAfterTheResend() {
        String id = JobCollections.of(creatorClient, ROOT).createJob("d", Map.of()).saveAndWait();
        CompletionStage<DoneResult> done = runWithLostAnswer("d", job -> job.done());
        await().atMost(Duration.ofSeconds(10)).until(() -> doc(id).getString("status").equals("completed"));
        proxy.cut();

        assertThat(get(done)).isEqualTo(new DoneResult(true, java.util.Optional.empty()));
        assertThat(proxy.connections()).isGreaterThanOrEqualTo(2);
        assertThat(logEntries(id, "Job Completed")).isEqualTo(1);
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(3)).until(warnings::isEmpty);
        // only a poll cut by the same drop may have failed
        assertThat(errors).allSatisfy(e -> assertThat(e).hasMessageStartingWith("getWork() failed"));
    }

    @Test
    void aFailAppliedWhoseAnswerWasLostCompletesNormallyAfterTheResend() {
        String id = JobCollections.of(creatorClient, ROOT).createJob("f", Map.of())
                .retry(RetryOptions.retries(3).withWait(Duration.ofMinutes(10))).saveAndWait();
        CompletionStage<Boolean> fail = runWithLostAnswer("f", job -> job.fail("broken"));
        await().atMost(Duration.ofSeconds(10)).until(() -> doc(id).containsKey("failures"));
        proxy.cut();

        assertThat(get(fail)).isTrue();
        assertThat(proxy.connections()).isGreaterThanOrEqualTo(2);
        assertThat(doc(id).getString("status")).isEqualTo("waiting");
        assertThat(doc(id).getJsonArray("failures")).singleElement()
                .satisfies(f -> assertThat(f.asJsonObject().getString("value")).isEqualTo("broken"));
        assertThat(doc(id).get("runId")).isEqualTo(JsonValue.NULL);
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(3)).until(warnings::isEmpty);
        // only a poll cut by the same drop may have failed
        assertThat(errors).allSatisfy(e -> assertThat(e).hasMessageStartingWith("getWork() failed"));
    }

    /**
     * A TCP proxy on 127.0.0.1 that, once told to, stops passing the server's bytes on (the answers are lost) until
     * {@link #cut} closes the connections; new connections are passed through whole.
     */
    private static final class AnswerEater implements AutoCloseable {

        private final ServerSocket listener;
        private final int target;
        private final List<Socket> open = new CopyOnWriteArrayList<>();
        private volatile boolean eating;
        private volatile int accepted;

        AnswerEater(int target) throws IOException {
            this.target = target;
            listener = new ServerSocket();
            listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            Thread t = new Thread(this::accept, "answer-eater-accept");
            t.setDaemon(true);
            t.start();
        }

        int port() {
            return listener.getLocalPort();
        }

        int connections() {
            return accepted;
        }

        void eatAnswers() {
            eating = true;
        }

        /** Closes every connection made so far and passes everything through again. */
        void cut() {
            for (Socket s : open) {
                try {
                    s.close();
                } catch (IOException ignored) {
                    // closing anyway
                }
            }
            open.clear();
            eating = false;
        }

        private void accept() {
            while (!listener.isClosed()) {
                try {
                    Socket client = listener.accept();
                    Socket upstream = new Socket(InetAddress.getLoopbackAddress(), target);
                    accepted++;
                    open.add(client);
                    open.add(upstream);
                    pump(client, upstream, false);
                    pump(upstream, client, true);
                } catch (IOException e) {
                    return;
                }
            }
        }

        private void pump(Socket from, Socket to, boolean answers) {
            Thread t = new Thread(() -> {
                byte[] buf = new byte[8192];
                try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                    int n;
                    while ((n = in.read(buf)) >= 0) {
                        if (!(answers && eating)) {
                            out.write(buf, 0, n);
                            out.flush();
                        }
                    }
                } catch (IOException e) {
                    // the connection was cut
                } finally {
                    try {
                        from.close();
                        to.close();
                    } catch (IOException ignored) {
                        // closing anyway
                    }
                }
            }, "answer-eater-pump");
            t.setDaemon(true);
            t.start();
        }

        @Override
        public void close() throws IOException {
            cut();
            listener.close();
        }
    }
}
