package io.github.meteorjob.server.jobs;

import io.github.meteorjob.JobCounts;
import io.github.meteorjob.JobFilter;
import io.github.meteorjob.JobStatus;
import io.github.meteorjob.server.ddp.PublicationContext;
import io.github.meteorjob.server.store.JobDoc;
import io.github.meteorjob.wire.query.JobQueryWire;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static io.github.meteorjob.server.jobs.JobTransitions.JSON;

/**
 * The job query extension's publication {@code <root>.jobCounts(filter?)}: into the DDP collection
 * {@code <root>.jobCounts}, one document per type ({@code _id} = the type) whose fields are its
 * counts per status, and into the DDP collection {@code <root>.jobTotals} the one document
 * {@code "all"} with the totals per status (a collection of its own, so that no type name, not even
 * {@code "*"}, can collide with it; {@link JobQueryWire}). Each subscription
 * keeps its counts up to date with every change (no query per change) and sends what changed at
 * most every {@value #MIN_INTERVAL_MS} ms, so a burst of changes costs one message per document.
 */
final class CountsPublication extends CollectionPart implements JobsPublication.ChangeObserver {

    /** Least time between two sends of one subscription: at most 4 updates per second. */
    static final long MIN_INTERVAL_MS = 250;

    private final ScheduledExecutorService scheduler;
    private final List<Sub> subs = new CopyOnWriteArrayList<>();

    CountsPublication(CollectionPart sameCollection, ScheduledExecutorService scheduler) {
        super(sameCollection);
        this.scheduler = scheduler;
    }

    /** Serves one subscription; params {@code []} or {@code [filter]} (the filter of {@code findJobs}). */
    void publish(PublicationContext context, JsonArray params) {
        Optional<JobFilter> filter = JobQueryWire.readFilter(Check.arg(params, 0), "filter");
        Sub sub = new Sub(context, filter.orElse(null));
        commits.read(() -> {
            if (filter.isPresent()) {
                sub.load(store.counts(filter.get()));
            }
            sub.send();
            context.ready();
            if (!context.isStopped()) {
                subs.add(sub);
                context.onStop(() -> subs.remove(sub));
            }
            return null;
        });
    }

    @Override
    public boolean active() {
        return !subs.isEmpty();
    }

    @Override
    public void changed(String id, JobDoc old, JobDoc now) {
        for (Sub s : subs) {
            s.apply(old, -1);
            s.apply(now, 1);
        }
    }

    /** Drops every subscription (the collection is closing). */
    void clear() {
        subs.clear();
    }


    /** One subscription: its counts now and as last sent. Guarded by the collection's lock. */
    private final class Sub {
        final PublicationContext ctx;
        /** {@code null}: a filter no job matches. */
        final JobFilter filter;
        final Map<String, Map<JobStatus, Long>> now = new HashMap<>();
        Map<String, Map<JobStatus, Long>> sent = null;
        Map<JobStatus, Long> sentTotals = null;
        boolean scheduled;
        long lastSend;

        Sub(PublicationContext ctx, JobFilter filter) {
            this.ctx = ctx;
            this.filter = filter;
        }

        void load(JobCounts c) {
            c.byType().forEach((t, m) -> now.put(t, new EnumMap<>(m)));
        }

        void apply(JobDoc d, long delta) {
            if (d == null || filter == null) {
                return;
            }
            JobStatus status = JobStatus.fromWire(d.status);
            if (!filter.matches(d.id, d.type, status, d.created, d.updated)) {
                return;
            }
            Map<JobStatus, Long> m = now.computeIfAbsent(d.type, t -> new EnumMap<>(JobStatus.class));
            long n = m.getOrDefault(status, 0L) + delta;
            if (n == 0) {
                m.remove(status);
                if (m.isEmpty()) {
                    now.remove(d.type);
                }
            } else {
                m.put(status, n);
            }
            schedule();
        }

        private void schedule() {
            if (scheduled || ctx.isStopped()) {
                return;
            }
            scheduled = true;
            long wait = Math.max(0, lastSend + TimeUnit.MILLISECONDS.toNanos(MIN_INTERVAL_MS) - System.nanoTime());
            try {
                scheduler.schedule(() -> commits.read(() -> {
                    scheduled = false;
                    send();
                    return null;
                }), wait, TimeUnit.NANOSECONDS);
            } catch (RejectedExecutionException e) {
                scheduled = false; // the collection is closing
            }
        }

        /** Sends what changed since the last send (everything the first time). */
        void send() {
            if (ctx.isStopped()) {
                subs.remove(this);
                return;
            }
            lastSend = System.nanoTime();
            Map<JobStatus, Long> totals = new EnumMap<>(JobStatus.class);
            now.values().forEach(m -> m.forEach((s, n) -> totals.merge(s, n, Long::sum)));
            Map<String, Map<JobStatus, Long>> prev = sent == null ? Map.of() : sent;
            Set<String> types = new LinkedHashSet<>(prev.keySet());
            types.addAll(now.keySet());
            for (String t : types) {
                diff(JobQueryWire.countsCollection(root), t, prev.get(t), now.get(t), false);
            }
            diff(JobQueryWire.totalsCollection(root), JobQueryWire.TOTALS_ID, sentTotals, totals, true);
            sent = new HashMap<>();
            now.forEach((t, m) -> sent.put(t, new EnumMap<>(m)));
            sentTotals = totals;
        }

        private void diff(String collection, String id, Map<JobStatus, Long> before, Map<JobStatus, Long> after, boolean keep) {
            if (after == null || after.isEmpty() && !keep) {
                if (before != null) {
                    ctx.removed(collection, id);
                }
                return;
            }
            if (before == null) {
                ctx.added(collection, id, JobQueryWire.perStatus(after));
                return;
            }
            JsonObjectBuilder fields = JSON.createObjectBuilder();
            List<String> cleared = new ArrayList<>();
            boolean any = false;
            for (JobStatus s : JobStatus.values()) {
                Long a = before.get(s);
                Long b = after.get(s);
                if (!Objects.equals(a, b)) {
                    if (b == null) {
                        cleared.add(s.wireName());
                    } else {
                        fields.add(s.wireName(), b);
                    }
                    any = true;
                }
            }
            if (any) {
                JsonObject f = fields.build();
                ctx.changed(collection, id, f, cleared);
            }
        }
    }
}
