package io.github.meteorjob.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.function.Function;

/** The top command {@code meteor-job}: the options every subcommand shares (they may come before or after it). */
@Command(name = "meteor-job", mixinStandardHelpOptions = true, scope = ScopeType.INHERIT, versionProvider = Main.Version.class,
        description = "Lists, shows, follows and manages the jobs of a job-collection server over DDP.",
        subcommands = {LsCommand.class, ShowCommand.class, TailCommand.class, StatsCommand.class,
                ActionCommands.Pause.class, ActionCommands.Resume.class, ActionCommands.Ready.class,
                ActionCommands.Cancel.class, ActionCommands.Restart.class, ActionCommands.Rerun.class,
                ActionCommands.Remove.class},
        footer = {"", "Exit codes: 0 done; 1 the server refused or did not change some job;",
                "2 usage error; 3 cannot connect, login refused or not authorized;",
                "4 the server has no job query extension (ls, stats)."})
final class MeteorJobCommand implements Callable<Integer> {

    static final String DEFAULT_URL = "ws://127.0.0.1:3000/websocket";
    static final String URL_ENV = "METEOR_JOB_URL";
    static final String PASSWORD_ENV = "METEOR_JOB_PASSWORD";

    @Spec
    CommandSpec spec;

    @Option(names = "--url", scope = ScopeType.INHERIT, paramLabel = "URL",
            description = "The server's DDP endpoint (default: $" + URL_ENV + ", else " + DEFAULT_URL + ").")
    String url;

    @Option(names = {"-c", "--collection"}, scope = ScopeType.INHERIT, paramLabel = "ROOT", defaultValue = "queue",
            description = "The job collection's root name (default: ${DEFAULT-VALUE}).")
    String collection;

    @Option(names = "--user", scope = ScopeType.INHERIT, paramLabel = "USER",
            description = "Log in as this user (an e-mail address when it contains @, else a username).")
    String user;

    @Option(names = "--password-file", scope = ScopeType.INHERIT, paramLabel = "FILE",
            description = "Read the password from this file (its first line).")
    Path passwordFile;

    @Option(names = "--password-env", scope = ScopeType.INHERIT, paramLabel = "VAR", defaultValue = PASSWORD_ENV,
            description = "Read the password from this environment variable (default: ${DEFAULT-VALUE}).")
    String passwordEnv;

    /** Only to refuse it with a reason: a password in the arguments shows in {@code ps} and shell history. */
    @Option(names = {"--password", "-p"}, scope = ScopeType.INHERIT, hidden = true, paramLabel = "PASSWORD")
    String passwordArgument;

    @Option(names = "--trust-store", scope = ScopeType.INHERIT, paramLabel = "FILE",
            description = "Trust the certificates in this key store (PKCS12 or JKS) for wss:// URLs.")
    Path trustStore;

    @Option(names = "--trust-store-password-env", scope = ScopeType.INHERIT, paramLabel = "VAR",
            description = "Environment variable holding the trust store's password (none when not given).")
    String trustStorePasswordEnv;

    @Option(names = "--json", scope = ScopeType.INHERIT,
            description = "Print one JSON document (tail: one per line) instead of text.")
    boolean json;

    @Option(names = "--timeout", scope = ScopeType.INHERIT, paramLabel = "SECONDS", defaultValue = "30",
            description = "Limit for connecting and for each call, in seconds (default: ${DEFAULT-VALUE}).")
    double timeoutSeconds;

    final PrintStream out;
    final PrintStream err;
    final Function<String, String> env;
    /** Whether Ctrl-C should end {@code tail} (only in a real process, not when called in-process). */
    final boolean handleInterrupt;

    MeteorJobCommand(PrintStream out, PrintStream err, Function<String, String> env, boolean handleInterrupt) {
        this.out = out;
        this.err = err;
        this.env = env;
        this.handleInterrupt = handleInterrupt;
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(err);
        return ExitCodes.USAGE;
    }

    /** Connects and logs in as the options say. */
    Connection connect() {
        return Connection.open(this);
    }
}
