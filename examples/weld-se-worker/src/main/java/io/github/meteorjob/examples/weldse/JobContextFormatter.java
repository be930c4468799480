package io.github.meteorjob.examples.weldse;

import io.github.meteorjob.JobContext;

import java.util.logging.LogRecord;
import java.util.logging.SimpleFormatter;

/**
 * The JDK's {@link SimpleFormatter} (its layout comes from {@code java.util.logging.SimpleFormatter.format}, see
 * {@code logging.properties}) with the running job appended to the message: {@code [collection=... type=... job=...
 * run=...]} while a worker runs for one job, from {@link JobContext#current()}. Line breaks in the message are
 * escaped so that one event stays one line.
 */
public class JobContextFormatter extends SimpleFormatter {

    @Override
    public String formatMessage(LogRecord r) {
        String raw = super.formatMessage(r);
        String message = raw == null ? "" : raw.replace("\r", "\\r").replace("\n", "\\n");
        // the handler formats in the logging thread, which is the worker's while it runs
        return JobContext.current().map(c -> message + " [" + c + "]").orElse(message);
    }
}
