package io.github.meteorjob.cli;

import io.github.meteorjob.server.EmbeddedJobServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code wss://} with a self-signed certificate: trusted through --trust-store, refused without it. */
class CliTlsTest {

    private static final String STORE_PASSWORD = "store-Pw-8h1";

    @TempDir
    Path dir;

    /** A PKCS12 keystore with a self-signed certificate for 127.0.0.1, made by the JDK's keytool. */
    private Path selfSigned() throws Exception {
        Path keystore = dir.resolve("server.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "server", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-storetype", "PKCS12",
                "-keystore", keystore.toString(), "-storepass", STORE_PASSWORD, "-keypass", STORE_PASSWORD)
                .redirectErrorStream(true).start();
        String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(keytool.waitFor()).as(output).isZero();
        return keystore;
    }

    @Test
    void aTrustStoreFromTheOptionsOpensWss() throws Exception {
        Path keystore = selfSigned();
        try (EmbeddedJobServer server = EmbeddedJobServer.builder().port(0).tls(keystore, STORE_PASSWORD.toCharArray()).start()) {
            assertThat(server.url()).startsWith("wss://");

            CliRun untrusted = CliRun.run(CliRun.args(server.url(), "show", "x"));
            assertThat(untrusted.exitCode()).as(untrusted.toString()).isEqualTo(ExitCodes.CONNECTION);
            assertThat(untrusted.err()).contains("cannot connect");

            CliRun trusted = CliRun.run(Map.of("STORE_PW", STORE_PASSWORD), CliRun.args(server.url(),
                    "--trust-store", keystore.toString(), "--trust-store-password-env", "STORE_PW", "show", "x"));
            // connected and asked: the job does not exist
            assertThat(trusted.exitCode()).as(trusted.toString()).isEqualTo(ExitCodes.REFUSED);
            assertThat(trusted.err()).contains("no job x");
            assertThat(trusted.out() + trusted.err()).doesNotContain(STORE_PASSWORD);

            CliRun noPassword = CliRun.run(CliRun.args(server.url(), "--trust-store", keystore.toString(),
                    "--trust-store-password-env", "STORE_PW", "show", "x"));
            assertThat(noPassword.exitCode()).isEqualTo(ExitCodes.USAGE);
            assertThat(noPassword.err()).contains("STORE_PW");
        }
    }
}
