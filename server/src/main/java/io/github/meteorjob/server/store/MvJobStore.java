package io.github.meteorjob.server.store;

import jakarta.json.JsonReader;
import org.h2.mvstore.MVMap;

import java.io.StringReader;
import java.util.HashMap;
import java.util.Map;

/**
 * A {@link JobStore} in one map of an H2 MVStore file. Documents are stored as their EJSON text;
 * the indexes live in memory and are rebuilt from the map when the store opens.
 */
final class MvJobStore extends IndexedJobStore {

    /** Cached: {@code Json.createX} looks the provider up on every call, which costs more than a job. */
    private static final jakarta.json.spi.JsonProvider JSON = io.github.meteorjob.ejson.Ejson.provider();

    private final MvJobStoreFactory owner;
    private final MVMap<String, String> map;
    /**
     * Parsed documents of unfinished jobs (the hot paths read these again and again); finished
     * jobs are parsed from the map when asked for, so memory stays bounded by the active jobs.
     */
    private final Map<String, JobDoc> active = new HashMap<>();

    MvJobStore(MvJobStoreFactory owner, MVMap<String, String> map) {
        this.owner = owner;
        this.map = map;
        for (String text : map.values()) {
            JobDoc d = parse(text);
            index.put(d);
            cache(d);
        }
    }

    private static JobDoc parse(String text) {
        try (JsonReader r = JSON.createReader(new StringReader(text))) {
            return JobDoc.fromJson(r.readObject());
        }
    }

    @Override
    public JobDoc get(String id) {
        JobDoc d = active.get(id);
        if (d != null) {
            return d;
        }
        String text = map.get(id);
        return text == null ? null : parse(text);
    }

    @Override
    public void put(JobDoc doc) {
        map.put(doc.id, doc.toJson().toString());
        index.put(doc);
        cache(doc);
    }

    private void cache(JobDoc d) {
        switch (d.status) {
            case "waiting", "ready", "running", "paused" -> active.put(d.id, d);
            default -> active.remove(d.id);
        }
    }

    @Override
    public boolean remove(String id) {
        index.remove(id);
        active.remove(id);
        return map.remove(id) != null;
    }

    @Override
    public int size() {
        return index.size();
    }

    @Override
    public void commit() {
        owner.commit();
    }

    @Override
    public long commitAsync() {
        return owner.commitAsync();
    }

    @Override
    public void awaitDurable(long ticket) {
        owner.awaitDurable(ticket);
    }

    @Override
    public void close() {
        // the file belongs to the factory, which closes it once for all roots
    }
}
