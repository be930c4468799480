/**
 * The {@code meteor-job} command line: {@link io.github.meteorjob.cli.Main} runs it, {@link io.github.meteorjob.cli.ExitCodes}
 * lists what its exit codes mean. Everything else is internal to the command.
 */
package io.github.meteorjob.cli;
