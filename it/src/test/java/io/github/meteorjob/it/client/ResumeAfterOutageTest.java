package io.github.meteorjob.it.client;

import io.github.meteorjob.JobQueue;
import io.github.meteorjob.QueueOptions;
import io.github.meteorjob.ShutdownLevel;
import io.github.meteorjob.ddp.ConnectionListener;
import io.github.meteorjob.ddp.ConnectionState;
import io.github.meteorjob.ddp.DdpClient;
import io.github.meteorjob.ddp.DdpClientOptions;
import io.github.meteorjob.job.JobCollections;
import io.github.meteorjob.job.internal.JobDocument;
import io.github.meteorjob.server.EmbeddedJobServer;
import jakarta.json.Json;
import jakarta.json.JsonString;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A worker with default options resumes by itself after the server was down: the server on a fixed
 * 127.0.0.1 port stops, a job appears in its durable store meanwhile, the server restarts on the same port,
 * and the time until the worker has completed that job is measured. The queue's poll interval is an hour,
 * so the work can only have been fetched because the connection came back.
 */
class ResumeAfterOutageTest {

    private static final String ROOT = "resume";

    @TempDir
    Path data;

    private int port;
    private EmbeddedJobServer server;
    private DdpClient workerClient;
    private JobQueue queue;
    private final Map<String, Long> completedAt = new ConcurrentHashMap<>();

    /**
     * One outage: how long the server was down, how long after it accepted connections again the worker was
     * connected, and when its first job was done.
     */
    record Resume(Duration outage, long reconnectMs, long resumeMs) {
    }

    private volatile long connectedAt;

    @BeforeEach
    void start() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        server = serve(port);
        workerClient = DdpClient.create(DdpClientOptions.of(server.url()));
        workerClient.addConnectionListener(new ConnectionListener() {
            @Override
            public void stateChanged(ConnectionState previous, ConnectionState current, Throwable cause) {
                if (current == ConnectionState.CONNECTED) {
                    connectedAt = System.nanoTime();
                }
            }
        });
        workerClient.connect().toCompletableFuture().join();
        queue = JobCollections.of(workerClient, ROOT).processJobs("work",
                QueueOptions.defaults().withPollInterval(Duration.ofHours(1)), job -> {
                    job.done().toCompletableFuture().get(10, TimeUnit.SECONDS);
                    completedAt.put(job.id(), System.nanoTime());
                });
    }

    @AfterEach
    void stop() throws Exception {
        queue.shutdown(ShutdownLevel.HARD).toCompletableFuture().get(10, TimeUnit.SECONDS);
        workerClient.close();
        if (server != null) {
            server.close();
        }
    }

    private EmbeddedJobServer serve(int p) {
        return EmbeddedJobServer.builder().host("127.0.0.1").port(p).collection(ROOT).dataDir(data).start();
    }

    /** Stops the server for {@code length}, saves a job meanwhile, restarts it and times the worker's first completion. */
    private Resume outage(Duration length) {
        long down = System.nanoTime();
        server.close();
        server = null;
        String id;
        // the job is in the store when the server comes back (saved earlier, or by another node sharing the data)
        try (EmbeddedJobServer offline = serve(0)) {
            id = ((JsonString) offline.collection(ROOT).call("jobSave", Json.createArrayBuilder()
                    .add(JobDocument.newJob("work", Json.createObjectBuilder().add("n", 1).build(), Instant.now()).json())
                    .add(Json.createObjectBuilder()).build())).getString();
        }
        long remaining = Math.max(0, length.toNanos() - (System.nanoTime() - down));
        await().pollDelay(Duration.ofNanos(remaining)).atMost(length.plusSeconds(5)).until(() -> true);
        server = serve(port);
        long up = System.nanoTime();
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(5)).until(() -> completedAt.containsKey(id));
        return new Resume(Duration.ofNanos(up - down), (connectedAt - up) / 1_000_000, (completedAt.get(id) - up) / 1_000_000);
    }

    private static String figures(List<Resume> runs) {
        StringBuilder sb = new StringBuilder();
        for (Resume r : runs) {
            sb.append(String.format("outage %6.1f s -> connected after %4d ms, first job completed %4d ms after the server was back%n",
                    r.outage().toMillis() / 1000.0, r.reconnectMs(), r.resumeMs()));
        }
        long max = runs.stream().mapToLong(Resume::resumeMs).max().orElse(0);
        long within = runs.stream().filter(r -> r.resumeMs() <= 1000).count();
        sb.append(String.format("resumed within 1 s in %d of %d runs; slowest %d ms", within, runs.size(), max));
        return sb.toString();
    }

    @Test
    void aWorkerResumesByItselfAfterShortOutages() {
        List<Resume> runs = new ArrayList<>();
        for (Duration d : List.of(Duration.ofMillis(300), Duration.ofMillis(800), Duration.ofMillis(1500))) {
            runs.add(outage(d));
        }
        System.out.println("ResumeAfterOutageTest (default suite):\n" + figures(runs));
        // generous: far below the one-hour poll interval, so the reconnect itself fetched the work
        assertThat(runs).allSatisfy(r -> assertThat(r.resumeMs()).isLessThan(10_000));
    }

    @Test
    @Tag("soak")
    void twentyOutagesOfOneToSixtySecondsEachResumeWithinOneSecond() {
        List<Resume> runs = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            // evenly from 1 s to 60 s
            runs.add(outage(Duration.ofMillis(1000 + Math.round(i * 59_000.0 / 19))));
            System.out.println("ResumeAfterOutageTest soak run " + (i + 1) + ": " + runs.get(i));
        }
        String report = figures(runs);
        System.out.println("ResumeAfterOutageTest (soak):\n" + report);
        assertThat(runs).as(report).allSatisfy(r -> assertThat(r.resumeMs()).isLessThanOrEqualTo(1000));
    }
}
