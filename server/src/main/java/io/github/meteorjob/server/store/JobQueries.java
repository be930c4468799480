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

/**
 * The job query (filter, counts, pages) over a {@link JobIndex}'s cells (type → status → jobs by updated).
 *
 * <p>Cost: counts by type and status are the cells' sizes (no job is looked at); a page in the default
 * order ({@code updated}) is a merge of the matching cells, which touches only {@code skip + limit} jobs
 * per cell; an {@code updated} range narrows each cell to that range. Text and {@code created}
 * constraints, other sorts, and the totals they need look at every job of the matching cells once.
 * A filter by ids looks at those ids only.
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

    /** One matching cell: its jobs (narrowed to the updated range) and whether the text already matches its type. */
    private record Cell(String type, String status, NavigableSet<Entry> jobs, boolean typeMatchesText) {
    }

    static JobCounts counts(JobIndex index, JobFilter f) {
        Map<String, Map<JobStatus, Long>> byType = new HashMap<>();
        Map<JobStatus, Long> byStatus = new EnumMap<>(JobStatus.class);
        long total = 0;
        if (!f.ids().isEmpty()) {
            for (Entry e : byIds(index, f)) {
                total += add(byType, byStatus, e.type(), e.status(), 1);
            }
        } else {
            boolean residual = residual(f);
            for (Cell c : cells(index, f)) {
                long n;
                if (!residual || (c.typeMatchesText && f.created().isUnbounded())) {
                    n = c.jobs.size();
                } else {
                    n = 0;
                    for (Entry e : c.jobs) {
                        if (matchesRest(e, f, c.typeMatchesText)) {
                            n++;
                        }
                    }
                }
                total += add(byType, byStatus, c.type, c.status, n);
            }
        }
        return new JobCounts(total, byStatus, byType);
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
        if (page.sort() == JobSort.UPDATED) {
            return new JobIdPage(counts(index, f).total(), ids(merge(cells, f, page.descending(), want), page.skip(), want));
        }
        // any other order: one pass keeping the best skip + limit in a heap, counting as it goes
        PriorityQueue<Entry> best = new PriorityQueue<>(Math.min(want, 1024) + 1, order.reversed());
        long total = 0;
        for (Cell c : cells) {
            for (Entry e : c.jobs) {
                if (matchesRest(e, f, c.typeMatchesText)) {
                    total++;
                    if (best.size() < want) {
                        best.add(e);
                    } else if (order.compare(e, best.peek()) < 0) {
                        best.poll();
                        best.add(e);
                    }
                }
            }
        }
        List<Entry> sorted = new ArrayList<>(best);
        sorted.sort(order);
        return new JobIdPage(total, ids(sorted, page.skip(), want));
    }

    /** The next matching job of one cell in a merge, and the rest of that cell. */
    private record Head(Entry entry, Iterator<Entry> rest, Cell cell) {
    }

    /** The first {@code want} matching jobs of the cells in updated order: a k-way merge. */
    private static List<Entry> merge(List<Cell> cells, JobFilter f, boolean desc, int want) {
        Comparator<Entry> order = desc ? JobIndex.BY_UPDATED.reversed() : JobIndex.BY_UPDATED;
        PriorityQueue<Head> heads = new PriorityQueue<>((a, b) -> order.compare(a.entry, b.entry));
        for (Cell c : cells) {
            Head h = next((desc ? c.jobs.descendingSet() : c.jobs).iterator(), c, f);
            if (h != null) {
                heads.add(h);
            }
        }
        List<Entry> out = new ArrayList<>(Math.min(want, 1024));
        while (out.size() < want && !heads.isEmpty()) {
            Head h = heads.poll();
            out.add(h.entry);
            Head n = next(h.rest, h.cell, f);
            if (n != null) {
                heads.add(n);
            }
        }
        return out;
    }

    private static Head next(Iterator<Entry> it, Cell c, JobFilter f) {
        while (it.hasNext()) {
            Entry e = it.next();
            if (matchesRest(e, f, c.typeMatchesText)) {
                return new Head(e, it, c);
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
            if (e != null && matchesCell(e.type(), e.status(), f) && f.updated().contains(Instant.ofEpochMilli(e.updated()))
                    && matchesRest(e, f, f.matchesText("", e.type()))) {
                out.add(e);
            }
        }
        return out;
    }

    private static boolean matchesCell(String type, String status, JobFilter f) {
        return (f.types().isEmpty() || f.types().contains(type))
                && (f.statuses().isEmpty() || f.statuses().stream().anyMatch(s -> s.wireName().equals(status)));
    }

    /** The cells matching the filter's types and statuses, each narrowed to the updated range. */
    private static List<Cell> cells(JobIndex index, JobFilter f) {
        List<Cell> out = new ArrayList<>();
        for (Map.Entry<String, Map<String, TreeSet<Entry>>> t : index.cells().entrySet()) {
            if (!f.types().isEmpty() && !f.types().contains(t.getKey())) {
                continue;
            }
            boolean typeText = f.text() != null && f.matchesText("", t.getKey()); // "" never holds a non-blank text
            for (Map.Entry<String, TreeSet<Entry>> s : t.getValue().entrySet()) {
                if (matchesCell(t.getKey(), s.getKey(), f)) {
                    NavigableSet<Entry> jobs = narrow(s.getValue(), f.updated());
                    if (!jobs.isEmpty()) {
                        out.add(new Cell(t.getKey(), s.getKey(), jobs, typeText));
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

    /** Whether the filter holds constraints beyond type, status and updated (which the cells answer). */
    private static boolean residual(JobFilter f) {
        return f.text() != null || !f.created().isUnbounded();
    }

    /** Text and created: what the cells do not answer. */
    private static boolean matchesRest(Entry e, JobFilter f, boolean typeMatchesText) {
        if (f.text() != null && !typeMatchesText && !f.matchesText(e.id(), "")) {
            return false;
        }
        TimeRange c = f.created();
        return c.isUnbounded()
                || ((c.from() == null || e.created() >= c.from().toEpochMilli()) && (c.to() == null || e.created() < c.to().toEpochMilli()));
    }
}
