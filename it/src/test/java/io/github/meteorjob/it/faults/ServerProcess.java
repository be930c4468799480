package io.github.meteorjob.it.faults;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The standalone job server ({@code io.github.meteorjob.server.Main}) in a child JVM on this test's class path,
 * bound to 127.0.0.1, so it can be killed with SIGKILL and started again on the same port and data directory.
 */
final class ServerProcess implements AutoCloseable {

    private static final Pattern LISTENING = Pattern.compile("listening on wss?://127\\.0\\.0\\.1:(\\d+)/websocket");

    private final Path workDir;
    private final List<String> args;
    private Process process;
    private int port;
    private final List<Path> stderrFiles = new ArrayList<>();

    /** {@code args} are Main's options except {@code --port}. */
    ServerProcess(Path workDir, List<String> args) {
        this.workDir = workDir;
        this.args = List.copyOf(args);
    }

    /** Starts the server on {@code port} (0 = a free one the first time) and waits for its "listening" line. */
    synchronized void start(int wantedPort) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx256m");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add("io.github.meteorjob.server.Main");
        command.add("--port");
        command.add(Integer.toString(wantedPort));
        command.addAll(args);
        Files.createDirectories(workDir);
        Path err = Files.createTempFile(workDir, "server", ".stderr");
        stderrFiles.add(err);
        Process p = new ProcessBuilder(command).redirectError(err.toFile()).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<String> first = CompletableFuture.supplyAsync(() -> {
            try {
                return out.readLine();
            } catch (IOException e) {
                return null;
            }
        });
        String line;
        try {
            line = first.get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            p.destroyForcibly();
            throw new AssertionError("server did not print its line; stderr: " + Files.readString(err), e);
        }
        if (line == null) {
            p.waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError("server exited without its line; stderr: " + Files.readString(err));
        }
        Matcher m = LISTENING.matcher(line);
        if (!m.matches()) {
            p.destroyForcibly();
            throw new AssertionError("unexpected first line '" + line + "'");
        }
        // keep draining stdout so the child never blocks on a full pipe
        Thread drain = new Thread(() -> {
            try {
                while (out.readLine() != null) {
                    // discard
                }
            } catch (IOException ignored) {
                // process gone
            }
        }, "server-stdout");
        drain.setDaemon(true);
        drain.start();
        process = p;
        port = Integer.parseInt(m.group(1));
    }

    synchronized int port() {
        return port;
    }

    synchronized String url() {
        return "ws://127.0.0.1:" + port + "/websocket";
    }

    synchronized long pid() {
        return process.pid();
    }

    /** SIGKILL (on Linux: {@code destroyForcibly}) and wait until the process is gone. */
    synchronized void kill() throws Exception {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new AssertionError("server " + process.pid() + " survived SIGKILL");
        }
    }

    /** Starts again on the same port (and, through the same args, the same data directory). */
    synchronized void restart() throws Exception {
        start(port);
    }

    /** The stderr of every start, for failure messages. */
    String stderr() {
        StringBuilder b = new StringBuilder();
        for (Path f : stderrFiles) {
            try {
                String s = Files.readString(f);
                b.append("--- ").append(f.getFileName()).append('\n').append(s.length() > 4000 ? s.substring(s.length() - 4000) : s);
            } catch (IOException e) {
                b.append("--- ").append(f).append(": ").append(e.getMessage()).append('\n');
            }
        }
        return b.toString();
    }

    @Override
    public synchronized void close() throws Exception {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
