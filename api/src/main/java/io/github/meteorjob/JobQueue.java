package io.github.meteorjob;

import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * A running worker queue ({@link JobCollection#processJobs}): it fetches jobs of its types with
 * {@code getWork}, asking for {@code prefetch + payload·(concurrency − running) − queued} jobs at a time
 * (never with two requests outstanding), and hands them to its worker. Thread safe.
 *
 * <p>On connection loss it stops fetching, keeps running jobs, and fetches again after reconnecting.
 */
public interface JobQueue {

    /** The job types this queue works on. */
    List<String> types();

    /** The options it was started with. */
    QueueOptions options();

    /** Stops fetching and starting jobs; running jobs continue. Returns this queue. */
    JobQueue pause();

    /** Undoes {@link #pause()}: fetches at once and polls again. Returns this queue. */
    JobQueue resume();

    /** Fetches work now (unless paused or shutting down). Returns this queue. */
    JobQueue trigger();

    /** Whether the queue is paused (or shut down). */
    boolean isPaused();

    /** Jobs fetched and waiting for a free worker. */
    int length();

    /** Worker calls in progress. */
    int running();

    /** No queued and no running jobs. */
    boolean idle();

    /** All {@code concurrency} workers are busy. */
    boolean full();

    /** Shuts down with {@link ShutdownLevel#NORMAL}. */
    default CompletionStage<Void> shutdown() {
        return shutdown(ShutdownLevel.NORMAL);
    }

    /**
     * Stops fetching, then handles queued and running jobs as {@code level} says. The stage completes
     * when the queue holds no more jobs (and the "Worker shutdown" failures were answered). It does not wait
     * for an outstanding {@code getWork}: jobs its answer brings later are failed with "Worker shutdown"
     * (during a soft shutdown still in progress they are run). Calling it again returns the same stage.
     */
    CompletionStage<Void> shutdown(ShutdownLevel level);
}
