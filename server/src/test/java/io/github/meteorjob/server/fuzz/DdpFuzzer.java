package io.github.meteorjob.server.fuzz;

import io.github.meteorjob.server.ReferenceJobDoc;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonReaderFactory;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.websocket.CloseReason;
import org.glassfish.tyrus.client.ClientManager;

import java.io.IOException;
import java.io.StringReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.Collectors;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sends batches of generated frames to a job server and checks the invariant of issue 9: every
 * method frame gets exactly one answer (a {@code result} with its id, or an {@code error}) within
 * the bound, the connection keeps serving, and afterwards a healthy client on a new connection can
 * still save, take and complete a job.
 *
 * <p>How answers are attributed: after each frame the fuzzer sends a {@code ping} with its own id.
 * The server answers malformed input synchronously, in frame order, so an {@code error} that arrives
 * between the pongs of frames i-1 and i belongs to frame i; a {@code result} belongs to the frame
 * whose unique id prefix it carries. A final method call is the barrier: methods of one connection
 * run in order, so once its result is in, every earlier result is too.
 */
final class DdpFuzzer {

    /** Replies are parsed without Parsson's default depth limit: the server may echo deep input. */
    private static final JsonReaderFactory READER = Json.createReaderFactory(Map.of("org.eclipse.parsson.maxDepth", 1_000_000));
    private static final Pattern FRAME_ID = Pattern.compile("^f(\\d+)_(\\d+)");

    private final String url;
    private final Duration bound;
    final AtomicLong inputs = new AtomicLong();
    final AtomicLong methodFrames = new AtomicLong();
    final AtomicLong batches = new AtomicLong();
    final AtomicLong canaries = new AtomicLong();
    final long[] phaseNanos = new long[4];
    private long lastEnd;

    DdpFuzzer(String url, Duration bound) {
        this.url = url;
        this.bound = bound;
    }

    private static ClientManager newManager() {
        // one per connection (see FuzzClient.open): neither Tyrus' SHARED_CONTAINER nor one manager
        // for all connections, whose executors a closing connection shuts down under a new one
        ClientManager m = ClientManager.createClient();
        m.setDefaultMaxTextMessageBufferSize(256 * 1024 * 1024);
        return m;
    }

    private FuzzClient connect() throws Exception {
        return FuzzClient.open(DdpFuzzer::newManager, url);
    }

    void close() {
        // each connection shut its own client manager down
    }

    /** Runs one batch; returns the violations found (empty when the invariant held). */
    List<String> run(List<FuzzFrame> frames) throws Exception {
        long batch = batches.incrementAndGet();
        if (batch % 500 == 0) {
            // long runs: the figures so far, in case the run is stopped
            System.out.printf("DDP fuzz progress: %d inputs tried in %d batches, %d canary jobs completed%n",
                    inputs.get(), batch - 1, canaries.get());
        }
        List<String> violations = new ArrayList<>();
        long deadline = System.nanoTime() + bound.toNanos();
        int sent = 0;
        long t0 = System.nanoTime();
        if (lastEnd != 0) {
            phaseNanos[3] += t0 - lastEnd;
        }
        FuzzClient opened;
        try {
            opened = connect();
        } catch (Exception e) {
            return List.of("cannot connect: " + e + "; " + diagnose());
        }
        try (FuzzClient c = opened) {
            c.sendText("{\"msg\":\"connect\",\"version\":\"1\",\"support\":[\"1\"]}");
            if (!c.await(r -> r.stream().anyMatch(t -> t.contains("\"connected\"")), deadline)) {
                return List.of("no 'connected' answer to the handshake within " + bound + ": received " + c.received()
                        + ", " + c.state() + "; " + diagnose());
            }
            long t1 = System.nanoTime();
            phaseNanos[0] += t1 - t0;
            for (int i = 0; i < frames.size(); i++) {
                FuzzFrame f = frames.get(i);
                String text = f.text("f" + batch + "_" + i);
                boolean ok = f.binary() ? c.sendBinary(text) : c.sendText(text);
                ok = ok && c.sendText("{\"msg\":\"ping\",\"id\":\"P" + i + "\"}");
                if (!ok) {
                    break;
                }
                sent++;
            }
            String barrier = "S" + batch;
            c.sendText("{\"msg\":\"method\",\"id\":\"" + barrier + "\",\"method\":\"" + DdpFrames.ROOT
                    + "_getJob\",\"params\":[\"no such job\",{}]}");
            boolean quiet = c.await(r -> r.stream().anyMatch(t -> t.contains("\"" + barrier + "\"")), deadline);
            inputs.addAndGet(sent);
            phaseNanos[1] += System.nanoTime() - t1;
            violations.addAll(check(batch, frames, c, quiet, barrier));
        }
        long t2 = System.nanoTime();
        violations.addAll(canary(batch));
        phaseNanos[2] += System.nanoTime() - t2;
        lastEnd = System.nanoTime();
        long ms = (System.nanoTime() - (deadline - bound.toNanos())) / 1_000_000;
        if (!violations.isEmpty() && ms > 2000) {
            violations.add("(batch " + batch + " took " + ms + " ms)");
        }
        return violations;
    }

    private List<String> check(long batch, List<FuzzFrame> frames, FuzzClient c, boolean quiet, String barrier) {
        List<String> violations = new ArrayList<>(c.oddities());
        int n = frames.size();
        int[] results = new int[n];
        int[] errors = new int[n];
        int window = 0;
        int pongs = 0;
        boolean barrierAnswered = false;
        for (String text : c.received()) {
            JsonObject m;
            try (JsonReader r = READER.createReader(new StringReader(text))) {
                m = r.readObject();
            } catch (RuntimeException e) {
                violations.add("the server sent a frame that is not a JSON object (" + e.getMessage() + "): " + abbreviate(text));
                continue;
            }
            String msg = m.get("msg") instanceof JsonString s ? s.getString() : "";
            switch (msg) {
                case "pong" -> {
                    if (m.get("id") instanceof JsonString id && id.getString().matches("P\\d+")) {
                        window = Integer.parseInt(id.getString().substring(1)) + 1;
                        pongs++;
                    }
                }
                case "error" -> {
                    if (window < n) {
                        errors[window]++;
                    } else {
                        violations.add("an error after the last frame: " + abbreviate(text));
                    }
                }
                case "result" -> {
                    String id = m.get("id") instanceof JsonString s ? s.getString() : null;
                    Matcher fm = id == null ? null : FRAME_ID.matcher(id);
                    if (barrier.equals(id)) {
                        barrierAnswered = true;
                    } else if (fm != null && fm.find() && Long.parseLong(fm.group(1)) == batch
                            && Integer.parseInt(fm.group(2)) < n) {
                        int i = Integer.parseInt(fm.group(2));
                        results[i]++;
                        // bad input must get an error that names the problem, not "Internal server error"
                        if (m.get("error") instanceof JsonObject e && e.get("error") instanceof jakarta.json.JsonNumber code
                                && code.intValue() == 500) {
                            violations.add("frame " + i + " (" + frames.get(i).label() + ") was answered 500"
                                    + suspects(frames.get(i)) + ": " + abbreviate(frames.get(i).text()));
                        }
                    } else {
                        violations.add("a result for an id no frame sent: " + abbreviate(text));
                    }
                }
                default -> {
                    // connected, updated, added, ready, nosub, ...: nothing owed to check
                }
            }
        }
        CloseReason closed = c.closed().getNow(null);
        int lastProcessed = Math.min(n, pongs); // frames whose pong came back
        for (int i = 0; i < n; i++) {
            FuzzFrame f = frames.get(i);
            int answers = results[i] + errors[i];
            if (i >= lastProcessed) {
                if (i == lastProcessed && closed != null && f.binary()
                        && closed.getCloseCode().getCode() != CloseReason.CloseCodes.CLOSED_ABNORMALLY.getCode()) {
                    continue; // refused by closing with a reason: an answer for a binary frame
                }
                if (i == lastProcessed) {
                    violations.add("the connection stopped serving at frame " + i + " (" + f.label() + ")" + suspects(f)
                            + (closed == null ? ", no pong within " + bound : ", closed " + closed) + ": " + abbreviate(f.text()));
                }
                break;
            }
            if (f.answers() != FuzzFrame.Answers.ANY) {
                methodFrames.incrementAndGet();
            }
            boolean ok = switch (f.answers()) {
                case ONE -> answers == 1;
                case ONE_OR_TWO -> answers == 1 || answers == 2;
                case ANY -> !f.binary() || answers >= 1;
            };
            if (!ok) {
                violations.add("frame " + i + " (" + f.label() + ") got " + results[i] + " results and " + errors[i]
                        + " errors" + suspects(f) + ": " + abbreviate(f.text()));
            }
        }
        if (closed != null && !(lastProcessed < n && frames.get(lastProcessed).binary())) {
            violations.add("the server closed the connection (" + closed + ") after " + pongs + " of " + n + " frames");
        } else if (closed == null && !quiet) {
            violations.add("the barrier method call got no answer within " + bound);
        } else if (closed == null && !barrierAnswered) {
            violations.add("the barrier method call was answered unreadably");
        }
        return violations;
    }

    /**
     * For a handshake that went unanswered: whether the server still answers an upgrade from a plain
     * socket (a 101 there points at the Tyrus client, silence at the server), and the stacks of the
     * threads of both sides (server and client share this JVM).
     */
    private String diagnose() {
        URI uri = URI.create(url);
        String probe;
        long t0 = System.nanoTime();
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 10_000);
            s.setSoTimeout(10_000);
            s.getOutputStream().write(("GET " + uri.getPath() + " HTTP/1.1\r\nHost: " + uri.getHost() + ":" + uri.getPort()
                    + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                    + "Sec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            StringBuilder line = new StringBuilder();
            int ch;
            while ((ch = s.getInputStream().read()) >= 0 && ch != '\r') {
                line.append((char) ch);
            }
            probe = "a plain-socket upgrade got '" + line + "' in " + (System.nanoTime() - t0) / 1_000_000 + " ms";
        } catch (IOException e) {
            probe = "a plain-socket upgrade failed after " + (System.nanoTime() - t0) / 1_000_000 + " ms: " + e;
        }
        String threads = Thread.getAllStackTraces().entrySet().stream()
                .sorted(Map.Entry.comparingByKey(Comparator.comparing(Thread::getName)))
                .map(e -> "\"" + e.getKey().getName() + "\" " + e.getKey().getState() + Arrays.stream(e.getValue()).limit(25)
                        .map(f -> "\n    at " + f).collect(Collectors.joining()))
                .collect(Collectors.joining("\n"));
        return probe + "; threads:\n" + threads;
    }

    /** A healthy client on a new connection saves, takes and completes a job of its own type. */
    List<String> canary(long batch) {
        String type = "canary" + batch;
        long deadline = System.nanoTime() + bound.toNanos();
        try (FuzzClient c = connect()) {
            c.sendText("{\"msg\":\"connect\",\"version\":\"1\",\"support\":[\"1\"]}");
            JsonObject started = call(c, "c1", "startJobServer", "[{}]", deadline);
            JsonObject saved = call(c, "c2", "jobSave", "[" + ReferenceJobDoc.of(type).build() + ",{}]", deadline);
            if (!(saved.get("result") instanceof JsonString id)) {
                return List.of("canary: jobSave answered " + started + " / " + saved);
            }
            JsonObject work = call(c, "c3", "getWork", "[[\"" + type + "\"],{}]", deadline);
            if (!(work.get("result") instanceof JsonArray a) || a.size() != 1
                    || !a.getJsonObject(0).getString("_id").equals(id.getString())) {
                return List.of("canary: getWork answered " + abbreviate(work.toString()));
            }
            JsonObject done = call(c, "c4", "jobDone", "[" + id + "," + a.getJsonObject(0).get("runId") + ",{},{}]", deadline);
            if (done.get("result") != JsonValue.TRUE) {
                return List.of("canary: jobDone answered " + done);
            }
            canaries.incrementAndGet();
            return List.of();
        } catch (Exception | AssertionError e) {
            return List.of("canary failed: " + e + (e instanceof jakarta.websocket.DeploymentException ? "; " + diagnose() : ""));
        }
    }

    /** Calls a method of the collection and waits for its result. */
    private static JsonObject call(FuzzClient c, String id, String method, String params, long deadline) throws Exception {
        c.sendText("{\"msg\":\"method\",\"id\":\"" + id + "\",\"method\":\"" + DdpFrames.ROOT + "_" + method
                + "\",\"params\":" + params + "}");
        String marker = "\"id\":\"" + id + "\"";
        if (!c.await(r -> r.stream().anyMatch(t -> t.contains("\"result\"") && t.contains(marker)), deadline)) {
            throw new AssertionError(method + " got no result; received " + c.received());
        }
        for (String t : c.received()) {
            try (JsonReader r = READER.createReader(new StringReader(t))) {
                JsonObject m = r.readObject();
                if ("result".equals(m.getString("msg", null)) && id.equals(m.getString("id", null))) {
                    return m;
                }
            }
        }
        throw new AssertionError("unreachable");
    }

    private static final Pattern LONE_SURROGATE = Pattern.compile(
            "\\\\u[dD][89abAB][0-9a-fA-F]{2}(?!\\\\u[dD][c-fC-F])|(?<!\\\\u[dD][89abAB][0-9a-fA-F]{2})\\\\u[dD][c-fC-F][0-9a-fA-F]{2}");
    private static final Pattern LONG_NUMBER = Pattern.compile("[0-9.]{1101,}");
    private static final Pattern HUGE_EXPONENT = Pattern.compile("[0-9][eE][+-]?[0-9]{10,}");

    /** What in a frame probably caused a violation, for the report: the known kinds of input. */
    static String suspects(FuzzFrame f) {
        List<String> s = new ArrayList<>();
        if (f.binary()) {
            s.add("binary frame");
        }
        if (LONE_SURROGATE.matcher(f.text()).find()) {
            s.add("lone surrogate");
        }
        if (LONG_NUMBER.matcher(f.text()).find()) {
            s.add("number over 1100 chars");
        }
        if (HUGE_EXPONENT.matcher(f.text()).find()) {
            s.add("exponent beyond int range");
        }
        if (depth(f.text()) >= 999) {
            s.add("nesting >= 999");
        }
        return s.isEmpty() ? " [suspect: none of the known kinds in this frame; data stored by an earlier one?]" : " [suspect: " + String.join(", ", s) + "]";
    }

    private static int depth(String t) {
        int d = 0;
        int max = 0;
        boolean inString = false;
        for (int i = 0; i < t.length(); i++) {
            char ch = t.charAt(i);
            if (inString) {
                if (ch == '\\') {
                    i++;
                } else if (ch == '"') {
                    inString = false;
                }
            } else if (ch == '"') {
                inString = true;
            } else if (ch == '[' || ch == '{') {
                max = Math.max(max, ++d);
            } else if (ch == ']' || ch == '}') {
                d--;
            }
        }
        return max;
    }

    static String abbreviate(String s) {
        StringBuilder b = new StringBuilder();
        int limit = Math.min(s.length(), 300);
        for (int i = 0; i < limit; i++) {
            char ch = s.charAt(i);
            // shown escaped: a report must itself be printable
            b.append(ch < 0x20 || Character.isSurrogate(ch) || ch > 0x7e ? String.format("\\u%04x", (int) ch) : String.valueOf(ch));
        }
        return s.length() > limit ? b + "... (" + s.length() + " chars)" : b.toString();
    }
}
