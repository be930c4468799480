package io.github.meteorjob;

/** The order of a {@link PageRequest}: the job document field the jobs are sorted by (ties by {@code _id}). */
public enum JobSort {
    /** Last change of the job (the default). */
    UPDATED("updated"),
    /** Creation time. */
    CREATED("created"),
    /** Earliest time the job may run. */
    AFTER("after"),
    /** Priority number (lower runs first). */
    PRIORITY("priority"),
    /** Status name. */
    STATUS("status"),
    /** Type name. */
    TYPE("type"),
    /** Job id. */
    ID("_id");

    private final String wireName;

    JobSort(String wireName) {
        this.wireName = wireName;
    }

    /** The name used on the wire, e.g. {@code "updated"} or {@code "_id"}. */
    public String wireName() {
        return wireName;
    }

    /**
     * The sort with the given wire name.
     *
     * @throws IllegalArgumentException for any other name
     */
    public static JobSort fromWire(String name) {
        return Checks.named(values(), JobSort::wireName, "sort", name);
    }
}
