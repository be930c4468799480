package io.github.meteorjob;

/**
 * A change of a watched job ({@link JobCollection#watch}).
 *
 * @param kind what happened
 * @param id   the job's id
 * @param job  the job as it is now in the local cache; {@code null} when removed
 */
public record JobEvent(Kind kind, String id, Job job) {

    /** What happened to the job. */
    public enum Kind { ADDED, CHANGED, REMOVED }
}
