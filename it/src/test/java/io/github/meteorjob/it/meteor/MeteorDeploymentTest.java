package io.github.meteorjob.it.meteor;

import io.github.meteorjob.Job;
import io.github.meteorjob.JobCollection;
import io.github.meteorjob.JobQueue;
import io.github.meteorjob.JobStatus;
import io.github.meteorjob.QueueOptions;
import io.github.meteorjob.ShutdownLevel;
import io.github.meteorjob.ddp.DdpClient;
import io.github.meteorjob.ddp.DdpClientOptions;
import io.github.meteorjob.ddp.UserIdentity;
import io.github.meteorjob.job.JobCollections;
import io.github.meteorjob.server.EmbeddedJobServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The worker flow of the README and the Java snippets of docs/meteor.md, run against the embedded server set up
 * like a typical Meteor deployment: accounts with one permission level each (a worker-only account, a creator, a
 * manager), and wss with a certificate signed by a private CA that the client trusts through a trust store.
 * The code between the {@code // ---} markers is what docs/meteor.md shows, word for word.
 */
class MeteorDeploymentTest {

    private static final String STORE_PASSWORD = "changeit";

    public record Email(String to, String subject) {
    }

    interface Mailer {
        void send(Email email);
    }

    @TempDir
    static Path dir;

    /** server.p12, signed by a private CA; made once for the class (keytool is slow on a loaded machine). */
    private static Path serverStore;

    @BeforeAll
    static void keystores() throws Exception {
        serverStore = signedByPrivateCa(dir);
    }

    static SSLContext trustStore(Path trustStore, char[] trustPassword) throws Exception {
        // --- tls
        KeyStore trust = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(trustStore)) {                  // holds your CA's certificate
            trust.load(in, trustPassword);
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, tmf.getTrustManagers(), null);
        // ---
        return tls;
    }

    static JobQueue worker(String url, SSLContext tls, String password, Mailer mailer) {
        // --- worker
        DdpClient client = DdpClient.create(DdpClientOptions.builder(url)          // wss://app.example.com/websocket
                .sslContext(tls)                                                  // leave out for a public CA
                .login(UserIdentity.username("worker"), password)                 // again after every reconnect
                .build());
        client.connect().toCompletableFuture().join();
        JobCollection jobs = JobCollections.of(client, "jobPile");
        JobQueue queue = jobs.processJobs("sendEmail", QueueOptions.defaults().withConcurrency(4), job -> {
            mailer.send(job.data(Email.class));
            job.done();
        });
        // ---
        return queue;
    }

    static String creator(String url, SSLContext tls, String password) {
        // --- creator
        DdpClient client = DdpClient.create(DdpClientOptions.builder(url)
                .sslContext(tls)
                .login(UserIdentity.username("creator"), password)
                .build());
        client.connect().toCompletableFuture().join();
        JobCollection jobs = JobCollections.of(client, "jobPile");
        String id = jobs.createJob("sendEmail", new Email("ada@example.com", "Welcome")).saveAndWait();
        String token = client.login().token();                                    // resume token, for next time
        // ---
        client.close();
        return id + " " + token;
    }

    static String resumed(String url, SSLContext tls, String token) {
        // --- resume
        DdpClient client = DdpClient.create(DdpClientOptions.builder(url)
                .sslContext(tls)
                .resumeToken(token)                                               // no password needed
                .build());
        client.connect().toCompletableFuture().join();
        // ---
        try (client) {
            return client.login().userId();
        }
    }

    @Test
    void readmeWorkerFlowOverWssWithOneAccountPerRole() throws Exception {
        Path users = dir.resolve("users.json");
        Files.writeString(users, """
                {"users": [
                  {"username": "worker", "password": "worker-secret", "levels": ["worker"]},
                  {"username": "creator", "password": "creator-secret", "levels": ["creator"]},
                  {"username": "ops", "password": "ops-secret", "levels": ["manager", "worker"]}
                ]}
                """);
        try (EmbeddedJobServer server = EmbeddedJobServer.builder().collection("jobPile").usersFile(users)
                .tls(serverStore, STORE_PASSWORD.toCharArray()).promoteInterval(Duration.ofMillis(100)).start()) {
            String url = server.url();
            assertThat(url).startsWith("wss://");
            SSLContext tls = trustStore(dir.resolve("meteor-ca.p12"), STORE_PASSWORD.toCharArray());

            List<Email> sent = new CopyOnWriteArrayList<>();
            JobQueue queue = worker(url, tls, "worker-secret", sent::add);
            String[] idAndToken = creator(url, tls, "creator-secret").split(" ");
            String id = idAndToken[0];
            await().atMost(Duration.ofSeconds(30)).until(() -> sent.size() == 1);
            assertThat(sent).containsExactly(new Email("ada@example.com", "Welcome"));

            // the creator's resume token logs in as the creator, without the password
            assertThat(resumed(url, tls, idAndToken[1])).isEqualTo("creator");

            // a manager reads jobs with getJob, a worker-level method: the ops account has both levels
            try (DdpClient ops = DdpClient.create(DdpClientOptions.builder(url).sslContext(tls)
                    .login(UserIdentity.username("ops"), "ops-secret").build())) {
                ops.connect().toCompletableFuture().join();
                JobCollection jobs = JobCollections.of(ops, "jobPile");
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> jobs.getJobAndWait(id).orElseThrow().status() == JobStatus.COMPLETED);
            }

            // the worker-only account may not create jobs: job-collection's answer, not a silent success
            try (DdpClient workerOnly = DdpClient.create(DdpClientOptions.builder(url).sslContext(tls)
                    .login(UserIdentity.username("worker"), "worker-secret").build())) {
                workerOnly.connect().toCompletableFuture().join();
                Job job = JobCollections.of(workerOnly, "jobPile").createJob("sendEmail", Map.of());
                assertThatThrownBy(job::saveAndWait).hasStackTraceContaining("Method not authorized");
            }
            queue.shutdown(ShutdownLevel.SOFT).toCompletableFuture().join();
        }
    }

    @Test
    void withoutTheCaTheClientRefusesTheServer() throws Exception {
        try (EmbeddedJobServer server = EmbeddedJobServer.builder().collection("jobPile")
                .tls(serverStore, STORE_PASSWORD.toCharArray()).start()) {
            // the JVM's default trust store does not know the private CA, so a worker without .sslContext fails
            try (DdpClient client = DdpClient.create(DdpClientOptions.of(server.url()))) {
                assertThatThrownBy(() -> client.connect().toCompletableFuture().join())
                        .isInstanceOf(CompletionException.class);
            }
        }
    }

    @Test
    void docsShowExactlyThisCode() throws Exception {
        String source = Files.readString(Path.of("src/test/java/io/github/meteorjob/it/meteor/MeteorDeploymentTest.java"));
        String markdown = Files.readString(Path.of("../docs/meteor.md"));
        Matcher m = Pattern.compile("// --- (\\w+)\n(.*?)\n\\s*// ---\n", Pattern.DOTALL).matcher(source);
        List<String> names = new ArrayList<>();
        while (m.find()) {
            names.add(m.group(1));
            assertThat(markdown).as("docs/meteor.md shows the '%s' snippet", m.group(1))
                    .contains(m.group(2).stripIndent());
        }
        assertThat(names).containsExactly("tls", "worker", "creator", "resume");
        // the README's worker loop is the one docs/meteor.md runs against Meteor
        String readme = Files.readString(Path.of("../README.md"));
        assertThat(readme).contains("""
                JobQueue queue = jobs.processJobs("sendEmail", QueueOptions.defaults().withConcurrency(4), job -> {
                    mailer.send(job.data(Email.class));
                    job.done();
                });""");
    }

    /**
     * A CA, a server key pair for 127.0.0.1/localhost signed by it (server.p12, with the chain), and a trust store
     * holding only the CA's certificate (meteor-ca.p12): what a hosted Meteor behind a private CA looks like.
     */
    /** A CA, a server key store signed by it ({@code server.p12}) and a trust store holding the CA ({@code meteor-ca.p12}). */
    static Path signedByPrivateCa(Path dir) throws Exception {
        Path ca = dir.resolve("ca.p12");
        Path server = dir.resolve("server.p12");
        Path caCert = dir.resolve("ca.pem");
        Path csr = dir.resolve("server.csr");
        Path signed = dir.resolve("server.pem");
        keytool("-genkeypair", "-alias", "ca", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=Test Meteor CA", "-ext", "bc:c", "-storetype", "PKCS12", "-keystore", ca.toString());
        keytool("-exportcert", "-alias", "ca", "-keystore", ca.toString(), "-rfc", "-file", caCert.toString());
        keytool("-genkeypair", "-alias", "server", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=127.0.0.1", "-storetype", "PKCS12", "-keystore", server.toString());
        keytool("-certreq", "-alias", "server", "-keystore", server.toString(), "-file", csr.toString());
        keytool("-gencert", "-alias", "ca", "-keystore", ca.toString(), "-infile", csr.toString(), "-rfc",
                "-outfile", signed.toString(), "-validity", "2", "-ext", "SAN=ip:127.0.0.1,dns:localhost");
        keytool("-importcert", "-noprompt", "-alias", "ca", "-keystore", server.toString(), "-file", caCert.toString());
        keytool("-importcert", "-alias", "server", "-keystore", server.toString(), "-file", signed.toString());
        keytool("-importcert", "-noprompt", "-alias", "ca", "-storetype", "PKCS12",
                "-keystore", dir.resolve("meteor-ca.p12").toString(), "-file", caCert.toString());
        return server;
    }

    private static void keytool(String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        command.addAll(List.of("-storepass", STORE_PASSWORD));
        if (args[0].equals("-genkeypair")) {
            command.addAll(List.of("-keypass", STORE_PASSWORD));
        }
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new AssertionError("keytool " + String.join(" ", args) + " failed: " + output);
        }
    }
}
