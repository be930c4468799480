package io.github.meteorjob.cli;

import io.github.meteorjob.testing.JobServerExtension;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.StringReader;

/**
 * Base of the CLI tests against a real embedded job server without users, one per test class: the server, a Java
 * client on it to make and move jobs ({@link Jobs}), and the CLI run in-process against it.
 */
abstract class CliServerTest {

    @RegisterExtension
    static JobServerExtension jobs = new JobServerExtension();

    static Jobs client;
    static String url;

    @BeforeAll
    static void connect() {
        url = jobs.server().url();
        client = new Jobs(url);
    }

    @AfterAll
    static void close() {
        client.close();
    }

    static CliRun cli(String... args) {
        return CliRun.run(CliRun.args(url, args));
    }

    static JsonObject json(String text) {
        return Json.createReader(new StringReader(text)).readObject();
    }
}
