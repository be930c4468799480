package io.github.meteorjob.server;

import io.github.meteorjob.server.security.PasswordHashing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;

/**
 * Runs the job server from the command line:
 * {@code java -jar meteor-job-server.jar --port 3000 [--host 127.0.0.1] [--collection NAME]... [--data DIR]
 * [--users FILE] [--promote-interval MS] [--tls-keystore FILE --tls-password-file FILE] [--no-dashboard]
 * [--metrics-open]}. The web dashboard is served at {@code http://HOST:PORT/} unless {@code --no-dashboard} is given.
 * When ready it prints {@code listening on ws://HOST:PORT/websocket} to stdout; logs go to stderr, one line
 * per event, with Grizzly's and Tyrus' INFO chatter quieted unless logging is configured
 * ({@code -Djava.util.logging.config.file}); {@code /metrics} and {@code /health/*} are served on the same port;
 * SIGTERM shuts it down cleanly. Exit status 2 for bad arguments, 1 when it cannot start.
 */
public final class Main {

    static final String USAGE = """
            Usage: java -jar meteor-job-server.jar [options]

              --port N                  port to listen on (default 3000; 0 = a free port)
              --host ADDRESS            address to bind (default 127.0.0.1); any address other than
                                        loopback requires --users
              --collection NAME         a job-collection root to serve; repeat for several
                                        (default: queue)
              --data DIR                keep jobs in DIR (log + snapshots, survive restarts and kill -9);
                                        default: in memory
              --users FILE              users and permission levels (JSON, see docs/server.md);
                                        without it every client may do everything (loopback only)
              --promote-interval MS     safety-net sweep of due and expired jobs (default 15000)
              --token-lifetime-days N   how long login resume tokens work (default 90; alias
                                        --login-expiration-days); kept across restarts with --data
              --tls-keystore FILE       serve wss:// with the key in this PKCS12/JKS keystore
              --tls-password-file FILE  file holding the keystore password (first line)
              --tls-password PASSWORD   the keystore password (visible to other local users; prefer the file)
              --max-frame-size BYTES    largest accepted WebSocket frame (default 16777216)
              --max-outstanding-methods N  pending methods per connection (default 1000)
              --max-queued-bytes N      replies waiting for one slow client before it is
                                        disconnected (default 16777216)
              --max-connections N       open connections in total (default 1000)
              --max-connections-per-address N  open connections from one address (default 200)
              --allow-origin URL        let web pages from this origin (http[s]://host[:port]) connect;
                                        repeat for several. Default: no browser origin but the
                                        server's own; clients without Origin (Java, Node) always work
              --no-auto-start           do not start the job servers; clients must call startJobServer
              --no-dashboard            do not serve the web dashboard at http://HOST:PORT/
              --metrics-open            let anyone scrape /metrics even with --users (default: HTTP
                                        Basic as a user with the level admin, manager or viewer)
              --retain STATUS=AGE,...   remove finished jobs this long after their last update, e.g.
                                        completed=7d,cancelled=7d,failed=30d (units ms, s, m, h, d);
                                        antecedents of unfinished jobs stay. Default: keep all
              --no-query-extension      do not serve the job query extension (findJobs, countJobs,
                                        jobCounts), like a job-collection server

            Commands:
              hash-password [--password-file FILE]
                                        read a password from the file or stdin, print the hash to put
                                        in the users file as "password", exit (--hash-password works too)
              --help                    show this help
            """;

    /** A bad command line. */
    static final class UsageException extends Exception {
        UsageException(String message) {
            super(message);
        }
    }

    private Main() {
    }

    public static void main(String[] args) {
        ServerLogging.configureDefaults();
        int status = run(args, System.out, System.err);
        if (status >= 0) {
            System.exit(status);
        }
    }

    /** Runs until SIGTERM; returns an exit status for argument or start-up errors, -1 after a normal stop. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        for (String a : args) {
            if (a.equals("--help") || a.equals("-h")) {
                out.print(USAGE);
                return 0;
            }
            if (a.equals("--hash-password") || a.equals("hash-password")) {
                return hashPassword(args, out, err);
            }
        }
        EmbeddedJobServer server;
        try {
            server = parse(args).build();
        } catch (UsageException | IllegalArgumentException e) {
            err.println("meteor-job-server: " + e.getMessage());
            err.println("Try --help for the options.");
            return 2;
        } catch (UncheckedIOException e) {
            err.println("meteor-job-server: " + e.getMessage());
            return 1;
        }
        try {
            server.start();
        } catch (RuntimeException e) {
            err.println("meteor-job-server: cannot start: " + e.getMessage());
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            err.println("meteor-job-server: stopped");
            err.flush();
            stopped.countDown();
        }, "meteor-job-server-shutdown"));
        out.println("listening on " + server.url());
        out.flush();
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return -1;
    }

    /** The options without a value: each sets one thing on the builder. */
    private static final Map<String, Consumer<EmbeddedJobServer.Builder>> FLAGS = Map.of(
            "--no-auto-start", b -> b.autoStart(false),
            "--no-dashboard", b -> b.dashboard(false),
            "--metrics-open", b -> b.metricsOpen(true),
            "--no-query-extension", b -> b.queryExtension(false));

    /** Parses the command line into a builder; throws naming the bad argument. */
    static EmbeddedJobServer.Builder parse(String[] args) throws UsageException {
        EmbeddedJobServer.Builder b = EmbeddedJobServer.builder().port(3000).dashboard(true);
        Path keystore = null;
        char[] password = null;
        int maxConnections = io.github.meteorjob.server.ddp.DdpServerOptions.DEFAULT_MAX_CONNECTIONS;
        int maxPerAddress = io.github.meteorjob.server.ddp.DdpServerOptions.DEFAULT_MAX_CONNECTIONS_PER_ADDRESS;
        for (int i = 0; i < args.length; i++) {
            String option = args[i];
            Consumer<EmbeddedJobServer.Builder> flag = FLAGS.get(option);
            if (flag != null) {
                flag.accept(b);
                continue;
            }
            if (!option.startsWith("--")) {
                throw new UsageException("unexpected argument '" + option + "'");
            }
            if (i + 1 >= args.length) {
                throw new UsageException(option + " needs a value");
            }
            String value = args[++i];
            switch (option) {
                case "--port" -> b.port(intValue(option, value, 0, 65535));
                case "--host" -> b.host(nonBlank(option, value));
                case "--collection" -> {
                    try {
                        b.collection(value);
                    } catch (IllegalArgumentException e) {
                        throw new UsageException("--collection: " + e.getMessage());
                    }
                }
                case "--data" -> b.dataDir(Path.of(nonBlank(option, value)));
                case "--users" -> {
                    Path file = Path.of(nonBlank(option, value));
                    if (!Files.isReadable(file)) {
                        throw new UsageException("--users: file " + file + " does not exist or is not readable");
                    }
                    b.usersFile(file);
                }
                case "--promote-interval" ->
                        b.promoteInterval(Duration.ofMillis(intValue(option, value, 1, Integer.MAX_VALUE)));
                case "--token-lifetime-days", "--login-expiration-days" ->
                        b.tokenLifetime(Duration.ofDays(intValue(option, value, 1, 36500)));
                case "--tls-keystore" -> {
                    keystore = Path.of(nonBlank(option, value));
                    if (!Files.isReadable(keystore)) {
                        throw new UsageException("--tls-keystore: file " + keystore + " does not exist or is not readable");
                    }
                }
                case "--tls-password" -> password = value.toCharArray();
                case "--tls-password-file" -> {
                    try {
                        String first = Files.readAllLines(Path.of(value), StandardCharsets.UTF_8).stream().findFirst().orElse("");
                        password = first.toCharArray();
                    } catch (IOException e) {
                        throw new UsageException("--tls-password-file: cannot read " + value + ": " + e.getMessage());
                    }
                }
                case "--max-frame-size" -> b.maxFrameSize(intValue(option, value, 1024, Integer.MAX_VALUE - 64));
                case "--max-outstanding-methods" -> b.maxOutstandingMethods(intValue(option, value, 1, Integer.MAX_VALUE));
                case "--max-queued-bytes" -> b.maxQueuedBytes(intValue(option, value, 1024, Integer.MAX_VALUE));
                case "--max-connections" -> maxConnections = intValue(option, value, 1, Integer.MAX_VALUE);
                case "--max-connections-per-address" -> maxPerAddress = intValue(option, value, 1, Integer.MAX_VALUE);
                case "--retain" -> {
                    try {
                        b.retention(io.github.meteorjob.server.jobs.RetentionPolicy.parse(value));
                    } catch (IllegalArgumentException e) {
                        throw new UsageException("--retain: " + e.getMessage());
                    }
                }
                case "--allow-origin" -> {
                    try {
                        b.allowOrigin(value);
                    } catch (IllegalArgumentException e) {
                        throw new UsageException("--allow-origin: " + e.getMessage());
                    }
                }
                default -> throw new UsageException("unknown option '" + option + "'");
            }
        }
        b.maxConnections(maxConnections, maxPerAddress);
        if (keystore != null) {
            if (password == null) {
                throw new UsageException("--tls-keystore needs --tls-password-file or --tls-password");
            }
            b.tls(keystore, password);
        } else if (password != null) {
            throw new UsageException("a TLS password was given without --tls-keystore");
        }
        return b;
    }

    private static int intValue(String option, String value, int min, int max) throws UsageException {
        int n;
        try {
            n = Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new UsageException(option + " needs a whole number, got '" + value + "'");
        }
        if (n < min || n > max) {
            throw new UsageException(option + " must be between " + min + " and " + max + ", got " + n);
        }
        return n;
    }

    private static String nonBlank(String option, String value) throws UsageException {
        if (value.isBlank()) {
            throw new UsageException(option + " needs a non-empty value");
        }
        return value;
    }

    /** {@code hash-password [--password-file FILE]}: the password from the file's first line, the console or stdin. */
    private static int hashPassword(String[] args, PrintStream out, PrintStream err) {
        try {
            String password = null;
            for (int i = 0; i < args.length; i++) {
                if (args[i].equals("--password-file")) {
                    if (i + 1 >= args.length) {
                        err.println("meteor-job-server: --password-file needs a value");
                        return 2;
                    }
                    password = Files.readAllLines(Path.of(args[i + 1]), StandardCharsets.UTF_8).stream().findFirst().orElse("");
                }
            }
            if (password == null) {
                password = System.console() != null
                        ? new String(System.console().readPassword("password: "))
                        : new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            }
            if (password == null || password.isEmpty()) {
                err.println("meteor-job-server: no password given (stdin or --password-file FILE)");
                return 2;
            }
            out.println(PasswordHashing.hash(password));
            return 0;
        } catch (IOException e) {
            err.println("meteor-job-server: cannot read the password: " + e.getMessage());
            return 1;
        }
    }
}
