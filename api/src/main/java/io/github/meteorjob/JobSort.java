package io.github.meteorjob;

import java.util.Locale;

/** The order of a {@link PageRequest}: the job document field the jobs are sorted by (ties by {@code _id}). */
public enum JobSort {
    /** Last change of the job (the default). */
    UPDATED,
    /** Creation time. */
    CREATED,
    /** Earliest time the job may run. */
    AFTER,
    /** Priority number (lower runs first). */
    PRIORITY,
    /** Status name. */
    STATUS,
    /** Type name. */
    TYPE,
    /** Job id (the document's {@code _id}). */
    ID;

    /**
     * The name used on the wire, e.g. {@code "updated"} or {@code "_id"}: the document field, which is the
     * constant's name in lower case except for the id.
     */
    public String wireName() {
        return this == ID ? "_id" : name().toLowerCase(Locale.ROOT);
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
