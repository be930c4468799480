package io.github.meteorjob.testing;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Opens a DDP session with the JDK's WebSocket client (no project client in between) and returns its id. */
final class DdpHandshake {

    private static final Pattern SESSION = Pattern.compile("\"msg\"\\s*:\\s*\"connected\".*\"session\"\\s*:\\s*\"([^\"]+)\"");

    private DdpHandshake() {
    }

    static String session(String url) throws Exception {
        CompletableFuture<String> session = new CompletableFuture<>();
        StringBuilder frame = new StringBuilder();
        WebSocket ws = HttpClient.newHttpClient().newWebSocketBuilder()
                .connectTimeout(Duration.ofSeconds(10))
                .buildAsync(URI.create(url), new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
                        frame.append(data);
                        if (last) {
                            Matcher m = SESSION.matcher(frame);
                            if (m.find()) {
                                session.complete(m.group(1));
                            }
                            frame.setLength(0);
                        }
                        socket.request(1);
                        return null;
                    }

                    @Override
                    public void onError(WebSocket socket, Throwable error) {
                        session.completeExceptionally(error);
                    }
                }).get(10, TimeUnit.SECONDS);
        try {
            ws.sendText("{\"msg\":\"connect\",\"version\":\"1\",\"support\":[\"1\"]}", true).get(10, TimeUnit.SECONDS);
            return session.get(10, TimeUnit.SECONDS);
        } finally {
            ws.abort();
        }
    }
}
