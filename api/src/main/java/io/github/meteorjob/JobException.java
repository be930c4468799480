package io.github.meteorjob;

/**
 * A job client error that is not the server's answer: a worker that broke its contract,
 * a queue shut down, an interrupted blocking wait. Errors sent by the server arrive as
 * {@link DdpException}.
 */
public class JobException extends RuntimeException {

    public JobException(String message) {
        super(message);
    }

    public JobException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * Blocks until {@code stage} completes and returns its value; the stage's failure is rethrown
     * unwrapped when unchecked, else wrapped in a {@code JobException}. An interrupt restores the
     * thread's interrupt flag and throws a {@code JobException}.
     */
    public static <T> T await(java.util.concurrent.CompletionStage<T> stage) {
        try {
            return stage.toCompletableFuture().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new JobException("interrupted while waiting", e);
        } catch (java.util.concurrent.ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new JobException(String.valueOf(cause), cause);
        }
    }
}
