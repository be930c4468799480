package io.github.meteorjob;

import java.time.Duration;

/**
 * Options of {@link Job#done(Object, DoneOptions)}.
 *
 * @param repeatId  ask the server for the id of the repeat job it schedules (see {@link DoneResult#repeatId()})
 * @param delayDeps delay dependent jobs by at least this much; {@code null} for no delay
 */
public record DoneOptions(boolean repeatId, Duration delayDeps) {

    /** No options. */
    public static final DoneOptions NONE = new DoneOptions(false, null);

    public DoneOptions {
        Checks.nonNegative("delayDeps", delayDeps);
    }
}
