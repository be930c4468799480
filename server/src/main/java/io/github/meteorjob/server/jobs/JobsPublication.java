package io.github.meteorjob.server.jobs;

import io.github.meteorjob.server.ddp.FieldDiff;
import io.github.meteorjob.server.ddp.PublicationContext;
import io.github.meteorjob.server.store.JobDoc;
import io.github.meteorjob.wire.MeteorMatch;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.github.meteorjob.server.jobs.JobTransitions.JSON;

/**
 * The publication {@code <root>.jobs}: publishes the matching job documents (every field except
 * {@code log}) into the DDP collection {@code <root>.jobs}, then {@code ready}, then their changes
 * as {@link JobTransitions} makes them.
 */
final class JobsPublication extends CollectionPart {

    private final List<Observer> observers = new CopyOnWriteArrayList<>();
    private final List<ChangeObserver> changeObservers = new CopyOnWriteArrayList<>();

    /** Another observer of every change (the job-counts publication); told under the lock, after the subscriptions. */
    interface ChangeObserver {
        /** Whether it wants changes now (then the old version of each changed job is read for it). */
        boolean active();

        /** A job changed: {@code old} null when new, {@code now} null when removed. Under the lock. */
        void changed(String id, JobDoc old, JobDoc now);
    }

    void addChangeObserver(ChangeObserver o) {
        changeObservers.add(o);
    }

    JobsPublication(CommitPoint commits) {
        super(commits);
    }

    /**
     * Serves one subscription; params {@code []} or
     * {@code [{type?: string|[string], status?: string|[string], ids?: [id]}]} ({@code ids} is
     * the job query extension's: a page follows the jobs it shows).
     */
    void publish(PublicationContext context, JsonArray params) {
        JsonValue f = Check.arg(params, 0);
        MeteorMatch.options(f, "", Map.of("type", JobsPublication::filterSet, "status", JobsPublication::filterSet,
                "ids", (v, field) -> MeteorMatch.ids(v, field)));
        Set<String> types = null;
        Set<String> statuses = null;
        Set<String> ids = null;
        if (f instanceof JsonObject o) {
            types = filterSet(o.get("type"), "type");
            statuses = filterSet(o.get("status"), "status");
            ids = o.containsKey("ids") ? new LinkedHashSet<>(MeteorMatch.ids(o.get("ids"), "ids")) : null;
        }
        Observer obs = new Observer(context, types, statuses, ids);
        commits.read(() -> {
            for (String id : obs.initialIds()) {
                JobDoc d = store.get(id);
                if (d != null && obs.matches(d)) {
                    obs.published.add(id);
                    context.added(collection(), id, fields(d));
                }
            }
            context.ready();
            if (!context.isStopped()) {
                observers.add(obs);
                context.onStop(() -> observers.remove(obs));
            }
            return null;
        });
    }

    boolean hasObservers() {
        if (!observers.isEmpty()) {
            return true;
        }
        for (ChangeObserver c : changeObservers) {
            if (c.active()) {
                return true;
            }
        }
        return false;
    }

    /** A job changed ({@code now} null: removed). Called under the lock. */
    void changed(String id, JobDoc old, JobDoc now) {
        for (Observer o : observers) {
            o.update(id, old, now);
        }
        for (ChangeObserver c : changeObservers) {
            if (c.active()) {
                c.changed(id, old, now);
            }
        }
    }

    /** Drops every subscription's observer (the collection is closing). */
    void clear() {
        observers.clear();
    }

    private static Set<String> filterSet(JsonValue v, String field) {
        if (v == null) {
            return null;
        }
        Set<String> out = new LinkedHashSet<>();
        if (v instanceof JsonArray a) {
            for (int i = 0; i < a.size(); i++) {
                out.add(MeteorMatch.string(a.get(i), field + "[" + i + "]"));
            }
        } else {
            out.add(MeteorMatch.string(v, field));
        }
        if ("status".equals(field)) {
            for (String s : out) {
                if (!Check.STATUSES.contains(s)) {
                    throw MeteorMatch.fail("Unknown job status '" + s + "' in field status");
                }
            }
        }
        return out;
    }

    private String collection() {
        return root + ".jobs";
    }

    private static JsonObject fields(JobDoc d) {
        JsonObject all = d.toJson(false, true);
        var b = JSON.createObjectBuilder(all);
        b.remove("_id");
        return b.build();
    }

    /** One subscription of {@code <root>.jobs}. Called under the lock. */
    private final class Observer {
        final PublicationContext ctx;
        final Set<String> types;
        final Set<String> statuses;
        /** The job query extension's {@code ids}, or {@code null}. */
        final Set<String> ids;
        final Set<String> published = new HashSet<>();

        Observer(PublicationContext ctx, Set<String> types, Set<String> statuses, Set<String> ids) {
            this.ctx = ctx;
            this.types = types;
            this.statuses = statuses;
            this.ids = ids;
        }

        Iterable<String> initialIds() {
            List<String> out = new ArrayList<>();
            if (ids != null) {
                out.addAll(ids);
            } else if (types != null) {
                for (String t : types) {
                    if (statuses != null) {
                        for (String s : statuses) {
                            out.addAll(store.idsByTypeAndStatus(t, s));
                        }
                    } else {
                        out.addAll(store.idsByType(t));
                    }
                }
            } else if (statuses != null) {
                for (String s : statuses) {
                    out.addAll(store.idsByStatus(s));
                }
            } else {
                out.addAll(store.allIds());
            }
            return out;
        }

        boolean matches(JobDoc d) {
            return (types == null || types.contains(d.type)) && (statuses == null || statuses.contains(d.status))
                    && (ids == null || ids.contains(d.id));
        }

        void update(String id, JobDoc old, JobDoc now) {
            if (ctx.isStopped()) {
                observers.remove(this);
                return;
            }
            boolean in = now != null && matches(now);
            boolean was = published.contains(id);
            if (in && !was) {
                published.add(id);
                ctx.added(collection(), id, fields(now));
            } else if (!in && was) {
                published.remove(id);
                ctx.removed(collection(), id);
            } else if (in) {
                changedFields(id, old, now);
            }
        }

        private void changedFields(String id, JobDoc old, JobDoc now) {
            FieldDiff diff = FieldDiff.between(old == null ? JsonValue.EMPTY_JSON_OBJECT : fields(old), fields(now));
            if (!diff.isEmpty()) {
                ctx.changed(collection(), id, diff.fields(), diff.cleared());
            }
        }
    }
}
