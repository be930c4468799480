package io.github.meteorjob.cli;

/** The exit codes of the {@code meteor-job} command, documented in docs/cli.md. */
public final class ExitCodes {

    /** Everything asked for was done. */
    public static final int OK = 0;
    /** The server refused a call or did not change some job (job-collection answered {@code false}). */
    public static final int REFUSED = 1;
    /** Bad command line: unknown option, bad value, missing password source. */
    public static final int USAGE = 2;
    /** Cannot connect, the login was refused, or the user may not call the method. */
    public static final int CONNECTION = 3;
    /** The server lacks the job query extension ({@code <root>_findJobs}) that {@code ls} and {@code stats} need. */
    public static final int NO_QUERY_EXTENSION = 4;

    private ExitCodes() {
    }
}
