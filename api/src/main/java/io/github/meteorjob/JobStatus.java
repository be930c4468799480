package io.github.meteorjob;

import java.util.Locale;

/** The status of a job document, as stored in the job-collection ({@code waiting}, {@code ready}, ...). */
public enum JobStatus {
    /** Saved, waiting for its time ({@code after}) or its dependencies. */
    WAITING,
    /** Paused by a manager; {@link Job#resume()} moves it back to waiting. */
    PAUSED,
    /** Ready to be handed out by {@code getWork}. */
    READY,
    /** Handed out to a worker; it has a {@code runId}. */
    RUNNING,
    /** Failed for good (no retries left, fatal error, or retry deadline passed). */
    FAILED,
    /** Cancelled by a manager or because an antecedent failed. */
    CANCELLED,
    /** Finished successfully. */
    COMPLETED;

    /** The name used on the wire, e.g. {@code "waiting"}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether {@code cancel} applies: running, ready, waiting or paused. */
    public boolean isCancellable() {
        return this == RUNNING || this == READY || this == WAITING || this == PAUSED;
    }

    /** Whether {@code pause} applies: ready or waiting. */
    public boolean isPausable() {
        return this == READY || this == WAITING;
    }

    /** Whether {@code remove} applies: cancelled, completed or failed. */
    public boolean isRemovable() {
        return this == CANCELLED || this == COMPLETED || this == FAILED;
    }

    /** Whether {@code restart} applies: cancelled or failed. */
    public boolean isRestartable() {
        return this == CANCELLED || this == FAILED;
    }

    /**
     * The status with the given wire name.
     *
     * @throws IllegalArgumentException when the name is not one of the seven statuses
     */
    public static JobStatus fromWire(String name) {
        return Checks.named(values(), JobStatus::wireName, "status", name);
    }
}
