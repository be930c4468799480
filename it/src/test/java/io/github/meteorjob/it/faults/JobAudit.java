package io.github.meteorjob.it.faults;

import io.github.meteorjob.Job;
import io.github.meteorjob.JobFailure;
import io.github.meteorjob.JobLogEntry;
import io.github.meteorjob.JobStatus;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Checks one job's record on the server (its {@code log} and {@code failures}, read with {@code getJob} and
 * {@code GetJobOptions.FULL}) against the runs the workers started: the job is completed, by exactly one run, its
 * last; every earlier run lost its lease ({@value #LEASE_LAPSED}); every run a worker was handed is known to the
 * server, under a runId no other hand-out shared; a {@code done()} answered {@code true} belongs to the completing run.
 */
final class JobAudit {

    static final String LEASE_LAPSED = "Failed for exceeding worker set workTimeout";
    /** The outcome recorded for a {@code done()} that failed with {@code LeaseLostException}. */
    static final String LEASE_LOST = "lease-lost";

    /** One run a worker started, and how its {@code done()} ended ({@code null} while it has not). */
    record WorkerRun(int worker, String runId, String doneOutcome) {
    }

    /**
     * @param violations          the invariants this job breaks (empty when none)
     * @param serverRuns          runs the server started ("Job Running" log entries)
     * @param leaseLapses         runs the server failed for exceeding their lease
     * @param refusedOwnCompletion {@code done()} calls not answered {@code true} (answered {@code false}, or failed)
     *                            although their own run completed the job, e.g. re-sent after a reconnect when the
     *                            first send had already completed it
     * @param leaseLostButCompleted of those, the ones reported as a lost lease ({@code LeaseLostException}), which
     *                            says the run's outcome was not recorded although it was
     */
    record Result(List<String> violations, int serverRuns, int leaseLapses, int refusedOwnCompletion,
                  int leaseLostButCompleted) {
    }

    private JobAudit() {
    }

    static Result audit(Job j, List<WorkerRun> seen) {
        String id = j.id();
        List<String> v = new ArrayList<>();
        List<String> serverRuns = new ArrayList<>();
        List<String> completions = new ArrayList<>();
        for (JobLogEntry e : j.log()) {
            if ("Job Running".equals(e.message())) {
                serverRuns.add(e.runId());
            } else if ("Job Completed".equals(e.message())) {
                completions.add(e.runId());
            }
        }
        Set<String> lapsed = new HashSet<>();
        for (JobFailure f : j.failures()) {
            if (LEASE_LAPSED.equals(f.message())) {
                lapsed.add(f.runId());
            }
        }
        if (j.status() != JobStatus.COMPLETED) {
            v.add("job " + id + " ended " + j.status() + " (runs " + serverRuns + ", workers " + seen + ")");
        }
        String completedRun = completions.size() == 1 ? completions.get(0) : null;
        if (completions.size() != 1) {
            v.add("job " + id + " completed " + completions.size() + " times: " + completions);
        } else if (serverRuns.isEmpty() || !serverRuns.get(serverRuns.size() - 1).equals(completedRun)) {
            v.add("job " + id + " completed by run " + completedRun + " which is not its last run " + serverRuns);
        }
        if (new HashSet<>(serverRuns).size() != serverRuns.size()) {
            v.add("job " + id + " has a runId twice: " + serverRuns);
        }
        for (String r : serverRuns.subList(0, Math.max(0, serverRuns.size() - 1))) {
            if (!lapsed.contains(r)) {
                v.add("job " + id + " was run again although run " + r + " never lost its lease; failures "
                        + j.failures().stream().map(f -> f.runId() + ":" + f.message()).toList());
            }
        }
        Set<String> seenIds = new HashSet<>();
        int refusedOwn = 0;
        int leaseLostOwn = 0;
        for (WorkerRun w : seen) {
            if (!seenIds.add(w.runId())) {
                v.add("job " + id + " was handed to workers twice under run " + w.runId() + ": " + seen);
            }
            if (!serverRuns.contains(w.runId())) {
                v.add("job " + id + ": worker " + w.worker() + " ran " + w.runId()
                        + " which the server has no record of (a getWork answer whose write was lost); server runs " + serverRuns);
            }
            if ("completed".equals(w.doneOutcome()) && !w.runId().equals(completedRun)) {
                v.add("job " + id + ": done() of run " + w.runId() + " answered true, but run " + completedRun + " completed it");
            }
            if (!"completed".equals(w.doneOutcome()) && w.runId().equals(completedRun)) {
                refusedOwn++;
                if (LEASE_LOST.equals(w.doneOutcome())) {
                    leaseLostOwn++;
                }
            }
        }
        return new Result(v, serverRuns.size(), lapsed.size(), refusedOwn, leaseLostOwn);
    }
}
