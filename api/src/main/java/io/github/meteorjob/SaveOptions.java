package io.github.meteorjob;

/**
 * Options of {@link Job#save(SaveOptions)}.
 *
 * @param cancelRepeats for a job that repeats forever: cancel the other cancellable jobs of its type first;
 *                      {@code null} sends no such option
 */
public record SaveOptions(Boolean cancelRepeats) {

    /** No options ({@code {}} on the wire). */
    public static final SaveOptions NONE = new SaveOptions(null);

    /** {@code {cancelRepeats: true}}. */
    public static final SaveOptions CANCEL_REPEATS = new SaveOptions(true);
}
