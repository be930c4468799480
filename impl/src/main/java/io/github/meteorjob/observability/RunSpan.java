package io.github.meteorjob.observability;

import java.util.concurrent.Executor;

/**
 * One job run's trace span (or nothing, when tracing is off). Events and the end may come from any thread;
 * only the first {@link #end} counts.
 */
public interface RunSpan {

    /** A span that records nothing. */
    RunSpan NONE = new RunSpan() {
        @Override public void event(String name, String key1, Object value1, String key2, Object value2) { }
        @Override public void end(boolean ok, String error) { }
        @Override public Executor around(Executor executor) { return executor; }
    };

    /** Adds an event with up to two attributes (a null key is skipped). */
    void event(String name, String key1, Object value1, String key2, Object value2);

    /** Ends the span: status OK, or ERROR with the description. */
    void end(boolean ok, String error);

    /** An executor that runs its tasks with this span as the current one (so the worker's own spans are children). */
    Executor around(Executor executor);
}
