package io.github.meteorjob.cli;

import io.github.meteorjob.JobCollection;
import io.github.meteorjob.ddp.CallOptions;
import io.github.meteorjob.ddp.DdpClient;
import io.github.meteorjob.ddp.DdpClientOptions;
import io.github.meteorjob.ddp.ReconnectPolicy;
import io.github.meteorjob.ddp.UserIdentity;
import io.github.meteorjob.job.JobCollections;
import jakarta.json.JsonArray;
import jakarta.json.JsonValue;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;

/**
 * An open, logged-in connection to the server and its job collection. The CLI is the top of the stack, so it
 * may wait here for the client's stages; the client itself never blocks a thread on the network.
 */
final class Connection implements AutoCloseable {

    final DdpClient client;
    final JobCollection jobs;
    final String root;
    final String url;
    final Duration timeout;

    private Connection(DdpClient client, JobCollection jobs, String root, String url, Duration timeout) {
        this.client = client;
        this.jobs = jobs;
        this.root = root;
        this.url = url;
        this.timeout = timeout;
    }

    /** Thrown when the waiting thread is interrupted (Ctrl-C in {@code tail}). */
    static final class Interrupted extends RuntimeException {
        Interrupted() {
            super("interrupted", null, false, false);
        }
    }

    static Connection open(MeteorJobCommand o) {
        if (o.passwordArgument != null) {
            throw CliException.usage("passwords are not accepted as arguments (they would show in ps and the shell "
                    + "history); use --password-file FILE or --password-env VAR (default " + MeteorJobCommand.PASSWORD_ENV + ")");
        }
        if (o.timeoutSeconds <= 0 || Double.isNaN(o.timeoutSeconds)) {
            throw CliException.usage("--timeout must be a positive number of seconds, was " + o.timeoutSeconds);
        }
        Duration timeout = Duration.ofMillis(Math.max(1, Math.round(o.timeoutSeconds * 1000)));
        String url = o.url != null ? o.url : envOr(o, MeteorJobCommand.URL_ENV, MeteorJobCommand.DEFAULT_URL);
        DdpClientOptions.Builder b;
        try {
            b = DdpClientOptions.builder(url);
        } catch (IllegalArgumentException e) {
            throw CliException.usage("--url: " + e.getMessage());
        }
        // a command is short-lived: one failed attempt is the answer, and a dropped link ends even tail (exit 3)
        // rather than leaving a script waiting on a server that went away
        b.connectTimeout(timeout).callTimeout(timeout).reconnect(ReconnectPolicy.NEVER);
        if (o.user != null) {
            UserIdentity who = o.user.contains("@") ? UserIdentity.email(o.user) : UserIdentity.username(o.user);
            b.login(who, password(o));
        } else if (o.passwordFile != null) {
            throw CliException.usage("--password-file needs --user");
        }
        if (o.trustStore != null) {
            b.sslContext(sslContext(o));
        }
        DdpClientOptions options;
        try {
            options = b.build();
        } catch (IllegalArgumentException e) {
            throw CliException.usage(e.getMessage());
        }
        DdpClient client = DdpClient.create(options);
        try {
            client.connect().toCompletableFuture().get();
        } catch (ExecutionException e) {
            client.close();
            throw Failures.ofConnect(options.url().toString(), e);
        } catch (InterruptedException e) {
            client.close();
            Thread.currentThread().interrupt();
            throw new Interrupted();
        } catch (RuntimeException e) {
            client.close();
            throw Failures.ofConnect(options.url().toString(), e);
        }
        return new Connection(client, JobCollections.of(client, o.collection), o.collection,
                options.url().toString(), timeout);
    }

    /** Waits for a stage of a call to {@code method}; its failure becomes the CLI's message and exit code. */
    <T> T await(String method, CompletionStage<T> stage) {
        try {
            return stage.toCompletableFuture().get();
        } catch (ExecutionException e) {
            throw Failures.of(method, root, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Interrupted();
        }
    }

    /** Calls {@code <root>_<name>} and waits for the answer. */
    JsonValue call(String name, JsonArray params) {
        String method = root + "_" + name;
        return await(method, client.call(method, params, CallOptions.DEFAULT));
    }

    @Override
    public void close() {
        client.close();
    }

    private static String envOr(MeteorJobCommand o, String name, String dflt) {
        String v = o.env.apply(name);
        return v == null || v.isEmpty() ? dflt : v;
    }

    private static String password(MeteorJobCommand o) {
        if (o.passwordFile != null) {
            try {
                String text = Files.readString(o.passwordFile, StandardCharsets.UTF_8);
                int eol = text.indexOf('\n');
                String first = eol < 0 ? text : text.substring(0, eol);
                if (first.endsWith("\r")) {
                    first = first.substring(0, first.length() - 1);
                }
                if (first.isEmpty()) {
                    throw CliException.usage("the password file " + o.passwordFile + " is empty");
                }
                return first;
            } catch (NoSuchFileException e) {
                throw CliException.usage("the password file " + o.passwordFile + " does not exist");
            } catch (IOException e) {
                throw CliException.usage("cannot read the password file " + o.passwordFile + ": " + e);
            }
        }
        String v = o.env.apply(o.passwordEnv);
        if (v == null || v.isEmpty()) {
            throw CliException.usage("--user " + o.user + " needs a password: set the environment variable "
                    + o.passwordEnv + " or use --password-file FILE");
        }
        return v;
    }

    private static SSLContext sslContext(MeteorJobCommand o) {
        char[] pw = null;
        if (o.trustStorePasswordEnv != null) {
            String v = o.env.apply(o.trustStorePasswordEnv);
            if (v == null) {
                throw CliException.usage("the environment variable " + o.trustStorePasswordEnv
                        + " (--trust-store-password-env) is not set");
            }
            pw = v.toCharArray();
        }
        if (!Files.isReadable(o.trustStore)) {
            throw CliException.usage("cannot read the trust store " + o.trustStore);
        }
        try {
            KeyStore ks = KeyStore.getInstance(o.trustStore.toFile(), pw);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ks);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx;
        } catch (IOException | GeneralSecurityException e) {
            throw CliException.usage("cannot load the trust store " + o.trustStore + ": " + e.getMessage());
        }
    }
}
