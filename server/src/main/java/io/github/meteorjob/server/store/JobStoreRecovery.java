package io.github.meteorjob.server.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reopening a durable store: the newest complete snapshot, then every log from its generation
 * on, skipping operations the snapshot already holds; a torn frame at the end of the newest log
 * (a write cut short by a kill, never acknowledged) is cut off. Anything else unreadable stops
 * the open with an error naming the file, rather than dropping jobs silently.
 */
final class JobStoreRecovery {

    private static final System.Logger LOG = System.getLogger(JobStoreRecovery.class.getName());
    private static final Pattern LOG_NAME = Pattern.compile("log-(\\d{16})\\.jlog");
    private static final Pattern SNAP_NAME = Pattern.compile("snap-(\\d{16})\\.jsnap");

    private JobStoreRecovery() {
    }

    private static TreeMap<Long, Path> files(Path dir, Pattern p) throws IOException {
        TreeMap<Long, Path> out = new TreeMap<>();
        try (var list = Files.list(dir)) {
            for (Path f : (Iterable<Path>) list::iterator) {
                Matcher m = p.matcher(f.getFileName().toString());
                if (m.matches()) {
                    out.put(Long.parseLong(m.group(1)), f);
                }
            }
        }
        return out;
    }

    /** Whether {@code dir} holds any log or snapshot. */
    static boolean hasFiles(Path dir) throws IOException {
        return !files(dir, LOG_NAME).isEmpty() || !files(dir, SNAP_NAME).isEmpty();
    }

    /**
     * Loads the stores' jobs from {@code dir} through {@code root} and returns the generation of
     * the next log to write; {@code logBytes} receives the size of the logs kept.
     */
    static long recover(Path dir, Function<String, LogJobStore> root, AtomicLong logBytes) throws IOException {
        try (var list = Files.list(dir)) {
            for (Path f : (Iterable<Path>) list::iterator) {
                if (f.getFileName().toString().endsWith(".tmp")) {
                    Files.delete(f); // a snapshot whose writing was interrupted; its logs are all there
                }
            }
        }
        TreeMap<Long, Path> snaps = files(dir, SNAP_NAME);
        TreeMap<Long, Path> logs = files(dir, LOG_NAME);
        long from = 0;
        Map<String, Long> seqs = new HashMap<>();
        if (!snaps.isEmpty()) {
            // a snapshot file exists only once complete (it is renamed after being forced to disk)
            from = snaps.lastKey();
            readSnapshot(snaps.lastEntry().getValue(), root, seqs);
        }
        long last = from;
        for (var e : logs.tailMap(from, true).entrySet()) {
            boolean newest = e.getKey().equals(logs.lastKey());
            replay(e.getValue(), newest, root, seqs);
            if (Files.exists(e.getValue())) {
                if (Files.size(e.getValue()) <= JobLogFormat.HEADER) {
                    Files.delete(e.getValue()); // holds nothing (opened, then closed or killed before a write)
                } else {
                    logBytes.addAndGet(Files.size(e.getValue()));
                }
            }
            last = Math.max(last, e.getKey());
        }
        deleteBefore(dir, from);
        return Math.max(last, logs.isEmpty() ? 0 : logs.lastKey()) + 1;
    }

    private static void readSnapshot(Path file, Function<String, LogJobStore> root, Map<String, Long> seqs) throws IOException {
        boolean[] ended = {false};
        try (JobLogFormat.Reader r = new JobLogFormat.Reader(file, JobLogFormat.SNAP_MAGIC)) {
            JobLogFormat.Visitor v = new JobLogFormat.Visitor() {
                private String lastName;
                private LogJobStore last;

                @Override
                public void put(String name, long seq, byte[] doc) {
                    if (!name.equals(lastName)) {
                        lastName = name;
                        last = root.apply(name);
                    }
                    last.load(doc);
                }

                @Override
                public void remove(String name, long seq, String id) {
                    throw new IllegalStateException("a snapshot holds no removals");
                }

                @Override
                public void root(String name, long seq) {
                    root.apply(name).seq(seq);
                    seqs.put(name, seq);
                }

                @Override
                public void end(long count) {
                    ended[0] = true;
                }
            };
            while (r.next(v)) {
                // frame by frame
            }
        } catch (JobLogFormat.TornFrame e) {
            throw new IOException("snapshot " + file + " is damaged (" + e.getMessage() + "); it was complete when written, so the disk changed it", e);
        }
        if (!ended[0]) {
            throw new IOException("snapshot " + file + " has no end marker");
        }
    }

    private static void replay(Path file, boolean newest, Function<String, LogJobStore> root, Map<String, Long> seqs) throws IOException {
        JobLogFormat.Visitor v = new JobLogFormat.Visitor() {
            // consecutive operations are nearly always of the same root: look it up once
            private String lastName;
            private LogJobStore last;
            private long lastSeq;

            private LogJobStore store(String name) {
                if (!name.equals(lastName)) {
                    if (last != null) {
                        seqs.put(lastName, lastSeq);
                    }
                    lastName = name;
                    last = root.apply(name);
                    lastSeq = seqs.getOrDefault(name, 0L);
                }
                return last;
            }

            /** Applies an operation newer than the root's state; an older one is in the snapshot already. */
            private void apply(String name, long seq, Consumer<LogJobStore> operation) {
                LogJobStore s = store(name);
                if (seq > lastSeq) {
                    operation.accept(s);
                    s.seq(seq);
                    lastSeq = seq;
                }
            }

            @Override
            public void put(String name, long seq, byte[] doc) {
                apply(name, seq, s -> s.load(doc));
            }

            @Override
            public void remove(String name, long seq, String id) {
                apply(name, seq, s -> s.unload(id));
            }

            @Override
            public void root(String name, long seq) {
                throw new IllegalStateException("a log holds no snapshot markers");
            }

            @Override
            public void end(long count) {
                if (last != null) {
                    seqs.put(lastName, lastSeq);
                }
            }
        };
        long keep;
        try (JobLogFormat.Reader r = new JobLogFormat.Reader(file, JobLogFormat.LOG_MAGIC)) {
            try {
                while (r.next(v)) {
                    // frame by frame
                }
            } finally {
                v.end(-1); // hands the sequence numbers over to the next file
            }
            return;
        } catch (JobLogFormat.TornFrame e) {
            if (!newest) {
                throw new IOException("log " + file + " is damaged before its end (" + e.getMessage() + ")", e);
            }
            keep = e.offset;
            LOG.log(System.Logger.Level.INFO, "job store: dropping an unacknowledged write cut short at the end of " + file
                    + " (" + e.getMessage() + ")");
        } catch (IOException e) {
            if (newest && Files.size(file) < JobLogFormat.HEADER) {
                keep = -1; // killed while creating the file: it holds nothing
            } else {
                throw e;
            }
        }
        if (keep < 0) {
            Files.delete(file);
        } else {
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
                ch.truncate(keep);
                ch.force(true);
            }
        }
    }

    /** Deletes the logs and snapshots older than generation {@code gen}; returns the log bytes freed. */
    static long deleteBefore(Path dir, long gen) throws IOException {
        long freed = 0;
        for (Path f : files(dir, LOG_NAME).headMap(gen, false).values()) {
            freed += Files.size(f);
            Files.delete(f);
        }
        for (Path f : files(dir, SNAP_NAME).headMap(gen, false).values()) {
            Files.delete(f);
        }
        return freed;
    }
}
