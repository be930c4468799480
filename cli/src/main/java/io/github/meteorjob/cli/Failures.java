package io.github.meteorjob.cli;

import io.github.meteorjob.DdpException;
import io.github.meteorjob.ddp.DdpConnectionLostException;
import io.github.meteorjob.ddp.DdpTimeoutException;

import java.io.IOException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** Turns what the client throws into the CLI's message and exit code; the one place that knows the mapping. */
final class Failures {

    private Failures() {
    }

    /** The failure behind {@code CompletionException}/{@code ExecutionException} wrappers. */
    static Throwable unwrap(Throwable t) {
        Throwable c = t;
        while ((c instanceof CompletionException || c instanceof ExecutionException) && c.getCause() != null) {
            c = c.getCause();
        }
        return c;
    }

    /**
     * The CLI failure for a call of {@code method} that failed with {@code t}.
     *
     * @param root the collection root, to recognise a missing query extension
     */
    static CliException of(String method, String root, Throwable t) {
        Throwable c = unwrap(t);
        if (c instanceof CliException e) {
            return e;
        }
        if (c instanceof DdpConnectionLostException || c instanceof DdpTimeoutException) {
            return new CliException(ExitCodes.CONNECTION, method + ": " + c.getMessage());
        }
        if (c instanceof DdpException e) {
            int code = e.errorCode();
            if (code == 404 && isQueryMethod(method, root)) {
                return noQueryExtension(root);
            }
            if (code == 404 && method.startsWith(root + "_")) {
                return new CliException(ExitCodes.REFUSED, "the server has no job collection '" + root
                        + "' (" + e.getMessage() + "); check --collection");
            }
            if (code == 401 || code == 403) {
                return new CliException(ExitCodes.CONNECTION, method + ": not authorized: " + e.getMessage());
            }
            return new CliException(ExitCodes.REFUSED, method + ": the server refused: " + e.getMessage()
                    + (e.details() == null || e.details() == jakarta.json.JsonValue.NULL ? "" : " " + e.details()));
        }
        if (c instanceof IOException) {
            return new CliException(ExitCodes.CONNECTION, method + ": " + c);
        }
        return new CliException(ExitCodes.REFUSED, method + ": " + c);
    }

    /** The failure of {@code connect()} (connection or login). */
    static CliException ofConnect(String url, Throwable t) {
        Throwable c = unwrap(t);
        if (c instanceof DdpException e && (e.errorCode() == 403 || e.errorCode() == 401)) {
            return new CliException(ExitCodes.CONNECTION, "login refused by " + url + ": " + e.getMessage());
        }
        String why = c.getMessage() == null ? c.toString() : c.getMessage();
        Throwable cause = c.getCause();
        if (cause != null && cause.getMessage() != null && !why.contains(cause.getMessage())) {
            why = why + " (" + cause.getMessage() + ")";
        }
        return new CliException(ExitCodes.CONNECTION, "cannot connect to " + url + ": " + why);
    }

    static CliException noQueryExtension(String root) {
        return new CliException(ExitCodes.NO_QUERY_EXTENSION, "this server has no job query extension (`" + root
                + "_findJobs`); `ls` and `stats` need a meteor-job server — job-collection lacks it");
    }

    private static boolean isQueryMethod(String method, String root) {
        return method.equals(root + "_findJobs") || method.equals(root + "_countJobs");
    }
}
