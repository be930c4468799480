package io.github.meteorjob.tck.support;

import java.time.Duration;
import java.util.List;

import io.github.meteorjob.server.EmbeddedJobServer;

/**
 * The suite's job server: one {@link EmbeddedJobServer} in the test (client) JVM on a free 127.0.0.1 port, started on
 * first use and closed when the JVM exits. Deployments reach it through MicroProfile Config
 * ({@code meteor-job.url}, see {@link Deployments}); each test class uses its own collection root so that jobs of one
 * class never reach the workers of another.
 *
 * <p>Only client-side code (deployment methods, {@code @RunAsClient} tests) may call this class: in Open Liberty and
 * Payara the in-container part of a test runs in another JVM.
 */
public final class TckServer {

    /** Every collection root the suite uses. */
    public static final List<String> COLLECTIONS = List.of(
            "tckBasic", "tckAsync", "tckBatch", "tckConfig", "tckFt", "tckHealth", "tckShutdown", "tckContainer",
            "tckBad", "warJobs", "tckOptions", "tckTelemetry");

    private static EmbeddedJobServer server;

    private TckServer() {
    }

    /** The running server (started on first call). */
    public static synchronized EmbeddedJobServer get() {
        if (server == null) {
            server = EmbeddedJobServer.builder()
                    .host("127.0.0.1")
                    .port(reservedPort())
                    .collections(COLLECTIONS)
                    // waiting jobs with a delay become ready within a second, not the default 15 s
                    .promoteInterval(Duration.ofSeconds(1))
                    .start();
            EmbeddedJobServer started = server;
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "tck-job-server-close"));
        }
        return server;
    }

    /**
     * The port the build reserved for the job server (liberty and payara profiles: the runtime's JVM is started
     * with {@code meteor-job.url} pointing there before any test runs), else 0 for a free one.
     */
    static int reservedPort() {
        String value = System.getProperty("tck.jobserver.port", "");
        return value.matches("\\d+") ? Integer.parseInt(value) : 0;
    }

    /** {@code ws://127.0.0.1:<port>/websocket}. */
    public static String url() {
        return get().url();
    }
}
