package io.github.meteorjob;

/**
 * A job's progress.
 *
 * @param completed work done, ≥ 0
 * @param total     total work, &gt; 0 and ≥ completed
 * @param percent   {@code 100 * completed / total}
 */
public record JobProgress(double completed, double total, double percent) {

    /** Validates and computes the percentage, as meteor-job does. */
    public static JobProgress of(double completed, double total) {
        if (!(completed >= 0)) {
            throw new IllegalArgumentException("progress completed must be >= 0, was " + completed);
        }
        if (!(total > 0)) {
            throw new IllegalArgumentException("progress total must be > 0, was " + total);
        }
        if (completed > total) {
            throw new IllegalArgumentException("progress completed (" + completed + ") must not exceed total (" + total + ")");
        }
        return new JobProgress(completed, total, 100 * completed / total);
    }
}
