package io.github.meteorjob.cli;

/**
 * A failure the CLI reports as one line on stderr and the exit code it stands for (see {@link ExitCodes}).
 */
final class CliException extends RuntimeException {

    private final int exitCode;

    CliException(int exitCode, String message) {
        super(message, null, false, false);
        this.exitCode = exitCode;
    }

    int exitCode() {
        return exitCode;
    }

    static CliException usage(String message) {
        return new CliException(ExitCodes.USAGE, message);
    }
}
