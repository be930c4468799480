package io.github.meteorjob.tck.contract;

/** The text of an exception chain, to check what a container reported about a failed deployment. */
final class FailureText {

    private FailureText() {
    }

    /** Class names and messages of {@code t} and its causes and suppressed exceptions. */
    static String of(Throwable t) {
        StringBuilder text = new StringBuilder();
        append(t, text, 0);
        return text.toString();
    }

    private static void append(Throwable t, StringBuilder text, int depth) {
        if (t == null || depth > 20) {
            return;
        }
        text.append(t.getClass().getName()).append(": ").append(t.getMessage()).append('\n');
        for (Throwable s : t.getSuppressed()) {
            append(s, text, depth + 1);
        }
        append(t.getCause(), text, depth + 1);
    }

    /**
     * Weld SE fails the deployment in this JVM with the extension's message; the Open Liberty adapter reads the CDI
     * error from the server log. Payara Micro's adapter only learns that no application was deployed.
     */
    static boolean reasonReachesArquillian() {
        return !"payara".equals(System.getProperty("tck.container", "weld"));
    }
}
