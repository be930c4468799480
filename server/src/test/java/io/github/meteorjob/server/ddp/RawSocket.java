package io.github.meteorjob.server.ddp;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * A WebSocket client on a plain socket, for what a well-behaved library will not do: custom upgrade
 * headers, a client that never reads, binary frames.
 */
final class RawSocket implements AutoCloseable {

    final Socket socket;
    final String statusLine;
    private final OutputStream out;

    private RawSocket(Socket socket, String statusLine) throws IOException {
        this.socket = socket;
        this.statusLine = statusLine;
        this.out = socket.getOutputStream();
    }

    /** Sends an upgrade request with {@code headers} and reads the status line and headers of the answer. */
    static RawSocket upgrade(int port, Map<String, String> headers, int receiveBuffer) throws IOException {
        Socket s = new Socket();
        if (receiveBuffer > 0) {
            s.setReceiveBufferSize(receiveBuffer);
        }
        s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        s.setSoTimeout(10_000);
        StringBuilder req = new StringBuilder("GET /websocket HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n"
                + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                + "Sec-WebSocket-Version: 13\r\n");
        headers.forEach((k, v) -> req.append(k).append(": ").append(v).append("\r\n"));
        req.append("\r\n");
        s.getOutputStream().write(req.toString().getBytes(StandardCharsets.US_ASCII));
        InputStream in = s.getInputStream();
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int c = in.read();
            if (c < 0) {
                break;
            }
            head.append((char) c);
        }
        String status = head.toString().lines().findFirst().orElse("");
        return new RawSocket(s, status);
    }

    static RawSocket upgrade(int port, Map<String, String> headers) throws IOException {
        return upgrade(port, headers, 0);
    }

    int status() {
        String[] parts = statusLine.split(" ");
        return parts.length > 1 ? Integer.parseInt(parts[1]) : -1;
    }

    void sendText(String text) throws IOException {
        frame(0x1, text.getBytes(StandardCharsets.UTF_8));
    }

    void sendBinary(byte[] payload) throws IOException {
        frame(0x2, payload);
    }

    /** One final, masked frame (clients must mask). */
    private void frame(int opcode, byte[] payload) throws IOException {
        byte[] mask = {1, 2, 3, 4};
        int n = payload.length;
        byte[] header;
        if (n < 126) {
            header = new byte[]{(byte) (0x80 | opcode), (byte) (0x80 | n)};
        } else if (n < 65536) {
            header = new byte[]{(byte) (0x80 | opcode), (byte) (0x80 | 126), (byte) (n >> 8), (byte) n};
        } else {
            header = new byte[10];
            header[0] = (byte) (0x80 | opcode);
            header[1] = (byte) (0x80 | 127);
            for (int i = 0; i < 8; i++) {
                header[9 - i] = (byte) ((long) n >> (8 * i));
            }
        }
        byte[] masked = new byte[n];
        for (int i = 0; i < n; i++) {
            masked[i] = (byte) (payload[i] ^ mask[i % 4]);
        }
        out.write(header);
        out.write(mask);
        out.write(masked);
        out.flush();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
