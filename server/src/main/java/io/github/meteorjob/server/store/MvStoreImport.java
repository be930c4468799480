package io.github.meteorjob.server.store;

import jakarta.json.JsonReader;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * One-time import of a directory written by the earlier H2 MVStore store ({@code jobs.mv.db},
 * one map {@code jobs.<root>} of EJSON texts): its jobs become the first snapshot and the file is
 * renamed to {@code jobs.mv.db.imported}, kept as it was.
 */
final class MvStoreImport {

    private static final System.Logger LOG = System.getLogger(MvStoreImport.class.getName());
    static final String OLD_FILE = "jobs.mv.db";
    private static final jakarta.json.spi.JsonProvider JSON = io.github.meteorjob.ejson.Ejson.provider();

    private MvStoreImport() {
    }

    /** Imports {@code dir/jobs.mv.db} as snapshot generation 1 when present; {@code true} if it did. */
    static boolean importIfPresent(Path dir) throws IOException {
        Path old = dir.resolve(OLD_FILE);
        if (!Files.exists(old)) {
            return false;
        }
        List<LogJobStore.Capture> roots = new ArrayList<>();
        long count = 0;
        MVStore mv = new MVStore.Builder().fileName(old.toString()).readOnly().open();
        try {
            for (String name : mv.getMapNames()) {
                if (!name.startsWith("jobs.")) {
                    continue;
                }
                MVMap<String, String> map = mv.openMap(name);
                List<byte[]> docs = new ArrayList<>(map.size());
                for (String text : map.values()) {
                    try (JsonReader r = JSON.createReader(new StringReader(text))) {
                        docs.add(JobCodec.encode(JobDoc.fromJson(r.readObject())));
                    }
                }
                count += docs.size();
                roots.add(new LogJobStore.Capture(name.substring("jobs.".length()), 0, docs));
            }
        } catch (RuntimeException e) {
            throw new IOException("cannot import the jobs of " + old + ": " + e.getMessage(), e);
        } finally {
            mv.close();
        }
        LogJobStoreFactory.writeSnapshot(dir, 1, roots);
        Files.move(old, dir.resolve(OLD_FILE + ".imported"), StandardCopyOption.ATOMIC_MOVE);
        long n = count;
        LOG.log(System.Logger.Level.INFO, () -> "job store: imported " + n + " jobs of " + roots.size()
                + " collection(s) from " + old + " (kept as " + OLD_FILE + ".imported)");
        return true;
    }
}
