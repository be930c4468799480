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
 * The in-memory indexes shared by both stores: every query of {@link JobStore} is answered from
 * sorted sets and hash maps keyed by what the hot paths ask for, never by scanning all jobs.
 * The durable store rebuilds them when it opens (one pass over the file).
 */
final class JobIndex {

    /** The indexed fields of one job, as they were when it was last put. */
    private record Keys(String id, String type, String status, boolean ready, int priority,
                        long retryUntil, long after, long expiresAfter, List<String> depends) {
    }

    private static final Comparator<Keys> WORK_ORDER = Comparator
            .comparingInt(Keys::priority)
            .thenComparingLong(Keys::retryUntil)
            .thenComparingLong(Keys::after)
            .thenComparing(Keys::id);
    private static final Comparator<Keys> BY_AFTER = Comparator.comparingLong(Keys::after).thenComparing(Keys::id);
    private static final Comparator<Keys> BY_EXPIRY = Comparator.comparingLong(Keys::expiresAfter).thenComparing(Keys::id);
    private static final long NONE = Long.MIN_VALUE;

    private final Map<String, Keys> keys = new HashMap<>();
    private final Map<String, TreeSet<Keys>> readyByType = new HashMap<>();
    private final TreeSet<Keys> promotable = new TreeSet<>(BY_AFTER);
    private final TreeSet<Keys> waiting = new TreeSet<>(BY_AFTER);
    private final TreeSet<Keys> expiring = new TreeSet<>(BY_EXPIRY);
    private final Map<String, Set<String>> dependents = new HashMap<>();
    private final Map<String, Set<String>> byStatus = new HashMap<>();
    private final Map<String, Map<String, Set<String>>> byTypeStatus = new HashMap<>();

    void put(JobDoc d) {
        remove(d.id);
        Keys k = new Keys(d.id, d.type, d.status, d.isReady(), d.priority,
                d.retryUntil.toEpochMilli(), d.after.toEpochMilli(),
                d.expiresAfter == null ? NONE : d.expiresAfter.toEpochMilli(),
                d.depends.isEmpty() ? List.of() : List.copyOf(d.depends));
        keys.put(d.id, k);
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
        byStatus.computeIfAbsent(k.status, x -> new HashSet<>()).add(k.id);
        byTypeStatus.computeIfAbsent(k.type, x -> new HashMap<>())
                .computeIfAbsent(k.status, x -> new HashSet<>()).add(k.id);
    }

    void remove(String id) {
        Keys k = keys.remove(id);
        if (k == null) {
            return;
        }
        if (k.ready) {
            TreeSet<Keys> s = readyByType.get(k.type);
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
        removeFrom(byStatus, k.status, id);
        Map<String, Set<String>> ts = byTypeStatus.get(k.type);
        if (ts != null) {
            removeFrom(ts, k.status, id);
            if (ts.isEmpty()) {
                byTypeStatus.remove(k.type);
            }
        }
    }

    private static void removeFrom(Map<String, Set<String>> m, String key, String id) {
        Set<String> s = m.get(key);
        if (s != null) {
            s.remove(id);
            if (s.isEmpty()) {
                m.remove(key);
            }
        }
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
        PriorityQueue<Map.Entry<Keys, Iterator<Keys>>> heads =
                new PriorityQueue<>((a, b) -> WORK_ORDER.compare(a.getKey(), b.getKey()));
        for (String t : new HashSet<>(types)) {
            TreeSet<Keys> s = readyByType.get(t);
            if (s != null && !s.isEmpty()) {
                Iterator<Keys> it = s.iterator();
                heads.add(Map.entry(it.next(), it));
            }
        }
        while (out.size() < limit && !heads.isEmpty()) {
            Map.Entry<Keys, Iterator<Keys>> h = heads.poll();
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
        for (Keys k : expiring) {
            if (k.expiresAfter >= t) {
                break;
            }
            out.add(k.id);
        }
        return out;
    }

    private static List<String> upTo(TreeSet<Keys> set, long t, boolean inclusive) {
        List<String> out = new ArrayList<>();
        for (Keys k : set) {
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
        Set<String> s = byStatus.get(status);
        return s == null ? Set.of() : Collections.unmodifiableSet(s);
    }

    Collection<String> idsByTypeAndStatus(String type, String status) {
        Map<String, Set<String>> m = byTypeStatus.get(type);
        Set<String> s = m == null ? null : m.get(status);
        return s == null ? Set.of() : Collections.unmodifiableSet(s);
    }

    Collection<String> idsByType(String type) {
        Map<String, Set<String>> m = byTypeStatus.get(type);
        if (m == null) {
            return Set.of();
        }
        List<String> out = new ArrayList<>();
        m.values().forEach(out::addAll);
        return out;
    }

    Collection<String> allIds() {
        return Collections.unmodifiableSet(keys.keySet());
    }
}
