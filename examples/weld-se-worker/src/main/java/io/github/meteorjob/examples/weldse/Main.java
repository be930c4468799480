package io.github.meteorjob.examples.weldse;

import io.github.meteorjob.Collection;
import io.github.meteorjob.JobCollection;
import io.github.meteorjob.RetryOptions;
import io.github.meteorjob.server.EmbeddedJobServer;
import jakarta.enterprise.inject.se.SeContainer;
import jakarta.enterprise.inject.spi.Extension;
import jakarta.json.Json;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.config.spi.ConfigProviderResolver;
import org.jboss.weld.environment.se.Weld;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.ServiceLoader;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.logging.LogManager;

/**
 * A standalone Weld SE worker.
 *
 * <ul>
 *   <li>Without {@code meteor-job.url} (system property, environment {@code METEOR_JOB_URL} or
 *       {@code META-INF/microprofile-config.properties}) it runs a demo: an embedded job server on
 *       127.0.0.1 (free port), 200 {@code sendEmail} jobs with random durations, some failing and being
 *       retried, a live progress line and a summary; then it exits with status 0.</li>
 *   <li>With {@code meteor-job.url} it works for that server until stopped (Ctrl-C shuts down
 *       gracefully).</li>
 * </ul>
 */
public final class Main {

    static final String ROOT = "jobPile";
    static final int DEMO_JOBS = 200;
    static final String POLL_KEY = "meteor-job.queue.\"jobPile\".\"sendEmail\".poll-interval";
    static final String PREFETCH_KEY = "meteor-job.queue.\"jobPile\".\"sendEmail\".prefetch";

    /** One line per event, Weld/SmallRye/Grizzly/Tyrus at WARNING; see the file. */
    static final String LOGGING = "logging.properties";

    private Main() {
    }

    /** @param args optional: the number of demo jobs (default {@value #DEMO_JOBS}) */
    public static void main(String[] args) throws Exception {
        configureLogging();
        int jobs = DEMO_JOBS;
        if (args.length > 0) {
            try {
                jobs = Integer.parseInt(args[0]);
            } catch (NumberFormatException e) {
                jobs = -1;
            }
            if (jobs < 1) {
                System.err.println("usage: Main [number of demo jobs, at least 1]; not a number of jobs: " + args[0]);
                System.exit(2);
            }
        }
        String url = ConfigProvider.getConfig().getOptionalValue("meteor-job.url", String.class).orElse(null);
        if (url == null) {
            System.exit(demo(System.out, jobs) ? 0 : 1);
        } else {
            worker(url);
        }
    }

    /** Weld SE without class-path scanning: our beans listed here, extensions from META-INF/services (works shaded too). */
    static SeContainer container() {
        Weld weld = new Weld().disableDiscovery().addBeanClasses(Mailer.class, Progress.class)
                // our own shutdown hook closes the container (gracefully) and reports it; Weld's would race with it
                .property("org.jboss.weld.se.shutdownHook", false);
        ServiceLoader.load(Extension.class).forEach(weld::addExtension);
        return weld.initialize();
    }

    static void worker(String url) throws InterruptedException {
        System.out.println("meteor-job worker: processing jobPile/sendEmail from " + url + " (Ctrl-C to stop)");
        CountDownLatch stopped = new CountDownLatch(1);
        SeContainer container = container();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            // java.util.logging is reset by its own shutdown hook, so report on stdout
            System.out.println("meteor-job worker: stopping, running jobs finish first");
            if (container.isRunning()) {
                container.close(); // graceful: meteor-job.shutdown, default NORMAL
            }
            System.out.println("meteor-job worker: stopped");
            stopped.countDown();
        }, "meteor-job-worker-shutdown"));
        Progress progress = container.select(Progress.class).get();
        long start = System.nanoTime();
        while (!stopped.await(5, java.util.concurrent.TimeUnit.SECONDS)) {
            double s = (System.nanoTime() - start) / 1e9;
            System.out.printf(Locale.ROOT, "done %d | failed attempts %d | %.1f jobs/s%n",
                    progress.completed(), progress.failedAttempts(), progress.completed() / s);
        }
    }

    /** Runs the demo; returns whether every job ended as expected. */
    static boolean demo(PrintStream out, int count) throws Exception {
        long start = System.nanoTime();
        try (EmbeddedJobServer server = EmbeddedJobServer.builder().collection(ROOT)
                .promoteInterval(Duration.ofMillis(100)).start()) {
            System.setProperty("meteor-job.url", server.url());
            // per-queue configuration overrides win over the annotation: the demo polls often and keeps jobs at hand
            System.setProperty(POLL_KEY, System.getProperty(POLL_KEY, "50"));
            System.setProperty(PREFETCH_KEY, System.getProperty(PREFETCH_KEY, "8"));
            refreshConfig();
            out.println("meteor-job demo: embedded job server at " + server.url() + "; " + count
                    + " sendEmail jobs, 8 workers (set meteor-job.url to work for a real server)");
            List<String> ids = new ArrayList<>();
            int expectedFailures = 0;
            try (SeContainer container = container()) {
                JobCollection jobs = container.select(JobCollection.class, Collection.Literal.of(ROOT)).get();
                long up = System.nanoTime();
                out.printf(Locale.ROOT, "Weld SE container up after %.2f s%n", (up - start) / 1e9);
                Random random = new Random(42);
                List<CompletableFuture<String>> saves = new ArrayList<>();
                for (int i = 0; i < count; i++) {
                    int roll = random.nextInt(100);
                    // 12% fail once then succeed, 4% fail twice then succeed, 4% never succeed (3 attempts)
                    int failAttempts = roll < 12 ? 1 : roll < 16 ? 2 : roll < 20 ? 99 : 0;
                    if (failAttempts == 99) {
                        expectedFailures++;
                    }
                    var data = Json.createObjectBuilder()
                            .add("to", "user" + i + "@example.org")
                            .add("subject", "Welcome #" + i)
                            .add("workMs", 5 + random.nextInt(60))
                            .add("failAttempts", failAttempts)
                            .build();
                    saves.add(jobs.createJob("sendEmail", data)
                            .retry(RetryOptions.retries(2).withWait(Duration.ofMillis(200)))
                            .save().toCompletableFuture());
                }
                for (CompletableFuture<String> s : saves) {
                    ids.add(s.join());
                }
                out.printf(Locale.ROOT, "saved %d jobs after %.2f s%n", count, (System.nanoTime() - start) / 1e9);
                Progress progress = container.select(Progress.class).get();
                boolean tty = System.console() != null;
                long lastPrint = 0;
                int finished;
                int failed;
                do {
                    int completed = 0;
                    failed = 0;
                    for (String id : ids) {
                        String status = server.collection(ROOT).job(id).map(d -> d.getString("status", "")).orElse("");
                        if (status.equals("completed")) {
                            completed++;
                        } else if (status.equals("failed")) {
                            failed++;
                        }
                    }
                    finished = completed + failed;
                    long now = System.nanoTime();
                    if (tty || now - lastPrint > 1_000_000_000L || finished == count) {
                        double s = (now - up) / 1e9;
                        String line = String.format(Locale.ROOT,
                                "done %3d/%d | failed attempts %3d | retried %3d | gave up %2d | %6.1f jobs/s",
                                completed, count, progress.failedAttempts(), Math.max(0, progress.failedAttempts() - failed),
                                failed, finished / s);
                        out.print(tty ? "\r" + line : line + System.lineSeparator());
                        out.flush();
                        lastPrint = now;
                    }
                    if (finished < count) {
                        Thread.sleep(100);
                    }
                } while (finished < count && (System.nanoTime() - start) < 120_000_000_000L);
                if (tty) {
                    out.println();
                }
                double seconds = (System.nanoTime() - up) / 1e9;
                out.printf(Locale.ROOT, "summary: %d jobs, %d completed, %d failed for good (expected %d), "
                                + "%d failed attempts retried, %.2f s since the container was up (%.2f s in all), "
                                + "%.1f jobs/s%n",
                        count, finished - failed, failed, expectedFailures, progress.failedAttempts() - failed,
                        seconds, (System.nanoTime() - start) / 1e9, finished / seconds);
                return finished == count && failed == expectedFailures;
            } finally {
                System.clearProperty("meteor-job.url");
                System.clearProperty(POLL_KEY);
                System.clearProperty(PREFETCH_KEY);
                refreshConfig();
            }
        }
    }

    /** MicroProfile Config implementations cache the configuration; drop it so the new URL is seen. */
    private static void refreshConfig() {
        ConfigProviderResolver resolver = ConfigProviderResolver.instance();
        resolver.releaseConfig(resolver.getConfig());
    }

    /**
     * Loads the bundled {@value #LOGGING} unless the user configured java.util.logging; the progress line keeps
     * stdout, the log goes to stderr.
     */
    static void configureLogging() throws IOException {
        if (System.getProperty("java.util.logging.config.file") != null
                || System.getProperty("java.util.logging.config.class") != null) {
            return;
        }
        try (InputStream in = Main.class.getResourceAsStream(LOGGING)) {
            if (in == null) {
                throw new IllegalStateException(LOGGING + " is missing next to " + Main.class.getName());
            }
            LogManager.getLogManager().readConfiguration(in);
        }
    }
}
