package io.github.meteorjob.ddp;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** Reading the cause out of a failed stage. */
final class Failures {

    private Failures() {
    }

    /** The innermost cause under {@link CompletionException}/{@link ExecutionException} wrappers. */
    static Throwable unwrap(Throwable e) {
        while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }

    /** A failure in a few words for messages: the unwrapped cause's message, or its type. */
    static String describe(Throwable e) {
        Throwable u = unwrap(e);
        return u.getMessage() == null ? u.getClass().getSimpleName() : u.getMessage();
    }
}
