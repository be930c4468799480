package io.github.meteorjob;

import java.time.Instant;

/**
 * Options of {@link Job#restart(RestartOptions)} and {@link JobCollection#restartJobs}.
 *
 * @param retries     retries added to the job (default 1, must be ≥ 0)
 * @param dependents  also restart cancelled dependents (meteor-job's client default: true)
 * @param antecedents also restart antecedents; {@code null} leaves it to the server
 * @param until       new retry deadline; {@code null} keeps the job's own
 */
public record RestartOptions(long retries, boolean dependents, Boolean antecedents, Instant until) {

    /** meteor-job's defaults: one retry, dependents restarted. */
    public static final RestartOptions DEFAULT = new RestartOptions(1, true, null, null);

    public RestartOptions {
        Checks.nonNegativeInteger("retries", retries);
    }
}
