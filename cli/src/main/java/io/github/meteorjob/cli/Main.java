package io.github.meteorjob.cli;

import picocli.CommandLine;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Function;

/**
 * The {@code meteor-job} command: manages the jobs of a job-collection server (Meteor's or the embedded one)
 * from a shell. See docs/cli.md for the commands, options, output and exit codes.
 */
public final class Main {

    private Main() {
    }

    /** Runs the command and exits the JVM with its exit code. */
    public static void main(String[] args) {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(System.err, true, StandardCharsets.UTF_8);
        int code = run(args, out, err, System::getenv, true);
        out.flush();
        err.flush();
        System.exit(code);
    }

    /**
     * Runs the command in this JVM, reading the environment of the process.
     *
     * @param args the arguments, as after {@code meteor-job}
     * @param out  where results go
     * @param err  where messages go
     * @return the exit code (0 done, 1 refused or not changed, 2 usage, 3 connection or login, 4 no query extension)
     */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        return run(args, out, err, System::getenv, false);
    }

    /** {@link #run(String[], PrintStream, PrintStream)} with this environment instead of the process's. */
    static int run(String[] args, PrintStream out, PrintStream err, Map<String, String> env) {
        return run(args, out, err, env::get, false);
    }

    private static int run(String[] args, PrintStream out, PrintStream err, Function<String, String> env,
                           boolean handleInterrupt) {
        MeteorJobCommand top = new MeteorJobCommand(out, err, env, handleInterrupt);
        CommandLine cl = new CommandLine(top);
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            CliException c = ex instanceof CliException ce ? ce
                    : ex instanceof Connection.Interrupted ? new CliException(130, "interrupted")
                    : Failures.of("meteor-job", top.collection, ex);
            err.println("meteor-job: " + c.getMessage());
            err.flush();
            return c.exitCode();
        });
        return cl.execute(args);
    }

    /** The version from the jar's manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"meteor-job CLI " + (v == null ? "(development build)" : v)};
        }
    }
}
