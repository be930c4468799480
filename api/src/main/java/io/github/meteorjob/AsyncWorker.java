package io.github.meteorjob;

import java.util.concurrent.CompletionStage;

/**
 * Processes one job asynchronously: the returned stage hands over completion. The worker must call
 * {@link Job#done} or {@link Job#fail} before that stage completes; a stage that completes exceptionally
 * fails the job with that exception, and one that completes without done/fail gets the job failed with a
 * {@link JobException}. The queue slot stays taken until the stage completes.
 */
@FunctionalInterface
public interface AsyncWorker {

    CompletionStage<?> work(Job job);
}
