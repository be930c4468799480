package io.github.meteorjob.it.faults;

import io.github.meteorjob.DoneResult;
import io.github.meteorjob.GetJobOptions;
import io.github.meteorjob.Job;
import io.github.meteorjob.JobCollection;
import io.github.meteorjob.JobQueue;
import io.github.meteorjob.JobStatus;
import io.github.meteorjob.LeaseLostException;
import io.github.meteorjob.QueueOptions;
import io.github.meteorjob.RetryOptions;
import io.github.meteorjob.ShutdownLevel;
import io.github.meteorjob.ddp.DdpClient;
import io.github.meteorjob.ddp.DdpClientOptions;
import io.github.meteorjob.ddp.ReconnectPolicy;
import io.github.meteorjob.ddp.Subscription;
import io.github.meteorjob.ejson.Ejson;
import io.github.meteorjob.job.JobCollections;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One fault-injection run: the standalone server in a child JVM (durable store), 4 Java workers and one creator
 * connected through a {@link FaultProxy}, faults injected while N jobs are saved and worked, the server killed
 * with SIGKILL and restarted on the same port and data directory {@code kills} times. At the end every job is
 * read back from the server ({@code getJob} with log and failures, on a direct manager connection) and checked
 * against what the workers saw; {@link Outcome#violations()} lists every broken invariant.
 */
final class FaultRun {

    static final String ROOT = "fault";
    static final String TYPE = "work";

    /** What to run. */
    record Settings(long seed, int jobs, int workers, int concurrency, Duration lease, int maxFaults,
                    Duration faultWindow, Duration minGap, Duration maxGap, int kills, Duration deadline) {
    }

    /** The figures of a run and the invariants it broke (none when it passed). */
    record Outcome(long seed, int jobs, int acknowledged, int unacknowledgedSaves, int extraJobs, int serverTotal,
                   Map<FaultProxy.Fault, Integer> faults, long proxyConnections, int kills, int serverRuns,
                   int workerRuns, int reRunJobs, int leaseLapses, int doneRefused, int doneErrors, int refusedOwnCompletion, int leaseLostButCompleted,
                   int losses, long wallMillis, List<String> timeline, List<String> violations) {

        String summary() {
            return String.format("fault run: seed=%d jobs=%d acknowledged=%d unacknowledged-saves=%d extra-jobs=%d"
                            + " server-total=%d faults=%s (%d) proxy-connections=%d kills=%d runs(server)=%d"
                            + " runs(workers)=%d re-run-jobs=%d lease-lapses=%d done-refused=%d done-errors=%d"
                            + " done-not-confirmed-but-completed=%d (reported as lost lease: %d) losses=%d wall=%.1fs timeline=%s violations=%d",
                    seed, jobs, acknowledged, unacknowledgedSaves, extraJobs, serverTotal, faults,
                    faults.values().stream().mapToInt(Integer::intValue).sum(), proxyConnections, kills, serverRuns,
                    workerRuns, reRunJobs, leaseLapses, doneRefused, doneErrors, refusedOwnCompletion, leaseLostButCompleted, losses, wallMillis / 1000.0,
                    timeline, violations.size());
        }
    }

    private final Settings s;
    private final Path dir;
    private final Map<String, List<JobAudit.WorkerRun>> runs = new ConcurrentHashMap<>();
    private final Set<String> acked = ConcurrentHashMap.newKeySet();
    private final AtomicInteger unacked = new AtomicInteger();
    private final AtomicInteger doneRefused = new AtomicInteger();
    private final AtomicInteger doneErrors = new AtomicInteger();
    private final List<String> violations = new CopyOnWriteArrayList<>();
    private final AtomicInteger kills = new AtomicInteger();
    private int serverRunCount;
    private int leaseLapses;
    private int refusedOwnCompletion;
    private int leaseLostButCompleted;
    private final List<String> offenders = new CopyOnWriteArrayList<>();
    private final List<String> killTimes = new CopyOnWriteArrayList<>();
    private final List<String> timeline = new CopyOnWriteArrayList<>();
    private volatile long startNanos;
    private final Map<String, java.time.Instant> doneAnswered = new ConcurrentHashMap<>();

    FaultRun(Settings settings, Path dir) {
        this.s = settings;
        this.dir = dir;
    }

    static DdpClientOptions clientOptions(String url) {
        // explicit, so the run does not depend on the client's defaults: quick detection of dead links
        return DdpClientOptions.builder(url)
                .connectTimeout(Duration.ofSeconds(10))
                .callTimeout(Duration.ofSeconds(15))
                .heartbeatInterval(Duration.ofMillis(1000))
                .heartbeatTimeout(Duration.ofMillis(2000))
                .reconnect(ReconnectPolicy.DEFAULT.withInitialDelay(Duration.ofMillis(100)).withMaxDelay(Duration.ofMillis(1000)))
                .build();
    }

    Outcome run() throws Exception {
        long t0 = System.nanoTime();
        startNanos = t0;
        Random random = new Random(s.seed());
        List<DdpClient> clients = new ArrayList<>();
        List<JobQueue> queues = new ArrayList<>();
        try (ServerProcess server = new ServerProcess(dir.resolve("server"), List.of("--collection", ROOT,
                "--data", dir.resolve("data").toString(), "--promote-interval", "500"))) {
            server.start(0);
            try (FaultProxy proxy = new FaultProxy(server.port())) {
                String viaProxy = "ws://127.0.0.1:" + proxy.port() + "/websocket";
                DdpClient manager = DdpClient.create(clientOptions(server.url()));
                clients.add(manager);
                manager.connect().toCompletableFuture().get(30, TimeUnit.SECONDS);
                JobCollection managed = JobCollections.of(manager, ROOT);
                for (int w = 0; w < s.workers(); w++) {
                    DdpClient c = DdpClient.create(clientOptions(viaProxy));
                    clients.add(c);
                    c.connect().toCompletableFuture().get(30, TimeUnit.SECONDS);
                    queues.add(startWorker(JobCollections.of(c, ROOT), w));
                }
                DdpClient creatorClient = DdpClient.create(clientOptions(viaProxy));
                clients.add(creatorClient);
                creatorClient.connect().toCompletableFuture().get(30, TimeUnit.SECONDS);

                proxy.startFaults(random.nextLong(), s.maxFaults(), s.faultWindow(), s.minGap(), s.maxGap());
                Thread killer = startKiller(server, random.nextLong());
                long deadline = System.nanoTime() + s.deadline().toNanos();
                create(JobCollections.of(creatorClient, ROOT), deadline);
                timeline.add(String.format("created %.1fs", (System.nanoTime() - t0) / 1e9));
                killer.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
                if (killer.isAlive()) {
                    violations.add("the kills did not finish before the deadline");
                    killer.interrupt();
                }
                Set<String> all = awaitCompleted(managed, deadline);
                timeline.add(String.format("all completed %.1fs", (System.nanoTime() - t0) / 1e9));
                proxy.stopFaults();
                for (JobQueue q : queues) {
                    q.shutdown(ShutdownLevel.SOFT).toCompletableFuture().get(30, TimeUnit.SECONDS);
                }
                int losses = verify(managed, all);
                int total = serverTotal(manager);
                int extras = all.size() - acked.size();
                if (total != all.size()) {
                    violations.add("the server holds " + total + " jobs of type " + TYPE + ", the run knows of " + all.size()
                            + " (" + acked.size() + " acknowledged + " + extras + " saved without an answer)");
                }
                if (extras > unacked.get()) {
                    violations.add(extras + " jobs that no save acknowledged, but only " + unacked.get() + " saves went unanswered");
                }
                if (!offenders.isEmpty()) {
                    violations.add("server kills (killed, restarted): " + killTimes + "; offending jobs:"
                            + describe(managed, offenders));
                }
                if (!violations.isEmpty()) {
                    violations.add("server stderr (tails):\n" + server.stderr());
                }
                return outcome(proxy, losses, total, extras, t0);
            }
        } finally {
            for (DdpClient c : clients) {
                c.close();
            }
        }
    }

    private JobQueue startWorker(JobCollection jobs, int index) {
        QueueOptions options = QueueOptions.defaults()
                .withConcurrency(s.concurrency())
                .withPollInterval(Duration.ofMillis(200))
                .withWorkTimeout(s.lease())
                .withAutoExtend(Duration.ZERO) // never extended: short jobs, and lapses are part of the test
                .withErrorHandler(e -> { }); // getWork failures during faults are expected; the checks are at the end
        return jobs.processJobs(TYPE, options, job -> {
            String runId = job.runId();
            runs.computeIfAbsent(job.id(), k -> new CopyOnWriteArrayList<>()).add(new JobAudit.WorkerRun(index, runId, null));
            Thread.sleep(ThreadLocalRandom.current().nextInt(4));
            String outcome;
            try {
                DoneResult r = job.done().toCompletableFuture().get(30, TimeUnit.SECONDS);
                doneAnswered.put(runId, java.time.Instant.now());
                outcome = r.completed() ? "completed" : "refused";
                if (!r.completed()) {
                    doneRefused.incrementAndGet();
                }
            } catch (ExecutionException | TimeoutException e) {
                Throwable c = e instanceof ExecutionException ? e.getCause() : e;
                if (c instanceof LeaseLostException) {
                    outcome = JobAudit.LEASE_LOST;
                    doneRefused.incrementAndGet();
                } else {
                    outcome = "error: " + c.getClass().getSimpleName();
                    doneErrors.incrementAndGet();
                }
            }
            List<JobAudit.WorkerRun> list = runs.get(job.id());
            String done = outcome;
            list.replaceAll(r -> r.runId().equals(runId) && r.doneOutcome() == null ? new JobAudit.WorkerRun(index, runId, done) : r);
        });
    }

    /** Saves until {@code jobs} saves were acknowledged, up to 32 at a time; unanswered saves are counted, not retried. */
    private void create(JobCollection jobs, long deadline) throws InterruptedException {
        Semaphore window = new Semaphore(32);
        AtomicInteger inFlight = new AtomicInteger();
        int n = 0;
        while (acked.size() < s.jobs()) {
            if (System.nanoTime() > deadline) {
                violations.add("only " + acked.size() + " of " + s.jobs() + " saves acknowledged before the deadline");
                return;
            }
            window.acquire();
            if (acked.size() + inFlight.get() >= s.jobs()) {
                window.release();
                Thread.sleep(5);
                continue;
            }
            inFlight.incrementAndGet();
            Job job = jobs.createJob(TYPE, Map.of("n", n++)).retry(RetryOptions.retries(1000).withWait(Duration.ZERO));
            job.save().whenComplete((id, err) -> {
                if (err == null) {
                    acked.add(id);
                } else {
                    unacked.incrementAndGet();
                }
                inFlight.decrementAndGet();
                window.release();
            });
        }
    }

    /** Kills the server with SIGKILL when the workers have started i/(kills+1) of the jobs, then starts it again. */
    private Thread startKiller(ServerProcess server, long seed) {
        Random random = new Random(seed);
        Thread t = new Thread(() -> {
            try {
                for (int i = 1; i <= s.kills(); i++) {
                    int at = s.jobs() * i / (s.kills() + 1);
                    while (runs.size() < at) {
                        Thread.sleep(20);
                    }
                    java.time.Instant killed = java.time.Instant.now();
                    timeline.add(String.format("kill %.1fs", (System.nanoTime() - startNanos) / 1e9));
                    server.kill();
                    kills.incrementAndGet();
                    Thread.sleep(100 + random.nextInt(700));
                    server.restart();
                    timeline.add(String.format("restarted %.1fs", (System.nanoTime() - startNanos) / 1e9));
                    killTimes.add(killed + ".." + java.time.Instant.now());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                violations.add("kill/restart failed: " + e);
            }
        }, "fault-run-killer");
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** Waits until every known job (acknowledged or seen by a worker) is completed; returns their ids. */
    private Set<String> awaitCompleted(JobCollection jobs, long deadline) throws Exception {
        Set<String> done = new HashSet<>();
        while (true) {
            Set<String> known = new LinkedHashSet<>(acked);
            known.addAll(runs.keySet());
            List<String> pending = new ArrayList<>(known);
            pending.removeAll(done);
            if (pending.isEmpty()) {
                return known;
            }
            try {
                for (Job j : jobs.getJobs(pending).toCompletableFuture().get(30, TimeUnit.SECONDS)) {
                    if (j.status() == JobStatus.COMPLETED) {
                        done.add(j.id());
                    }
                }
            } catch (ExecutionException | TimeoutException e) {
                // the manager link may be down during a restart: ask again
            }
            if (done.containsAll(pending)) {
                continue;
            }
            if (System.nanoTime() > deadline) {
                pending.removeAll(done);
                violations.add(pending.size() + " jobs not completed by the deadline, e.g. " + describe(jobs, pending));
                return known;
            }
            Thread.sleep(250);
        }
    }

    private String describe(JobCollection jobs, List<String> ids) {
        StringBuilder b = new StringBuilder();
        try {
            for (Job j : jobs.getJobs(ids.subList(0, Math.min(5, ids.size())), GetJobOptions.FULL)
                    .toCompletableFuture().get(30, TimeUnit.SECONDS)) {
                b.append("\n  ").append(j.id()).append(' ').append(j.status()).append(" runId=").append(j.runId())
                        .append(" expiresAfter=").append(j.expiresAfter()).append(" workers=").append(runs.get(j.id()))
                        .append(" done answered at ").append(runs.getOrDefault(j.id(), List.of()).stream()
                                .map(w -> w.runId() + "@" + doneAnswered.get(w.runId())).toList())
                        .append(" log=").append(j.log().stream().map(e -> e.time() + " " + e.runId() + ":" + e.message()).toList())
                        .append(" failures=").append(j.failures());
            }
        } catch (Exception e) {
            b.append(" (could not read them: ").append(e).append(')');
        }
        return b.toString();
    }

    /** Checks every job against the server's own record; returns the number of acknowledged jobs lost. */
    private int verify(JobCollection jobs, Set<String> ids) throws Exception {
        Map<String, Job> found = new ConcurrentHashMap<>();
        for (Job j : jobs.getJobs(ids, GetJobOptions.FULL).toCompletableFuture().get(120, TimeUnit.SECONDS)) {
            found.put(j.id(), j);
        }
        int losses = 0;
        for (String id : ids) {
            Job j = found.get(id);
            if (j == null) {
                if (acked.contains(id)) {
                    losses++;
                    violations.add("acknowledged job " + id + " is gone");
                } else {
                    violations.add("job " + id + " that a worker ran is gone");
                }
                continue;
            }
            check(j);
        }
        return losses;
    }

    private void check(Job j) {
        JobAudit.Result r = JobAudit.audit(j, runs.getOrDefault(j.id(), List.of()));
        violations.addAll(r.violations());
        if (!r.violations().isEmpty()) {
            offenders.add(j.id());
        }
        serverRunCount += r.serverRuns();
        leaseLapses += r.leaseLapses();
        refusedOwnCompletion += r.refusedOwnCompletion();
        leaseLostButCompleted += r.leaseLostButCompleted();
    }

    /** Counts the server's jobs of {@link #TYPE} through its {@code <root>.jobs} publication. */
    private static int serverTotal(DdpClient manager) throws Exception {
        Subscription sub = manager.subscribe(ROOT + ".jobs", Ejson.params(Map.of("type", TYPE)));
        sub.ready().toCompletableFuture().get(120, TimeUnit.SECONDS);
        int n = manager.collection(ROOT + ".jobs").size();
        sub.stop();
        return n;
    }

    private Outcome outcome(FaultProxy proxy, int losses, int total, int extras, long t0) {
        int workerRuns = runs.values().stream().mapToInt(List::size).sum();
        int reRuns = (int) runs.values().stream().filter(l -> l.size() > 1).count();
        return new Outcome(s.seed(), s.jobs(), acked.size(), unacked.get(), extras, total, proxy.injected(),
                proxy.accepted(), kills.get(), serverRunCount, workerRuns, reRuns, leaseLapses, doneRefused.get(),
                doneErrors.get(), refusedOwnCompletion, leaseLostButCompleted, losses, (System.nanoTime() - t0) / 1_000_000, List.copyOf(timeline), List.copyOf(violations));
    }
}
