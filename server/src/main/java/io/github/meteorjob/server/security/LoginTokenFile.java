package io.github.meteorjob.server.security;

import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The resume tokens of a durable server, so that clients log back in by themselves after a restart:
 * an append-only file of JSON lines in the data directory, {@code {"add":hash,"user":id,"expires":ms}}
 * and {@code {"remove":hash}}. Only hashes are written (SHA-256, base64, as Meteor's
 * {@code Accounts._hashLoginToken}), never a token. On open the file is read, expired tokens are
 * dropped and it is rewritten with the live ones (to a temporary file, then renamed), so it does not
 * grow across restarts. A torn last line (a crash during a write) is skipped.
 */
final class LoginTokenFile implements Closeable {

    /** One stored token: whose it is and until when it works. */
    record Entry(String userId, Instant expires) {
    }

    private static final System.Logger LOG = System.getLogger(LoginTokenFile.class.getName());

    private final Path file;
    private final FileChannel out;

    private LoginTokenFile(Path file, FileChannel out) {
        this.file = file;
        this.out = out;
    }

    /**
     * Reads {@code file} (absent: no tokens) into {@code into}, leaving out tokens expired at {@code now},
     * and opens it for appending.
     */
    static LoginTokenFile open(Path file, Instant now, Map<String, Entry> into) throws IOException {
        Map<String, Entry> live = new LinkedHashMap<>();
        int skipped = 0;
        if (Files.exists(file)) {
            try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                String line;
                while ((line = r.readLine()) != null) {
                    if (!line.isBlank() && !apply(line, live)) {
                        skipped++;
                    }
                }
            }
        }
        if (skipped > 0) {
            LOG.log(System.Logger.Level.WARNING, "{0}: skipped {1} unreadable line(s) (a write cut short by a crash?)",
                    file, skipped);
        }
        live.values().removeIf(e -> !now.isBefore(e.expires()));
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        StringBuilder text = new StringBuilder();
        live.forEach((hash, e) -> text.append(addLine(hash, e)));
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        try (FileChannel c = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
            c.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        into.putAll(live);
        return new LoginTokenFile(file, FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND));
    }

    Path path() {
        return file;
    }

    /** Records a new token; on the disk before the login is answered. */
    synchronized void added(String hash, Entry entry) {
        write(addLine(hash, entry));
    }

    /** Records a revoked token (logout). */
    synchronized void removed(String hash) {
        write(Json.createObjectBuilder().add("remove", hash).build() + "\n");
    }

    @Override
    public synchronized void close() throws IOException {
        out.close();
    }

    private void write(String line) {
        try {
            ByteBuffer bytes = ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8));
            while (bytes.hasRemaining()) {
                out.write(bytes);
            }
            out.force(false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write login tokens to " + file + ": " + e.getMessage(), e);
        }
    }

    private static String addLine(String hash, Entry e) {
        return Json.createObjectBuilder().add("add", hash).add("user", e.userId())
                .add("expires", e.expires().toEpochMilli()).build() + "\n";
    }

    private static boolean apply(String line, Map<String, Entry> tokens) {
        JsonObject o;
        try {
            o = Json.createReader(new StringReader(line)).readObject();
        } catch (JsonException | IllegalStateException e) {
            return false;
        }
        if (o.get("add") instanceof JsonString hash && o.get("user") instanceof JsonString user
                && o.get("expires") instanceof JsonNumber expires) {
            tokens.put(hash.getString(), new Entry(user.getString(), Instant.ofEpochMilli(expires.longValue())));
            return true;
        }
        if (o.get("remove") instanceof JsonString hash) {
            tokens.remove(hash.getString());
            return true;
        }
        return false;
    }
}
