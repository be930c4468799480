package io.github.meteorjob.server.bench;

import io.github.meteorjob.ejson.Ejson;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A DDP client on one plain socket, run entirely on its caller's thread: it writes masked text frames
 * and reads the server's frames itself, with no threads of its own. A benchmark can then count every
 * other Java thread's CPU as the server's.
 */
final class RawDdpSocket implements AutoCloseable {

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private long ids;

    private RawDdpSocket(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new BufferedInputStream(socket.getInputStream(), 1 << 16);
        this.out = new BufferedOutputStream(socket.getOutputStream(), 1 << 16);
    }

    /** Upgrades {@code /websocket} on {@code 127.0.0.1:port} and completes the DDP handshake. */
    static RawDdpSocket connect(int port) throws IOException {
        Socket s = new Socket();
        s.setTcpNoDelay(true);
        s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        s.setSoTimeout(30_000);
        s.getOutputStream().write(("GET /websocket HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        RawDdpSocket c = new RawDdpSocket(s);
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = c.in.read();
            if (b < 0) {
                throw new IOException("connection closed during the upgrade: " + head);
            }
            head.append((char) b);
        }
        if (!head.toString().startsWith("HTTP/1.1 101")) {
            throw new IOException("upgrade refused: " + head);
        }
        c.send("{\"msg\":\"connect\",\"version\":\"1\",\"support\":[\"1\"]}");
        while (!c.read().contains("\"connected\"")) {
            // server_id first
        }
        return c;
    }

    /**
     * Calls {@code method} with {@code params} (JSON array text) and returns its {@code result} once the
     * server sent {@code updated} for it, i.e. when it has done all it does for the call.
     */
    JsonValue call(String method, String params) throws IOException {
        String id = Long.toString(++ids);
        send("{\"msg\":\"method\",\"id\":\"" + id + "\",\"method\":\"" + method + "\",\"params\":" + params + "}");
        JsonValue result = null;
        String updated = "{\"msg\":\"updated\",\"methods\":[\"" + id + "\"]}";
        while (true) {
            String frame = read();
            if (frame.equals(updated)) {
                return result;
            }
            if (frame.startsWith("{\"msg\":\"result\"")) {
                JsonObject answer = Ejson.provider().createReader(new StringReader(frame)).readObject();
                if (answer.containsKey("error")) {
                    throw new IOException(method + " failed: " + answer.get("error"));
                }
                result = answer.get("result");
            }
        }
    }

    /** One masked, final text frame. */
    private void send(String text) throws IOException {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        int n = payload.length;
        out.write(0x81);
        if (n < 126) {
            out.write(0x80 | n);
        } else if (n < 65536) {
            out.write(0x80 | 126);
            out.write(n >> 8);
            out.write(n);
        } else {
            out.write(0x80 | 127);
            for (int i = 7; i >= 0; i--) {
                out.write((int) ((long) n >> (8 * i)));
            }
        }
        byte[] mask = {0x11, 0x22, 0x33, 0x44};
        out.write(mask);
        for (int i = 0; i < n; i++) {
            payload[i] ^= mask[i & 3];
        }
        out.write(payload);
        out.flush();
    }

    /** The next text frame from the server (unmasked, unfragmented: Tyrus sends each message whole). */
    private String read() throws IOException {
        int b0 = in.read();
        int b1 = in.read();
        if (b0 < 0 || b1 < 0) {
            throw new IOException("connection closed by the server");
        }
        long n = b1 & 0x7F;
        if (n == 126) {
            n = (in.read() << 8) | in.read();
        } else if (n == 127) {
            n = 0;
            for (int i = 0; i < 8; i++) {
                n = (n << 8) | in.read();
            }
        }
        byte[] payload = in.readNBytes((int) n);
        if ((b0 & 0x0F) != 0x1) {
            throw new IOException("unexpected frame opcode " + (b0 & 0x0F));
        }
        return new String(payload, StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
