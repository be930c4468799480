package io.github.meteorjob.it.faults;

import io.github.meteorjob.GetJobOptions;
import io.github.meteorjob.GetWorkOptions;
import io.github.meteorjob.Job;
import io.github.meteorjob.JobCollection;
import io.github.meteorjob.JobLogEntry;
import io.github.meteorjob.JobStatus;
import io.github.meteorjob.ddp.DdpClient;
import io.github.meteorjob.job.JobCollections;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reduction of what the fault run found: a {@code jobDone} the durable server answered {@code true} must survive
 * kill -9. One client, no proxy: batches of getWork and pipelined jobDone while the server is killed and restarted on
 * the same data directory several times; afterwards every confirmed completion must be in the server's record.
 * Long (about 7 minutes on a loaded 2-core machine), so in the soak profile. On the store as of 2026-12-05 runs
 * lost 13 and 16 of ~18,900 confirmed completions over 15 kills; the 16 were all confirmed 1-11 ms before the
 * same kill (a run of 4 kills lost none: the loss is rare per kill). {@code -Dfaults.doneKill.jobs/kills/clients}
 * change the size; each lost completion is printed with how long before which kill it was confirmed.
 */
class AcknowledgedDoneSurvivesKillTest {

    @Test
    @Tag("soak")
    void confirmedCompletionsSurviveKills(@TempDir Path dir) throws Exception {
        int jobs = Integer.getInteger("faults.doneKill.jobs", 20_000);
        int kills = Integer.getInteger("faults.doneKill.kills", 15);
        int clients = Integer.getInteger("faults.doneKill.clients", 4);
        List<DdpClient> others = new ArrayList<>();
        Map<String, String> confirmed = new ConcurrentHashMap<>(); // job id -> runId whose jobDone answered true
        Map<String, Long> confirmedAt = new ConcurrentHashMap<>(); // job id -> System.nanoTime() of the answer
        List<Long> killedAt = new ArrayList<>();
        try (ServerProcess server = new ServerProcess(dir.resolve("server"),
                List.of("--collection", FaultRun.ROOT, "--data", dir.resolve("data").toString()))) {
            server.start(0);
            DdpClient client = DdpClient.create(FaultRun.clientOptions(server.url()));
            try {
                client.connect().toCompletableFuture().get(30, TimeUnit.SECONDS);
                JobCollection c = JobCollections.of(client, FaultRun.ROOT);
                List<CompletableFuture<String>> saves = new ArrayList<>();
                for (int i = 0; i < jobs; i++) {
                    saves.add(c.createJob(FaultRun.TYPE, Map.of("n", i)).save().toCompletableFuture());
                    if (saves.size() % 500 == 0) {
                        CompletableFuture.allOf(saves.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
                    }
                }
                CompletableFuture.allOf(saves.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);

                AtomicBoolean stop = new AtomicBoolean();
                List<Thread> workers = new ArrayList<>();
                for (int w = 0; w < clients; w++) {
                    DdpClient wc = DdpClient.create(FaultRun.clientOptions(server.url()));
                    others.add(wc);
                    wc.connect().toCompletableFuture().get(30, TimeUnit.SECONDS);
                    JobCollection wjobs = JobCollections.of(wc, FaultRun.ROOT);
                    Thread worker = new Thread(() -> work(wjobs, confirmed, confirmedAt, stop), "done-flood-" + w);
                    worker.setDaemon(true);
                    worker.start();
                    workers.add(worker);
                }
                for (int k = 1; k <= kills; k++) {
                    int at = jobs * k / (kills + 1);
                    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                    while (confirmed.size() < at && System.nanoTime() < until) {
                        Thread.sleep(5);
                    }
                    killedAt.add(System.nanoTime());
                    server.kill();
                    server.restart();
                }
                stop.set(true);
                for (Thread worker : workers) {
                    worker.join(30_000);
                }

                List<String> lost = new ArrayList<>();
                for (Job j : c.getJobs(confirmed.keySet(), GetJobOptions.FULL).toCompletableFuture().get(120, TimeUnit.SECONDS)) {
                    String runId = confirmed.get(j.id());
                    boolean completedByIt = j.status() == JobStatus.COMPLETED && j.log().stream()
                            .anyMatch(e -> "Job Completed".equals(e.message()) && runId.equals(e.runId()));
                    if (!completedByIt) {
                        long at = confirmedAt.get(j.id());
                        int kill = 0;
                        while (kill < killedAt.size() && killedAt.get(kill) < at) {
                            kill++;
                        }
                        String when = kill < killedAt.size()
                                ? "confirmed " + (killedAt.get(kill) - at) / 1_000_000 + " ms before kill " + (kill + 1)
                                : "confirmed after the last kill";
                        lost.add(j.id() + " (" + j.status() + ", run " + runId + ", " + when + ", log "
                                + j.log().stream().map(JobLogEntry::message).toList() + ")");
                    }
                }
                System.out.printf("done-kill: %d jobs, %d clients, %d completions confirmed, %d kills, %d confirmed completions lost%n",
                        jobs, clients, confirmed.size(), kills, lost.size());
                assertThat(lost).as("jobDone answered true, then lost by kill -9").isEmpty();
            } finally {
                client.close();
                for (DdpClient o : others) {
                    o.close();
                }
            }
        }
    }

    /** getWork 50 at a time, jobDone all of them at once; records each completion the server confirmed. */
    private static void work(JobCollection c, Map<String, String> confirmed, Map<String, Long> confirmedAt, AtomicBoolean stop) {
        while (!stop.get()) {
            try {
                List<Job> batch = c.getWork(List.of(FaultRun.TYPE), GetWorkOptions.maxJobs(50).withWorkTimeout(Duration.ofMinutes(5)))
                        .toCompletableFuture().get(30, TimeUnit.SECONDS);
                List<CompletableFuture<?>> dones = new ArrayList<>();
                for (Job j : batch) {
                    String runId = j.runId();
                    dones.add(j.done().toCompletableFuture().thenAccept(r -> {
                        if (r.completed()) {
                            confirmedAt.put(j.id(), System.nanoTime());
                            confirmed.put(j.id(), runId);
                        }
                    }));
                }
                CompletableFuture.allOf(dones.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
                if (batch.isEmpty()) {
                    Thread.sleep(20);
                }
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                // the server is being killed: ask again once the client has reconnected
            }
        }
    }
}
