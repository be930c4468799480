package io.github.meteorjob.server.main;

import java.io.BufferedReader;
import java.io.File;
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
 * The job server's Main in a child JVM (same class path as the tests), for process-level tests: started, its
 * "listening on" line awaited, its stdout kept; stopped with SIGTERM, killed with SIGKILL. Shared with the it
 * module through the server's test jar.
 */
public final class ChildServer implements AutoCloseable {

    static final Pattern LISTENING = Pattern.compile("listening on (wss?://127\\.0\\.0\\.1:(\\d+)/websocket)");

    final Process process;
    final Path stderr;
    final List<String> stdoutLines = new ArrayList<>();
    final String url;
    private final CompletableFuture<Void> stdoutDone = new CompletableFuture<>();

    private ChildServer(Process process, Path stderr, String url) {
        this.process = process;
        this.stderr = stderr;
        this.url = url;
    }

    public static ChildServer start(Path workDir, String... args) throws Exception {
        return start(workDir, List.of(), args);
    }

    /** As {@link #start(Path, String...)}, with options for the child JVM (e.g. {@code -Dname=value}). */
    public static ChildServer start(Path workDir, List<String> jvmOptions, String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add("io.github.meteorjob.server.Main");
        command.addAll(List.of(args));
        Files.createDirectories(workDir);
        Path err = Files.createTempFile(workDir, "server", ".stderr");
        Process p = new ProcessBuilder(command).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.PIPE).start();
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
        ChildServer child = new ChildServer(p, err, m.group(1));
        child.stdoutLines.add(line);
        Thread reader = new Thread(() -> {
            try {
                String more;
                while ((more = out.readLine()) != null) {
                    synchronized (child.stdoutLines) {
                        child.stdoutLines.add(more);
                    }
                }
            } catch (IOException ignored) {
                // process gone
            } finally {
                child.stdoutDone.complete(null);
            }
        });
        reader.setDaemon(true);
        reader.start();
        return child;
    }

    /** SIGTERM and wait; returns the exit status. */
    public int terminate() throws Exception {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("server did not stop on SIGTERM");
        }
        stdoutDone.get(10, TimeUnit.SECONDS);
        return process.exitValue();
    }

    /** SIGKILL (on Linux) and wait. */
    public void kill() throws Exception {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    public String stderr() throws IOException {
        return Files.readString(stderr);
    }

    public List<String> stdout() {
        synchronized (stdoutLines) {
            return List.copyOf(stdoutLines);
        }
    }

    /** {@code ws[s]://127.0.0.1:PORT/websocket}, from the server's first line. */
    public String url() {
        return url;
    }

    /** The bound port, from the server's first line. */
    public int port() {
        return Integer.parseInt(url.replaceAll(".*:(\\d+)/websocket$", "$1"));
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
    }

    static String classpathSeparator() {
        return File.pathSeparator;
    }
}
