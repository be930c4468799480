package io.github.meteorjob.tck.contract;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** What a container reported about a failed deployment (client side). */
final class FailureText {

    private FailureText() {
    }

    /**
     * Class names and messages of {@code t}, its causes and suppressed exceptions, plus the server's log where the
     * container keeps the full reason there: Weld SE fails the deployment in this JVM with the extension's message;
     * the Open Liberty adapter passes on only the start of the CDI error, the rest is in {@code messages.log};
     * Payara Micro's adapter reports nothing (see {@link ConsoleCapture}).
     */
    static String of(Throwable t) {
        StringBuilder text = new StringBuilder();
        append(t, text, 0);
        if ("liberty".equals(container())) {
            Path log = Path.of(System.getProperty("tck.wlp.home"), "usr", "servers", "tck", "logs", "messages.log");
            try {
                text.append(Files.readString(log, StandardCharsets.UTF_8));
            } catch (IOException e) {
                text.append("(cannot read ").append(log).append(": ").append(e).append(')');
            }
        }
        return text.toString();
    }

    private static String container() {
        return System.getProperty("tck.container", "weld");
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
}
