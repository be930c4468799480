package io.github.meteorjob.it.faults;

import io.github.meteorjob.Job;
import io.github.meteorjob.JobCollection;
import io.github.meteorjob.ddp.DdpClient;
import io.github.meteorjob.ddp.DdpClientOptions;
import io.github.meteorjob.job.JobCollections;
import io.github.meteorjob.it.faults.JobAudit.WorkerRun;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The fault run's per-job checks accept legitimate histories and catch each kind of broken one. */
class JobAuditTest {

    private static DdpClient client;
    private static JobCollection jobs;

    @BeforeAll
    static void handle() {
        client = DdpClient.create(DdpClientOptions.of("ws://127.0.0.1:9/websocket")); // never connected
        jobs = JobCollections.of(client, "fault");
    }

    @AfterAll
    static void close() {
        client.close();
    }

    /** A job document: {@code events} are "run:R", "lapse:R", "fail:R" (worker failure) and "done:R". */
    private static Job job(String status, String... events) {
        JsonArrayBuilder log = Json.createArrayBuilder();
        JsonArrayBuilder failures = Json.createArrayBuilder();
        for (String e : events) {
            String[] p = e.split(":");
            String message = switch (p[0]) {
                case "run" -> "Job Running";
                case "done" -> "Job Completed";
                default -> "Job Failed with Error.";
            };
            log.add(Json.createObjectBuilder().add("time", Json.createObjectBuilder().add("$date", 0)).add("runId", p[1])
                    .add("level", "info").add("message", message));
            if (p[0].equals("lapse") || p[0].equals("fail")) {
                failures.add(Json.createObjectBuilder().add("value", p[0].equals("lapse") ? JobAudit.LEASE_LAPSED : "boom")
                        .add("runId", p[1]));
            }
        }
        JsonObject doc = Json.createObjectBuilder().add("_id", "j1").add("type", "work").add("data", Json.createObjectBuilder())
                .add("status", status).add("log", log).add("failures", failures).build();
        return jobs.job(doc);
    }

    private static List<String> violations(Job j, WorkerRun... seen) {
        return JobAudit.audit(j, List.of(seen)).violations();
    }

    @Test
    void oneRunCompletedIsClean() {
        assertThat(violations(job("completed", "run:r1", "done:r1"), new WorkerRun(0, "r1", "completed"))).isEmpty();
    }

    @Test
    void reRunAfterLapsedLeaseIsLegitimate() {
        JobAudit.Result r = JobAudit.audit(job("completed", "run:r1", "lapse:r1", "run:r2", "done:r2"),
                List.of(new WorkerRun(0, "r1", "refused"), new WorkerRun(1, "r2", "completed")));
        assertThat(r.violations()).isEmpty();
        assertThat(r.serverRuns()).isEqualTo(2);
        assertThat(r.leaseLapses()).isEqualTo(1);
    }

    @Test
    void reRunWithoutLapsedLeaseIsCaught() {
        assertThat(violations(job("completed", "run:r1", "fail:r1", "run:r2", "done:r2")))
                .singleElement().asString().contains("never lost its lease");
    }

    @Test
    void completedTwiceIsCaught() {
        assertThat(violations(job("completed", "run:r1", "done:r1", "run:r2", "done:r2")))
                .anySatisfy(v -> assertThat(v).contains("completed 2 times"));
    }

    @Test
    void stillRunningIsCaught() {
        assertThat(violations(job("running", "run:r1"), new WorkerRun(0, "r1", null)))
                .anySatisfy(v -> assertThat(v).contains("ended RUNNING"));
    }

    @Test
    void runUnknownToTheServerIsCaught() {
        assertThat(violations(job("completed", "run:r2", "done:r2"), new WorkerRun(0, "r1", "refused"), new WorkerRun(1, "r2", "completed")))
                .singleElement().asString().contains("no record of");
    }

    @Test
    void sameRunHandedOutTwiceIsCaught() {
        assertThat(violations(job("completed", "run:r1", "done:r1"), new WorkerRun(0, "r1", "completed"), new WorkerRun(1, "r1", "refused")))
                .singleElement().asString().contains("handed to workers twice");
    }

    @Test
    void successReportedForTheWrongRunIsCaught() {
        assertThat(violations(job("completed", "run:r1", "lapse:r1", "run:r2", "done:r2"),
                new WorkerRun(0, "r1", "completed"), new WorkerRun(1, "r2", "completed")))
                .singleElement().asString().contains("answered true, but run r2 completed it");
    }

    @Test
    void doneNotConfirmedForTheCompletingRunIsCounted() {
        JobAudit.Result r = JobAudit.audit(job("completed", "run:r1", "done:r1"), List.of(new WorkerRun(0, "r1", "refused")));
        assertThat(r.violations()).isEmpty();
        assertThat(r.refusedOwnCompletion()).isEqualTo(1);
        assertThat(r.leaseLostButCompleted()).isZero();
    }

    @Test
    void leaseLostReportedForTheCompletingRunIsCounted() {
        JobAudit.Result r = JobAudit.audit(job("completed", "run:r1", "done:r1"), List.of(new WorkerRun(0, "r1", JobAudit.LEASE_LOST)));
        assertThat(r.violations()).isEmpty();
        assertThat(r.leaseLostButCompleted()).isEqualTo(1);
    }
}
