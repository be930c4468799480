package io.github.meteorjob.it.bench;

import io.github.meteorjob.Collection;
import io.github.meteorjob.ConnectionEvent;
import io.github.meteorjob.Job;
import io.github.meteorjob.JobBatch;
import io.github.meteorjob.JobCollection;
import io.github.meteorjob.ProcessJobs;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.ObservesAsync;
import jakarta.enterprise.inject.se.SeContainer;
import jakarta.enterprise.inject.spi.Extension;
import org.jboss.weld.environment.se.Weld;

import java.time.Duration;
import java.time.Instant;
import java.util.ServiceLoader;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The CDI variant of {@link JavaBenchWorker} for {@link SideBySideBenchmark}: Weld SE with the library's extensions,
 * a {@code @ProcessJobs} observer whose body is empty (returning completes the job), every DDP call through the
 * MicroProfile Fault Tolerance beans (SmallRye). A first container saves the jobs through the injected (guarded)
 * {@code JobCollection} while the queue is disabled by configuration; a second one processes them. jobs/s runs from
 * starting the second container (Weld boot included) to the last observer call returning. Same arguments and
 * output as {@link JavaBenchWorker}; the type is fixed ({@value #SINGLE}, or {@value #BATCH} when payload &gt; 1),
 * concurrency, prefetch and payload come from configuration. Two processing rates: {@code jobRate} from the
 * processing container's {@code CONNECTED} event (its queues start then; the plain worker's rate also runs from its
 * queue's start on a connected client) and {@code jobRateWithBoot} from starting that container, Weld boot and
 * connect included.
 */
public final class CdiBenchWorker {

    static final String SINGLE = "cdi-single";
    static final String BATCH = "cdi-batch";
    static final AtomicInteger PROCESSED = new AtomicInteger();
    static final CompletableFuture<Void> ALL = new CompletableFuture<>();
    static volatile int target = Integer.MAX_VALUE;
    static volatile long firstNanos;
    static volatile boolean processing;
    static volatile Instant connected;

    private CdiBenchWorker() {
    }

    /** The worker bean: one observer per shape, each on its own type. */
    @ApplicationScoped
    public static class Worker {
        void one(@Observes @ProcessJobs(collection = SideBySideBenchmark.ROOT, type = SINGLE, pollInterval = 1000) Job job) {
            count(1);
        }

        /** When the processing container's connection is up: its queues start right after (see the class comment). */
        void connected(@ObservesAsync ConnectionEvent e) {
            if (e.kind() == ConnectionEvent.Kind.CONNECTED && processing) {
                connected = e.time();
            }
        }

        void batch(@Observes @ProcessJobs(collection = SideBySideBenchmark.ROOT, type = BATCH, payload = 2, pollInterval = 1000)
                   JobBatch batch) {
            count(batch.size());
        }
    }

    static void count(int jobs) {
        int before = PROCESSED.getAndAdd(jobs);
        if (before == 0) {
            firstNanos = System.nanoTime();
            System.out.println("FIRST");
            System.out.flush();
        }
        if (before + jobs >= target) {
            ALL.complete(null);
        }
    }

    public static void main(String[] a) throws Exception {
        int port = Integer.parseInt(a[0]);
        int saves = Integer.parseInt(a[3]);
        int n = Integer.parseInt(a[4]);
        int payload = Integer.parseInt(a[7]);
        String type = payload > 1 ? BATCH : SINGLE;
        System.setProperty("meteor-job.url", "ws://127.0.0.1:" + port + "/websocket");
        String q = "meteor-job.queue.\"" + SideBySideBenchmark.ROOT + "\".\"" + type + "\".";
        System.setProperty(q + "concurrency", a[5]);
        System.setProperty(q + "prefetch", a[6]);
        System.setProperty(q + "payload", a[7]);
        // the queue starts with the container: hold it until the saves are done, as the other workers do
        System.setProperty(q + "enabled", saves > 0 ? "false" : "true");
        double saveRate = 0;
        if (saves > 0) {
            // first container: saves only (the queue of this type is disabled), through the guarded JobCollection
            try (SeContainer c = container()) {
                JobCollection jobs = c.select(JobCollection.class, Collection.Literal.of(SideBySideBenchmark.ROOT)).get();
                long s0 = System.nanoTime();
                JavaBenchWorker.save(jobs, type, saves);
                saveRate = saves / ((System.nanoTime() - s0) / 1e9);
            }
            System.setProperty(q + "enabled", "true");
            io.github.meteorjob.it.cdi.ContainersAccess.refreshConfig();
        }
        System.out.println("SAVED");
        System.out.flush();
        target = n;
        processing = true;
        Instant t0 = Instant.now();
        SeContainer c = container();
        ALL.get(10, TimeUnit.MINUTES);
        Instant end = Instant.now();
        // the event is delivered asynchronously; its time is when the connection came up
        for (int i = 0; i < 200 && connected == null; i++) {
            Thread.sleep(5);
        }
        c.close(); // graceful: running jobs finish, their done calls are answered
        Instant from = connected != null ? connected : t0;
        double jobRate = n / (Duration.between(from, end).toNanos() / 1e9);
        double withBoot = n / (Duration.between(t0, end).toNanos() / 1e9);
        System.out.printf("RESULT {\"saveRate\":%.1f,\"jobRate\":%.1f,\"jobRateWithBoot\":%.1f}%n", saveRate,
                jobRate, withBoot);
        System.out.flush();
        while (System.in.read() >= 0) {
            // wait for the parent to read /proc and close stdin
        }
        System.exit(0);
    }

    static SeContainer container() {
        Weld weld = new Weld().disableDiscovery().addBeanClasses(Worker.class)
                .property("org.jboss.weld.se.shutdownHook", false);
        ServiceLoader.load(Extension.class).forEach(weld::addExtension);
        return weld.initialize();
    }
}
