package io.github.meteorjob.server.store;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.zip.CRC32C;

/**
 * The file format of the durable store. A log file and a snapshot file are both an 8-byte magic
 * followed by frames {@code [length:int32][crc32c:int32][payload]}; a payload is a sequence of
 * operations:
 * <ul>
 *   <li>{@code PUT root seq doc} — the job's new encoded form ({@link JobCodec});</li>
 *   <li>{@code REMOVE root seq id};</li>
 *   <li>{@code ROOT root seq} — snapshot only: the jobs of {@code root} that follow are its
 *       state after its operation {@code seq};</li>
 *   <li>{@code END count} — snapshot only, last: the snapshot is complete.</li>
 * </ul>
 * A frame is one group commit, written with one call: a frame cut short or failing its checksum
 * at the end of the newest log is a write that was never acknowledged and is dropped.
 */
final class JobLogFormat {

    static final byte[] LOG_MAGIC = "MJLOG01\n".getBytes(StandardCharsets.US_ASCII);
    static final byte[] SNAP_MAGIC = "MJSNP01\n".getBytes(StandardCharsets.US_ASCII);
    static final int HEADER = 8;
    /** A sanity bound: no frame is larger (a frame holds what one group commit wrote). */
    static final int MAX_FRAME = 1 << 30;

    static final int PUT = 1;
    static final int REMOVE = 2;
    static final int ROOT = 3;
    static final int END = 4;

    private JobLogFormat() {
    }

    static void put(BinaryOut out, String root, long seq, byte[] doc) {
        out.u8(PUT);
        out.str(root);
        out.uvarlong(seq);
        out.uvarlong(doc.length);
        out.raw(doc, 0, doc.length);
    }

    static void remove(BinaryOut out, String root, long seq, String id) {
        out.u8(REMOVE);
        out.str(root);
        out.uvarlong(seq);
        out.str(id);
    }

    static void root(BinaryOut out, String root, long seq) {
        out.u8(ROOT);
        out.str(root);
        out.uvarlong(seq);
    }

    static void end(BinaryOut out, long count) {
        out.u8(END);
        out.uvarlong(count);
    }

    /** Writes {@code payload} as one frame at the channel's position. */
    static void writeFrame(FileChannel ch, byte[] payload, int length) throws IOException {
        CRC32C crc = new CRC32C();
        crc.update(payload, 0, length);
        ByteBuffer head = ByteBuffer.allocate(8).putInt(length).putInt((int) crc.getValue()).flip();
        ByteBuffer body = ByteBuffer.wrap(payload, 0, length);
        ByteBuffer[] both = {head, body};
        while (head.hasRemaining() || body.hasRemaining()) {
            ch.write(both);
        }
    }

    static void writeMagic(FileChannel ch, byte[] magic) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(magic);
        while (b.hasRemaining()) {
            ch.write(b);
        }
    }

    /** What a reader does with each operation. */
    interface Visitor {
        void put(String root, long seq, byte[] doc);

        void remove(String root, long seq, String id);

        void root(String root, long seq);

        void end(long count);
    }

    /** A file read frame by frame. */
    static final class Reader implements AutoCloseable {
        private final Path file;
        private final FileChannel ch;
        private final long size;
        private final ByteBuffer buf = ByteBuffer.allocate(1 << 20);
        private long pos;
        private byte[] frame = new byte[1 << 16];

        Reader(Path file, byte[] magic) throws IOException {
            this.file = file;
            this.ch = FileChannel.open(file);
            this.size = ch.size();
            buf.limit(0);
            byte[] m = new byte[HEADER];
            if (size < HEADER || !read(m, HEADER) || !java.util.Arrays.equals(m, magic)) {
                ch.close();
                throw new IOException("not a job store file (bad header): " + file);
            }
        }

        /** Offset of the first byte not yet consumed (after the last whole frame read). */
        long position() {
            return pos;
        }

        private boolean read(byte[] dst, int len) throws IOException {
            int off = 0;
            while (off < len) {
                if (!buf.hasRemaining()) {
                    buf.clear();
                    int r = ch.read(buf);
                    buf.flip();
                    if (r <= 0) {
                        return false;
                    }
                }
                int k = Math.min(len - off, buf.remaining());
                buf.get(dst, off, k);
                off += k;
            }
            pos += len;
            return true;
        }

        /**
         * Reads the next frame into the visitor; {@code false} at a clean end of file.
         *
         * @throws TornFrame when the rest of the file is not a whole, intact frame
         */
        boolean next(Visitor v) throws IOException {
            long start = pos;
            if (pos == size) {
                return false;
            }
            byte[] head = new byte[8];
            if (!read(head, 8)) {
                throw new TornFrame(file, start, "frame header cut short");
            }
            int len = ByteBuffer.wrap(head).getInt();
            int crc = ByteBuffer.wrap(head).getInt(4);
            if (len < 0 || len > MAX_FRAME || len > size - pos) {
                throw new TornFrame(file, start, "frame length " + len + " beyond the end of the file");
            }
            if (frame.length < len) {
                frame = new byte[Math.max(len, frame.length * 2)];
            }
            if (!read(frame, len)) {
                throw new TornFrame(file, start, "frame cut short");
            }
            CRC32C c = new CRC32C();
            c.update(frame, 0, len);
            if ((int) c.getValue() != crc) {
                throw new TornFrame(file, start, "frame checksum mismatch");
            }
            parse(frame, len, v);
            return true;
        }

        private String lastRoot = "";
        private byte[] lastRootBytes = new byte[0];

        /** The root name at the reader's position; the same String as last time when it is the same name. */
        private String root(BinaryIn in) {
            int len = (int) in.uvarlong();
            int at = in.position();
            if (!java.util.Arrays.equals(in.array(), at, at + len, lastRootBytes, 0, lastRootBytes.length)) {
                lastRootBytes = java.util.Arrays.copyOfRange(in.array(), at, at + len);
                lastRoot = new String(lastRootBytes, StandardCharsets.UTF_8);
            }
            in.skip(len);
            return lastRoot;
        }

        private void parse(byte[] b, int len, Visitor v) throws IOException {
            BinaryIn in = new BinaryIn(b);
            try {
                while (in.position() < len) {
                    int op = in.u8();
                    switch (op) {
                        case PUT -> {
                            String root = root(in);
                            long seq = in.uvarlong();
                            v.put(root, seq, in.bytes((int) in.uvarlong()));
                        }
                        case REMOVE -> {
                            String root = root(in);
                            v.remove(root, in.uvarlong(), in.str());
                        }
                        case ROOT -> v.root(in.str(), in.uvarlong());
                        case END -> v.end(in.uvarlong());
                        default -> throw new IOException("unknown operation " + op);
                    }
                }
            } catch (RuntimeException e) {
                // the checksum matched, so this is not a torn write but a file we cannot read
                throw new IOException("job store file " + file + " has an unreadable frame: " + e, e);
            }
        }

        @Override
        public void close() throws IOException {
            ch.close();
        }
    }

    /** The rest of a file is not a whole, intact frame. */
    static final class TornFrame extends EOFException {
        final long offset;

        TornFrame(Path file, long offset, String what) {
            super(file + " at byte " + offset + ": " + what);
            this.offset = offset;
        }
    }
}
