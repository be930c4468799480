package io.github.meteorjob.server.main;

import io.github.meteorjob.server.ddp.RawDdpClient;
import jakarta.json.Json;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class MainTest {

    @TempDir
    Path dir;

    record Outcome(int status, String out, String err) {
    }

    /** Main.run in this JVM (only for arguments that make it return). */
    private static Outcome run(String... args) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Method run = Class.forName("io.github.meteorjob.server.Main")
                .getDeclaredMethod("run", String[].class, PrintStream.class, PrintStream.class);
        run.setAccessible(true);
        int status = (int) run.invoke(null, args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Outcome(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void helpPrintsUsage() throws Exception {
        Outcome o = run("--help");
        assertThat(o.status()).isZero();
        assertThat(o.out()).contains("Usage:").contains("--port").contains("--collection").contains("--data")
                .contains("--users").contains("--promote-interval").contains("--tls-keystore");
    }

    @Test
    void badArgumentsExitWith2AndSayWhatIsWrong() throws Exception {
        assertThat(run("--bogus", "1")).satisfies(o -> {
            assertThat(o.status()).isEqualTo(2);
            assertThat(o.err()).contains("unknown option '--bogus'").contains("--help");
        });
        assertThat(run("--port", "abc").err()).contains("--port needs a whole number, got 'abc'");
        assertThat(run("--port", "70000").err()).contains("--port must be between 0 and 65535");
        assertThat(run("--port").err()).contains("--port needs a value");
        assertThat(run("stray").err()).contains("unexpected argument 'stray'");
        assertThat(run("--users", dir.resolve("missing.json").toString()).err()).contains("missing.json").contains("does not exist");
        assertThat(run("--collection", "bad name").err()).contains("bad name");
        assertThat(run("--promote-interval", "0").status()).isEqualTo(2);
        assertThat(run("--tls-keystore", dir.toString()).err()).contains("--tls-keystore needs --tls-password");
        assertThat(run("--tls-password", "x").err()).contains("without --tls-keystore");
    }

    @Test
    void openServerOnNonLoopbackRefusesToStart() throws Exception {
        Outcome o = run("--host", "0.0.0.0", "--port", "0");
        assertThat(o.status()).isEqualTo(1);
        assertThat(o.err()).contains("refusing to listen on 0.0.0.0 without users");
        assertThat(o.out()).isEmpty();
    }

    @Test
    void childJvmWithUsersFileAndTlsServesWssAndRequiresLogin() throws Exception {
        java.nio.file.Path users = dir.resolve("users.json");
        java.nio.file.Files.writeString(users, "{\"users\":[{\"username\":\"w\",\"password\":\"pw\",\"levels\":[\"worker\"]}]}");
        java.nio.file.Path keystore = io.github.meteorjob.server.ddp.TestKeystores.selfSigned(dir, "tls-pass");
        java.nio.file.Path passwordFile = dir.resolve("tls-password.txt");
        java.nio.file.Files.writeString(passwordFile, "tls-pass\n");
        try (ChildServer child = ChildServer.start(dir, "--port", "0", "--users", users.toString(),
                "--tls-keystore", keystore.toString(), "--tls-password-file", passwordFile.toString())) {
            assertThat(child.url).startsWith("wss://127.0.0.1:");
            try (RawDdpClient c = RawDdpClient.open(child.url,
                    io.github.meteorjob.server.ddp.TestKeystores.trusting(keystore, "tls-pass"))) {
                c.handshake();
                JsonValue types = Json.createArrayBuilder().add("t").build();
                assertThat(c.call("queue_getWork", types, JsonValue.EMPTY_JSON_OBJECT).getJsonObject("error").getInt("error"))
                        .isEqualTo(403);
                assertThat(c.call("login", Json.createObjectBuilder().add("user", Json.createObjectBuilder().add("username", "w"))
                        .add("password", Json.createObjectBuilder().add("digest",
                                io.github.meteorjob.server.security.PasswordHashing.sha256Hex("pw")).add("algorithm", "sha-256"))
                        .build()).getJsonObject("result").getString("id")).isEqualTo("w");
                assertThat(c.call("queue_getWork", types, JsonValue.EMPTY_JSON_OBJECT).getJsonArray("result")).isEmpty();
            }
            assertThat(child.terminate()).isIn(0, 143);
        }
    }

    @Test
    void hashPasswordPrintsAStoredHashForTheUsersFile() throws Exception {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), "io.github.meteorjob.server.Main", "--hash-password").start();
        p.getOutputStream().write("s3cret\n".getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(p.waitFor()).isZero();
        assertThat(out).startsWith("pbkdf2-sha256:").doesNotContain("s3cret");
        assertThat(io.github.meteorjob.server.security.PasswordHashing.verifyDigest(
                io.github.meteorjob.server.security.PasswordHashing.sha256Hex("s3cret"), out)).isTrue();
    }

    @Test
    void hashPasswordCommandReadsThePasswordFromAFile() throws Exception {
        Path file = dir.resolve("pw.txt");
        java.nio.file.Files.writeString(file, "from-file\n");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), "io.github.meteorjob.server.Main", "hash-password",
                "--password-file", file.toString()).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(p.waitFor()).isZero();
        assertThat(io.github.meteorjob.server.security.PasswordHashing.verifyDigest(
                io.github.meteorjob.server.security.PasswordHashing.sha256Hex("from-file"), out)).isTrue();
    }

    @Test
    void childJvmPrintsOneLineServesAndStopsCleanlyOnSigterm() throws Exception {
        try (ChildServer child = ChildServer.start(dir, "--port", "0", "--collection", "a", "--collection", "b",
                "--promote-interval", "1000")) {
            try (RawDdpClient c = RawDdpClient.connected(child.url)) {
                JsonValue types = Json.createArrayBuilder().add("t").build();
                assertThat(c.call("a_getWork", types, JsonValue.EMPTY_JSON_OBJECT).getJsonArray("result")).isEmpty();
                assertThat(c.call("b_getWork", types, JsonValue.EMPTY_JSON_OBJECT).getJsonArray("result")).isEmpty();
                assertThat(c.call("queue_getWork", types, JsonValue.EMPTY_JSON_OBJECT).getJsonObject("error").getInt("error"))
                        .isEqualTo(404);
            }
            int status = child.terminate();
            // 143 = terminated by SIGTERM after the shutdown hook ran
            assertThat(status).isIn(0, 143);
            assertThat(child.stdout()).hasSize(1);
            assertThat(child.stderr()).contains("meteor-job-server: stopped").doesNotContain("Exception");
        }
    }
}
