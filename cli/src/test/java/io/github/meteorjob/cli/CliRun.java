package io.github.meteorjob.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** One in-process run of the CLI: its exit code and what it printed. */
record CliRun(int exitCode, String out, String err) {

    static CliRun run(Map<String, String> env, String... args) {
        Buffer out = new Buffer();
        Buffer err = new Buffer();
        int code = Main.run(args, out.stream(), err.stream(), env);
        return new CliRun(code, out.text(), err.text());
    }

    static CliRun run(String... args) {
        return run(Map.of(), args);
    }

    static String[] args(String url, String... rest) {
        List<String> all = new ArrayList<>(List.of("--url", url));
        all.addAll(List.of(rest));
        return all.toArray(String[]::new);
    }

    /** A thread-safe capture of a stream, readable while the command still writes (tail). */
    static final class Buffer {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final PrintStream stream = new PrintStream(bytes, true, StandardCharsets.UTF_8);

        PrintStream stream() {
            return stream;
        }

        String text() {
            synchronized (bytes) {
                return bytes.toString(StandardCharsets.UTF_8);
            }
        }
    }

    @Override
    public String toString() {
        return "exit " + exitCode + "\n--- out\n" + out + "--- err\n" + err;
    }
}
