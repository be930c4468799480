package io.github.meteorjob.it.faults;

import io.github.meteorjob.server.main.ChildServer;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The standalone job server in a child JVM ({@link ChildServer}, from the server's test jar) that can be killed
 * with SIGKILL and started again on the same port and, through the same arguments, the same data directory.
 */
final class ServerProcess implements AutoCloseable {

    private final Path workDir;
    private final List<String> args;
    private final List<ChildServer> starts = new ArrayList<>();
    private ChildServer current;
    private int port;

    /** {@code args} are Main's options except {@code --port}. */
    ServerProcess(Path workDir, List<String> args) {
        this.workDir = workDir;
        this.args = List.copyOf(args);
    }

    /** Starts the server on {@code port} (0 = a free one the first time) and waits for its "listening" line. */
    synchronized void start(int wantedPort) throws Exception {
        List<String> all = new ArrayList<>(List.of("--port", Integer.toString(wantedPort)));
        all.addAll(args);
        current = ChildServer.start(workDir, List.of("-Xmx256m"), all.toArray(String[]::new));
        starts.add(current);
        port = current.port();
    }

    synchronized int port() {
        return port;
    }

    synchronized String url() {
        return "ws://127.0.0.1:" + port + "/websocket";
    }

    synchronized long pid() {
        return current.pid();
    }

    /** SIGKILL (on Linux: {@code destroyForcibly}) and wait until the process is gone. */
    synchronized void kill() throws Exception {
        current.kill();
        if (current.isAlive()) {
            throw new AssertionError("server " + current.pid() + " survived SIGKILL");
        }
    }

    /** Starts again on the same port (and, through the same args, the same data directory). */
    synchronized void restart() throws Exception {
        start(port);
    }

    /** The stderr of every start (the last 4000 characters of each), for failure messages. */
    synchronized String stderr() {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < starts.size(); i++) {
            b.append("--- start ").append(i + 1).append('\n');
            try {
                String s = starts.get(i).stderr();
                b.append(s.length() > 4000 ? s.substring(s.length() - 4000) : s);
            } catch (IOException e) {
                b.append(e.getMessage()).append('\n');
            }
        }
        return b.toString();
    }

    /** SIGTERM, then SIGKILL if the server does not stop within 30 s. */
    @Override
    public synchronized void close() throws Exception {
        if (current != null && current.isAlive()) {
            try {
                current.terminate();
            } catch (AssertionError e) {
                current.kill();
            }
        }
    }
}
