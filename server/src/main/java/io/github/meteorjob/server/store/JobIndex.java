package io.github.meteorjob.server.store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeSet;

/**
 * The jobs of one store in the heap, in their compact encoded form ({@link JobCodec}), with the
 * indexes shared by both stores: every query of {@link JobStore} is answered from sorted sets
 * and hash maps keyed by what the hot paths ask for, never by scanning all jobs. The durable
 * store rebuilds it when it opens (one pass over the files, reading only the indexed fields).
 *
 * <p>Per job this holds one {@link Entry} (indexed fields plus the encoded document), one slot in
 * the id map, one node in its (type, status) cell and one in the ids sorted ignoring case (the text
 * search by id prefix), plus one sorted-set node while the job is ready or waiting; ids by status are
 * the union over the (few) types rather than another set per job.
 */
final class JobIndex {

    /** The indexed fields of one job, as they were when it was last put, and its encoded document. */
    record Entry(String id, String type, String status, boolean ready, int priority,
                 long retryUntil, long after, long expiresAfter, List<String> depends,
                 long updated, long created, byte[] doc) {

        /** A key for range searches in the cells (only {@code updated} and {@code id} are set). */
        static Entry probe(long updated, String id) {
            return new Entry(id, null, null, false, 0, 0, 0, 0, List.of(), updated, 0, null);
        }
    }


    private static final Comparator<Entry> WORK_ORDER = Comparator
            .comparingInt(Entry::priority)
            .thenComparingLong(Entry::retryUntil)
            .thenComparingLong(Entry::after)
            .thenComparing(Entry::id);
    private static final Comparator<Entry> BY_AFTER = Comparator.comparingLong(Entry::after).thenComparing(Entry::id);
    private static final Comparator<Entry> BY_EXPIRY = Comparator.comparingLong(Entry::expiresAfter).thenComparing(Entry::id);
    /** The order of the cells: the job query's default sort. */
    static final Comparator<Entry> BY_UPDATED = Comparator.comparingLong(Entry::updated).thenComparing(Entry::id);
    private static final long NONE = Long.MIN_VALUE;

    /**
     * Ids ignoring case, ties in exact order: the ids that start with a text, ignoring case, are one range of it.
     * Only an insert or a removal changes it (an update keeps the id), so it costs the hot paths nothing.
     */
    private final TreeSet<CharSequence> idsIgnoringCase = new TreeSet<>(JobIndex::compareIgnoringCase);

    private final Map<String, Entry> keys = new HashMap<>();
    /** One instance per type name, so a million jobs of one type share one string. */
    private final Map<String, String> typeNames = new HashMap<>();
    /** Sum of the encoded documents' sizes (what a snapshot of this store takes). */
    private long bytes;
    private final Map<String, TreeSet<Entry>> readyByType = new HashMap<>();
    private final TreeSet<Entry> promotable = new TreeSet<>(BY_AFTER);
    private final TreeSet<Entry> waiting = new TreeSet<>(BY_AFTER);
    private final TreeSet<Entry> expiring = new TreeSet<>(BY_EXPIRY);
    private final Map<String, Set<String>> dependents = new HashMap<>();
    /**
     * The cells: type → status → its jobs by (updated, id). The cell sizes are the counts per type and
     * status; the job query merges cells in {@code updated} order.
     */
    private final Map<String, Map<String, TreeSet<Entry>>> byTypeStatus = new HashMap<>();

    /** The encoded document of a job, or {@code null}. */
    byte[] get(String id) {
        Entry e = keys.get(id);
        return e == null ? null : e.doc;
    }

    /** Inserts or replaces a job given in encoded form. */
    void put(byte[] doc) {
        Entry k = JobCodec.entry(doc);
        String type = typeNames.computeIfAbsent(k.type, t -> t);
        if (type != k.type) {
            k = new Entry(k.id, type, k.status, k.ready, k.priority, k.retryUntil, k.after, k.expiresAfter, k.depends,
                    k.updated, k.created, doc);
        }
        Entry old = keys.put(k.id, k); // one lookup for replace and insert (reopen puts a million)
        if (old != null) {
            unindex(old);
        } else {
            idsIgnoringCase.add(k.id);
        }
        bytes += doc.length;
        if (k.ready) {
            readyByType.computeIfAbsent(k.type, t -> new TreeSet<>(WORK_ORDER)).add(k);
        }
        if ("waiting".equals(k.status)) {
            waiting.add(k);
            if (k.depends.isEmpty()) {
                promotable.add(k);
            }
        }
        if ("running".equals(k.status) && k.expiresAfter != NONE) {
            expiring.add(k);
        }
        for (String a : k.depends) {
            dependents.computeIfAbsent(a, x -> new HashSet<>()).add(k.id);
        }
        byTypeStatus.computeIfAbsent(k.type, x -> new HashMap<>())
                .computeIfAbsent(k.status, x -> new TreeSet<>(BY_UPDATED)).add(k);
    }

    /** Sum of the sizes of the encoded documents. */
    long bytes() {
        return bytes;
    }

    /** The encoded documents (a copy of the references: the arrays themselves never change). */
    List<byte[]> docs() {
        List<byte[]> out = new ArrayList<>(keys.size());
        for (Entry e : keys.values()) {
            out.add(e.doc);
        }
        return out;
    }

    void remove(String id) {
        Entry k = keys.remove(id);
        if (k != null) {
            unindex(k);
            idsIgnoringCase.remove(id);
        }
    }

    /** Takes a job's entry, already gone from the id map, out of every other index. */
    private void unindex(Entry k) {
        String id = k.id;
        bytes -= k.doc.length;
        if (k.ready) {
            TreeSet<Entry> s = readyByType.get(k.type);
            s.remove(k);
            if (s.isEmpty()) {
                readyByType.remove(k.type);
            }
        }
        waiting.remove(k);
        promotable.remove(k);
        expiring.remove(k);
        for (String a : k.depends) {
            Set<String> s = dependents.get(a);
            if (s != null) {
                s.remove(id);
                if (s.isEmpty()) {
                    dependents.remove(a);
                }
            }
        }
        Map<String, TreeSet<Entry>> ts = byTypeStatus.get(k.type);
        if (ts != null) {
            TreeSet<Entry> s = ts.get(k.status);
            if (s != null) {
                s.remove(k);
                if (s.isEmpty()) {
                    ts.remove(k.status);
                }
            }
            if (ts.isEmpty()) {
                byTypeStatus.remove(k.type);
            }
        }
    }

    /** The entry of a job, or {@code null}. */
    Entry entry(String id) {
        return keys.get(id);
    }

    /** The cells (type → status → jobs by updated); read only, under the store's serialization. */
    Map<String, Map<String, TreeSet<Entry>>> cells() {
        return byTypeStatus;
    }

    boolean contains(String id) {
        return keys.containsKey(id);
    }

    int size() {
        return keys.size();
    }

    List<String> readyIds(Collection<String> types, int limit) {
        List<String> out = new ArrayList<>(Math.min(limit, 64));
        if (limit <= 0) {
            return out;
        }
        // k-way merge over the per-type sorted sets: O(limit · log types)
        PriorityQueue<Map.Entry<Entry, Iterator<Entry>>> heads =
                new PriorityQueue<>((a, b) -> WORK_ORDER.compare(a.getKey(), b.getKey()));
        for (String t : new HashSet<>(types)) {
            TreeSet<Entry> s = readyByType.get(t);
            if (s != null && !s.isEmpty()) {
                Iterator<Entry> it = s.iterator();
                heads.add(Map.entry(it.next(), it));
            }
        }
        while (out.size() < limit && !heads.isEmpty()) {
            Map.Entry<Entry, Iterator<Entry>> h = heads.poll();
            out.add(h.getKey().id);
            if (h.getValue().hasNext()) {
                heads.add(Map.entry(h.getValue().next(), h.getValue()));
            }
        }
        return out;
    }

    List<String> promotableIds(Instant time) {
        return upTo(promotable, time.toEpochMilli(), true);
    }

    List<String> waitingIds(Instant time) {
        return upTo(waiting, time.toEpochMilli(), true);
    }

    List<String> expiredIds(Instant time) {
        List<String> out = new ArrayList<>();
        long t = time.toEpochMilli();
        for (Entry k : expiring) {
            if (k.expiresAfter >= t) {
                break;
            }
            out.add(k.id);
        }
        return out;
    }

    private static List<String> upTo(TreeSet<Entry> set, long t, boolean inclusive) {
        List<String> out = new ArrayList<>();
        for (Entry k : set) {
            if (inclusive ? k.after > t : k.after >= t) {
                break;
            }
            out.add(k.id);
        }
        return out;
    }

    Optional<Instant> earliestPromotable() {
        return promotable.isEmpty() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(promotable.first().after));
    }

    Optional<Instant> earliestExpiry() {
        return expiring.isEmpty() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(expiring.first().expiresAfter));
    }

    Set<String> dependentsOf(String id) {
        Set<String> s = dependents.get(id);
        return s == null ? Set.of() : Collections.unmodifiableSet(s);
    }

    Collection<String> idsByStatus(String status) {
        List<String> out = new ArrayList<>();
        for (Map<String, TreeSet<Entry>> m : byTypeStatus.values()) {
            addIds(out, m.get(status));
        }
        return out;
    }

    Collection<String> idsByTypeAndStatus(String type, String status) {
        Map<String, TreeSet<Entry>> m = byTypeStatus.get(type);
        List<String> out = new ArrayList<>();
        addIds(out, m == null ? null : m.get(status));
        return out;
    }

    Collection<String> idsByType(String type) {
        Map<String, TreeSet<Entry>> m = byTypeStatus.get(type);
        List<String> out = new ArrayList<>();
        if (m != null) {
            m.values().forEach(s -> addIds(out, s));
        }
        return out;
    }

    private static void addIds(List<String> out, Set<Entry> s) {
        if (s != null) {
            for (Entry e : s) {
                out.add(e.id);
            }
        }
    }

    /**
     * The ids that start with {@code prefix}, ignoring case as {@link String#regionMatches(boolean, int, String, int, int)}
     * does, in that order: O(log n) to the first, then one step per id.
     */
    Iterable<String> idsStartingWith(String prefix) {
        return () -> new Iterator<>() {
            private final Iterator<CharSequence> it = idsIgnoringCase.tailSet(new Probe(prefix), true).iterator();
            private String next = advance();

            private String advance() {
                if (it.hasNext()) {
                    String id = (String) it.next();
                    if (id.regionMatches(true, 0, prefix, 0, prefix.length())) {
                        return id;
                    }
                }
                return null;
            }

            @Override
            public boolean hasNext() {
                return next != null;
            }

            @Override
            public String next() {
                if (next == null) {
                    throw new java.util.NoSuchElementException();
                }
                String out = next;
                next = advance();
                return out;
            }
        };
    }

    /** A search key that sorts before every id equal to its text ignoring case (and so before every longer one). */
    private record Probe(String text) implements CharSequence {
        @Override
        public int length() {
            return text.length();
        }

        @Override
        public char charAt(int index) {
            return text.charAt(index);
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return text.subSequence(start, end);
        }
    }

    /**
     * Character by character on the case fold of {@code String.regionMatches(true, ...)} (upper, then lower case),
     * then shorter first, then a {@link Probe} first, then the exact order. So the strings that start with a text,
     * ignoring case, follow one another, beginning right after the probe of that text.
     */
    private static int compareIgnoringCase(CharSequence a, CharSequence b) {
        int n = Math.min(a.length(), b.length());
        for (int i = 0; i < n; i++) {
            char x = a.charAt(i);
            char y = b.charAt(i);
            if (x != y) {
                int fx = Character.toLowerCase(Character.toUpperCase(x));
                int fy = Character.toLowerCase(Character.toUpperCase(y));
                if (fx != fy) {
                    return fx - fy;
                }
            }
        }
        if (a.length() != b.length()) {
            return a.length() - b.length();
        }
        if (a instanceof Probe || b instanceof Probe) {
            return (a instanceof Probe ? 0 : 1) - (b instanceof Probe ? 0 : 1);
        }
        return ((String) a).compareTo((String) b);
    }

    Collection<String> allIds() {
        return Collections.unmodifiableSet(keys.keySet());
    }
}
