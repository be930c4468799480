package io.github.meteorjob;

import java.util.List;

/**
 * Processes a batch of up to {@link QueueOptions#payload()} jobs. Every job must get {@link Job#done} or
 * {@link Job#fail} before the worker returns; the rules of {@link Worker} apply to each of them.
 */
@FunctionalInterface
public interface BatchWorker {

    void work(List<Job> jobs) throws Exception;
}
