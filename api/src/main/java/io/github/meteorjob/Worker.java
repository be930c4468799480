package io.github.meteorjob;

/**
 * Processes one job of a {@link JobQueue}. The worker must call {@link Job#done} or {@link Job#fail}
 * before it returns; a worker that throws fails the job with the exception, and one that returns
 * without either gets the job failed with a {@link JobException} describing the mistake.
 */
@FunctionalInterface
public interface Worker {

    void work(Job job) throws Exception;
}
