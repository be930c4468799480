package io.github.meteorjob;

/**
 * Options of {@link Job#cancel(CancelOptions)} and {@link JobCollection#cancelJobs}.
 *
 * @param antecedents also cancel the jobs this job depends on (meteor-job's client default: true)
 * @param dependents  also cancel jobs depending on this one; {@code null} leaves it to the server (which cancels them)
 */
public record CancelOptions(boolean antecedents, Boolean dependents) {

    /** meteor-job's defaults: antecedents true, dependents left to the server. */
    public static final CancelOptions DEFAULT = new CancelOptions(true, null);
}
