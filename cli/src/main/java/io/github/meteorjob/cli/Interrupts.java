package io.github.meteorjob.cli;

/**
 * Ctrl-C for {@code tail}: instead of the JVM's default (exit 130 from a shutdown), interrupt the command's thread
 * so it ends as a normal, successful run (exit 0), as a script expects from a follow command it stops.
 */
final class Interrupts {

    private Interrupts() {
    }

    /** Installs the handler for the current thread when {@code enabled}; closing restores the default. */
    @SuppressWarnings("removal")
    static AutoCloseable onCtrlC(boolean enabled) {
        if (!enabled) {
            return () -> {
            };
        }
        Thread main = Thread.currentThread();
        try {
            sun.misc.Signal sigint = new sun.misc.Signal("INT");
            sun.misc.SignalHandler previous = sun.misc.Signal.handle(sigint, s -> main.interrupt());
            return () -> sun.misc.Signal.handle(sigint, previous);
        } catch (IllegalArgumentException | UnsupportedOperationException | LinkageError e) {
            // no signal support on this platform: Ctrl-C then ends the JVM the default way
            return () -> {
            };
        }
    }
}
