package io.github.meteorjob.server.store;

import io.github.meteorjob.JobCounts;
import io.github.meteorjob.JobFilter;
import io.github.meteorjob.PageRequest;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Storage of the jobs of one collection root, with the indexes the job server's hot paths need,
 * so that none of them scans all jobs.
 *
 * <p>Not thread safe: the job server serializes all calls per root. Documents handed to
 * {@link #put} belong to the store afterwards and documents returned by {@link #get} must not be
 * modified (use {@link JobDoc#copy()}). Writes become durable (for stores that are) at
 * {@link #commit()}, or, with group commit, when {@link #awaitDurable(long)} returns for the
 * ticket {@link #commitAsync()} gave for them: the server takes the ticket under its lock and
 * waits outside it, so that one durable commit can cover the writes of many method calls.
 */
public interface JobStore extends AutoCloseable {

    /** The job, or {@code null}. */
    JobDoc get(String id);

    /** Inserts or replaces the job with {@code doc.id}. */
    void put(JobDoc doc);

    /** Removes the job; {@code false} when there was none. */
    boolean remove(String id);

    int size();

    /**
     * Ids of {@code ready} jobs without runId of the given types, in getWork order: priority,
     * then retryUntil, then after (then id), at most {@code limit}.
     */
    List<String> readyIds(Collection<String> types, int limit);

    /** Ids of {@code waiting} jobs with no pending depends and {@code after ≤ time}, earliest first. */
    List<String> promotableIds(Instant time);

    /** Earliest {@code after} among waiting jobs with no pending depends. */
    Optional<Instant> earliestPromotable();

    /** Ids of all {@code waiting} jobs (depends or not) with {@code after ≤ time}. */
    List<String> waitingIds(Instant time);

    /** Ids of {@code running} jobs whose {@code expiresAfter} is before {@code time}. */
    List<String> expiredIds(Instant time);

    /** Earliest {@code expiresAfter} among running jobs. */
    Optional<Instant> earliestExpiry();

    /** Ids of jobs whose {@code depends} contains {@code antecedentId}. */
    Set<String> dependentsOf(String antecedentId);

    /** Ids of jobs with this status. */
    Collection<String> idsByStatus(String status);

    /** Ids of jobs with this type and status. */
    Collection<String> idsByTypeAndStatus(String type, String status);

    /** Ids of jobs of this type. */
    Collection<String> idsByType(String type);

    /** All ids (for publications without filter). */
    Collection<String> allIds();

    /**
     * How many jobs match {@code filter}, per status and per type and status. Without a text or
     * {@code created} constraint this is answered from the counts kept per type and status (and the
     * {@code updated} order within them), without looking at the jobs themselves.
     */
    JobCounts counts(JobFilter filter);

    /** The ids of one page of the jobs matching {@code filter}, and how many matched. */
    JobIdPage find(JobFilter filter, PageRequest page);

    /** Makes the writes so far durable (no-op for memory stores). */
    void commit();

    /**
     * Ends the writes so far and returns a ticket for them without waiting for the disk; pass it
     * to {@link #awaitDurable(long)}. Called under the same serialization as the writes. Tickets
     * of one store never decrease; a ticket also covers every write made before it was issued.
     * The default commits at once and returns 0.
     */
    default long commitAsync() {
        commit();
        return 0;
    }

    /**
     * Returns once the writes covered by {@code ticket} are durable; may be called from any
     * thread and outside the writers' serialization. Many waiters share one commit.
     *
     * @throws IllegalStateException when the store can no longer make writes durable (for
     *                               example after an I/O error); the writes are then not
     *                               acknowledged
     */
    default void awaitDurable(long ticket) {
        // commitAsync() already committed
    }

    @Override
    void close();
}
