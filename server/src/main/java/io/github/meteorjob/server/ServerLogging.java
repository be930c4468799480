package io.github.meteorjob.server;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.logging.ConsoleHandler;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * The standalone server's default logging (java.util.logging, which {@code System.Logger} uses): one line per
 * event on stderr, and Grizzly's and Tyrus' INFO chatter quieted to WARNING. Applied only when the user has
 * not configured logging ({@code -Djava.util.logging.config.file} or {@code .class}); then nothing is touched.
 */
final class ServerLogging {

    /** Held so the level set on it is not lost when the logger is garbage collected (JUL keeps weak references). */
    private static Logger glassfish;

    private ServerLogging() {
    }

    /** Sets the defaults unless logging is configured; returns whether it did. */
    static boolean configureDefaults() {
        if (System.getProperty("java.util.logging.config.file") != null
                || System.getProperty("java.util.logging.config.class") != null) {
            return false;
        }
        LogManager.getLogManager().reset();
        Logger root = Logger.getLogger("");
        Handler console = new ConsoleHandler(); // stderr
        console.setLevel(Level.ALL);
        console.setFormatter(new OneLine());
        root.addHandler(console);
        root.setLevel(Level.INFO);
        glassfish = Logger.getLogger("org.glassfish");
        glassfish.setLevel(Level.WARNING);
        return true;
    }

    /**
     * {@code 2026-12-05T04:30:00.123Z INFO io.github.meteorjob.server.audit: message}; a throwable's stack
     * trace follows on tab-indented lines, so the event's own line stays one line.
     */
    static final class OneLine extends Formatter {
        @Override
        public String format(LogRecord r) {
            StringBuilder b = new StringBuilder(128);
            b.append(Instant.ofEpochMilli(r.getMillis())).append(' ').append(level(r.getLevel())).append(' ')
                    .append(r.getLoggerName() == null ? "" : r.getLoggerName()).append(": ");
            String message = formatMessage(r);
            // a message with line breaks (from a client's input, say) must not forge further events
            b.append(message == null ? "" : message.replace("\r", "\\r").replace("\n", "\\n"));
            if (r.getThrown() != null) {
                StringWriter trace = new StringWriter();
                r.getThrown().printStackTrace(new PrintWriter(trace));
                b.append(" | ").append(r.getThrown());
                for (String line : trace.toString().split("\\R")) {
                    if (line.startsWith("\t") || line.startsWith("Caused by") || line.startsWith("\tSuppressed")) {
                        b.append('\n').append(line.startsWith("\t") ? line : "\t" + line);
                    }
                }
            }
            return b.append('\n').toString();
        }

        private static String level(Level l) {
            if (l.intValue() >= Level.SEVERE.intValue()) {
                return "ERROR";
            }
            if (l.intValue() >= Level.WARNING.intValue()) {
                return "WARN";
            }
            if (l.intValue() >= Level.INFO.intValue()) {
                return "INFO";
            }
            return l.intValue() >= Level.FINE.intValue() ? "DEBUG" : "TRACE";
        }
    }
}
