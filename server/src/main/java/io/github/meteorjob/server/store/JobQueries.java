package io.github.meteorjob.server.store;

import io.github.meteorjob.JobCounts;
import io.github.meteorjob.JobFilter;
import io.github.meteorjob.JobSort;
import io.github.meteorjob.JobStatus;
import io.github.meteorjob.PageRequest;
import io.github.meteorjob.TimeRange;
import io.github.meteorjob.server.store.JobIndex.Entry;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.PriorityQueue;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * The job query (filter, counts, pages) over a {@link JobIndex}'s cells (type → status → jobs by updated) and its
 * ids sorted ignoring case.
 *
 * <p>Cost: counts by type and status are the cells' sizes (no job is looked at); a page in the default order
 * ({@code updated}) is a merge of the matching cells, which touches only {@code skip + limit} jobs per cell; an
 * {@code updated} range narrows each cell to that range. A {@code text} is answered from the indexes too: the
 * types that contain it are few, so their cells are taken whole (as a type filter); the ids that start with it
 * are one range of the ids sorted ignoring case (O(log n) to reach, then one step per such id). A {@code created}
 * constraint and the other sorts look at every job of the matching cells once. A filter by ids looks at those ids only.
 */
final class JobQueries {

    private static final Map<JobSort, Comparator<Entry>> ORDERS = new EnumMap<>(JobSort.class);

    static {
        ORDERS.put(JobSort.UPDATED, JobIndex.BY_UPDATED);
        ORDERS.put(JobSort.CREATED, Comparator.comparingLong(Entry::created).thenComparing(Entry::id));
        ORDERS.put(JobSort.AFTER, Comparator.comparingLong(Entry::after).thenComparing(Entry::id));
        ORDERS.put(JobSort.PRIORITY, Comparator.comparingInt(Entry::priority).thenComparing(Entry::id));
        ORDERS.put(JobSort.STATUS, Comparator.comparing(Entry::status).thenComparing(Entry::id));
        ORDERS.put(JobSort.TYPE, Comparator.comparing(Entry::type).thenComparing(Entry::id));
        ORDERS.put(JobSort.ID, Comparator.comparing(Entry::id));
    }

    private JobQueries() {
    }

    /** Matching jobs (narrowed to the updated range), all of one type and status, or, for the text's ids, not. */
    private record Cell(String type, String status, NavigableSet<Entry> jobs) {
    }

    static JobCounts counts(JobIndex index, JobFilter f) {
        Map<String, Map<JobStatus, Long>> byType = new HashMap<>();
        Map<JobStatus, Long> byStatus = new EnumMap<>(JobStatus.class);
        long total = 0;
        if (!f.ids().isEmpty()) {
            for (Entry e : byIds(index, f)) {
                total += add(byType, byStatus, e.type(), e.status(), 1);
            }
            return new JobCounts(total, byStatus, byType);
        }
        for (Cell c : cells(index, f)) {
            long n;
            if (f.created().isUnbounded()) {
                n = c.jobs.size();
            } else {
                n = 0;
                for (Entry e : c.jobs) {
                    if (created(e, f)) {
                        n++;
                    }
                }
            }
            total += add(byType, byStatus, c.type, c.status, n);
        }
        long[] byId = {0};
        byIdPrefix(index, f, e -> byId[0] += add(byType, byStatus, e.type(), e.status(), 1));
        return new JobCounts(total + byId[0], byStatus, byType);
    }

    private static long add(Map<String, Map<JobStatus, Long>> byType, Map<JobStatus, Long> byStatus,
                            String type, String status, long n) {
        if (n == 0) {
            return 0;
        }
        JobStatus s;
        try {
            s = JobStatus.fromWire(status);
        } catch (IllegalArgumentException e) {
            return 0; // not a job-collection status: the job server never writes one
        }
        byType.computeIfAbsent(type, t -> new EnumMap<>(JobStatus.class)).merge(s, n, Long::sum);
        byStatus.merge(s, n, Long::sum);
        return n;
    }

    static JobIdPage find(JobIndex index, JobFilter f, PageRequest page) {
        Comparator<Entry> order = ORDERS.get(page.sort());
        if (page.descending()) {
            order = order.reversed();
        }
        int want = (int) Math.min(Integer.MAX_VALUE, (long) page.skip() + page.limit());
        if (!f.ids().isEmpty()) {
            List<Entry> all = byIds(index, f);
            all.sort(order);
            return new JobIdPage(all.size(), ids(all, page.skip(), want));
        }
        List<Cell> cells = cells(index, f);
        // the jobs found by id prefix (not in the cells): counted, and the best skip + limit of them kept in a heap
        PriorityQueue<Entry> best = new PriorityQueue<>(Math.min(want, 1024) + 1, order.reversed());
        Comparator<Entry> o = order;
        long[] byId = {0};
        byIdPrefix(index, f, e -> {
            byId[0]++;
            keep(best, e, want, o);
        });
        long total = byId[0];
        if (page.sort() == JobSort.UPDATED && f.created().isUnbounded()) {
            // the cells answer the total (their sizes, narrowed to the updated range) and the merge reads only the page;
            // the best jobs found by id prefix are one more sorted cell
            for (Cell c : cells) {
                total += c.jobs.size();
            }
            if (!best.isEmpty()) {
                TreeSet<Entry> extra = new TreeSet<>(JobIndex.BY_UPDATED);
                extra.addAll(best);
                cells.add(new Cell(null, null, extra));
            }
            return new JobIdPage(total, ids(merge(cells, f, page.descending(), want), page.skip(), want));
        }
        // any other order, or a created range the cells do not answer: one pass over the cells into the same heap,
        // counting as it goes
        for (Cell c : cells) {
            for (Entry e : c.jobs) {
                if (created(e, f)) {
                    total++;
                    keep(best, e, want, order);
                }
            }
        }
        List<Entry> sorted = new ArrayList<>(best);
        sorted.sort(order);
        return new JobIdPage(total, ids(sorted, page.skip(), want));
    }

    private static void keep(PriorityQueue<Entry> best, Entry e, int want, Comparator<Entry> order) {
        if (best.size() < want) {
            best.add(e);
        } else if (order.compare(e, best.peek()) < 0) {
            best.poll();
            best.add(e);
        }
    }

    /** The next matching job of one cell in a merge, and the rest of that cell. */
    private record Head(Entry entry, Iterator<Entry> rest) {
    }

    /** The first {@code want} matching jobs of the cells in updated order: a k-way merge. */
    private static List<Entry> merge(List<Cell> cells, JobFilter f, boolean desc, int want) {
        Comparator<Entry> order = desc ? JobIndex.BY_UPDATED.reversed() : JobIndex.BY_UPDATED;
        PriorityQueue<Head> heads = new PriorityQueue<>((a, b) -> order.compare(a.entry, b.entry));
        for (Cell c : cells) {
            Head h = next((desc ? c.jobs.descendingSet() : c.jobs).iterator(), f);
            if (h != null) {
                heads.add(h);
            }
        }
        List<Entry> out = new ArrayList<>(Math.min(want, 1024));
        while (out.size() < want && !heads.isEmpty()) {
            Head h = heads.poll();
            out.add(h.entry);
            Head n = next(h.rest, f);
            if (n != null) {
                heads.add(n);
            }
        }
        return out;
    }

    private static Head next(Iterator<Entry> it, JobFilter f) {
        while (it.hasNext()) {
            Entry e = it.next();
            if (created(e, f)) {
                return new Head(e, it);
            }
        }
        return null;
    }

    private static List<String> ids(List<Entry> entries, int skip, int want) {
        List<String> out = new ArrayList<>();
        for (int i = skip; i < Math.min(want, entries.size()); i++) {
            out.add(entries.get(i).id());
        }
        return out;
    }

    /** The jobs named by the filter's ids that match the rest of it. */
    private static List<Entry> byIds(JobIndex index, JobFilter f) {
        List<Entry> out = new ArrayList<>();
        for (String id : new LinkedHashSet<>(f.ids())) {
            Entry e = index.entry(id);
            if (e != null && matchesCell(e.type(), e.status(), f) && f.matchesText(e.id(), e.type()) && rangesHold(e, f)) {
                out.add(e);
            }
        }
        return out;
    }

    /**
     * With a text: the jobs whose id starts with it (ignoring case) but whose type does not contain it (those are in
     * the {@link #cells}), that match the rest of the filter. Without a text: none.
     */
    private static void byIdPrefix(JobIndex index, JobFilter f, Consumer<Entry> out) {
        if (f.text() == null) {
            return;
        }
        Map<String, Boolean> typeHasText = new HashMap<>();
        for (String id : index.idsStartingWith(f.text())) {
            Entry e = index.entry(id);
            if (!typeHasText.computeIfAbsent(e.type(), t -> f.matchesText("", t))
                    && matchesCell(e.type(), e.status(), f) && rangesHold(e, f)) {
                out.accept(e);
            }
        }
    }

    private static boolean matchesCell(String type, String status, JobFilter f) {
        return (f.types().isEmpty() || f.types().contains(type))
                && (f.statuses().isEmpty() || f.statuses().stream().anyMatch(s -> s.wireName().equals(status)));
    }

    /**
     * The cells matching the filter's types, statuses and text (the types that contain it; the ids that start with it
     * are {@link #byIdPrefix}'s), each narrowed to the updated range.
     */
    private static List<Cell> cells(JobIndex index, JobFilter f) {
        List<Cell> out = new ArrayList<>();
        for (Map.Entry<String, Map<String, TreeSet<Entry>>> t : index.cells().entrySet()) {
            if (!f.types().isEmpty() && !f.types().contains(t.getKey())
                    || f.text() != null && !f.matchesText("", t.getKey())) { // "" never starts with a non-blank text
                continue;
            }
            for (Map.Entry<String, TreeSet<Entry>> s : t.getValue().entrySet()) {
                if (matchesCell(t.getKey(), s.getKey(), f)) {
                    NavigableSet<Entry> jobs = narrow(s.getValue(), f.updated());
                    if (!jobs.isEmpty()) {
                        out.add(new Cell(t.getKey(), s.getKey(), jobs));
                    }
                }
            }
        }
        return out;
    }

    private static NavigableSet<Entry> narrow(TreeSet<Entry> cell, TimeRange r) {
        if (r.isUnbounded()) {
            return cell;
        }
        // "" sorts before every id: from is inclusive, to exclusive
        if (r.from() == null) {
            return cell.headSet(Entry.probe(r.to().toEpochMilli(), ""), false);
        }
        if (r.to() == null) {
            return cell.tailSet(Entry.probe(r.from().toEpochMilli(), ""), true);
        }
        return cell.subSet(Entry.probe(r.from().toEpochMilli(), ""), true, Entry.probe(r.to().toEpochMilli(), ""), false);
    }

    private static boolean rangesHold(Entry e, JobFilter f) {
        return f.updated().contains(Instant.ofEpochMilli(e.updated())) && created(e, f);
    }

    /** The created range: what the cells do not answer. */
    private static boolean created(Entry e, JobFilter f) {
        TimeRange c = f.created();
        return c.isUnbounded()
                || ((c.from() == null || e.created() >= c.from().toEpochMilli()) && (c.to() == null || e.created() < c.to().toEpochMilli()));
    }
}
