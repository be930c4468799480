package io.github.meteorjob.job.internal;

import io.github.meteorjob.DdpException;
import io.github.meteorjob.JobEvent;
import io.github.meteorjob.JobStatus;
import io.github.meteorjob.ddp.DdpClient;
import io.github.meteorjob.ddp.DocumentCache;
import io.github.meteorjob.ddp.DocumentListener;
import io.github.meteorjob.ddp.Subscription;
import io.github.meteorjob.ejson.Ejson;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * {@link io.github.meteorjob.JobCollection#watch}: job events from the {@code <root>.jobs} publication's documents,
 * and the server's refusal of the subscription reported instead of a watch that silently delivers nothing.
 */
final class JobWatch {

    private JobWatch() {
    }

    static AutoCloseable start(DefaultJobCollection jc, Set<String> types, Set<JobStatus> statuses,
                               Consumer<JobEvent> listener, Consumer<? super Throwable> onError) {
        if (listener == null) {
            throw new IllegalArgumentException("listener must not be null");
        }
        DdpClient ddp = jc.ddp();
        Set<String> t = types == null ? Set.of() : Set.copyOf(types);
        List<String> s = statuses == null ? List.of() : statuses.stream().map(JobStatus::wireName).sorted().toList();
        DocumentCache cache = ddp.collection(jc.jobsPublication());
        AutoCloseable registration = cache.addListener(new DocumentListener() {
            @Override
            public void added(String collection, String id, JsonObject fields) {
                emit(JobEvent.Kind.ADDED, id);
            }

            @Override
            public void changed(String collection, String id, JsonObject fields, List<String> cleared) {
                emit(JobEvent.Kind.CHANGED, id);
            }

            @Override
            public void removed(String collection, String id) {
                listener.accept(new JobEvent(JobEvent.Kind.REMOVED, id, null));
            }

            private void emit(JobEvent.Kind kind, String id) {
                Optional<JsonObject> fields = cache.get(id);
                if (fields.isEmpty()) {
                    return;
                }
                JsonObject doc = Ejson.builders().createObjectBuilder(fields.get()).add("_id", id).build();
                // the cache is shared by every subscription to the publication: keep what this watch asked for
                if (!t.isEmpty() && !(doc.get("type") instanceof JsonString ts && t.contains(ts.getString()))) {
                    return;
                }
                if (!s.isEmpty() && !(doc.get("status") instanceof JsonString ss && s.contains(ss.getString()))) {
                    return;
                }
                if (!(doc.get("data") instanceof JsonObject)) {
                    doc = Ejson.builders().createObjectBuilder(doc).add("data", JsonValue.EMPTY_JSON_OBJECT).build();
                }
                listener.accept(new JobEvent(kind, id, new DefaultJob(jc, new JobDocument(doc))));
            }
        });
        Subscription sub = ddp.subscribe(jc.jobsPublication(), DefaultJobCollection.watchParams(t, s));
        AtomicBoolean closed = new AtomicBoolean();
        sub.ready().whenComplete((ok, e) -> {
            if (e != null && !closed.get()) {
                closeQuietly(registration);
                onError.accept(explain(jc, e instanceof CompletionException && e.getCause() != null ? e.getCause() : e));
            }
        });
        return () -> {
            closed.set(true);
            registration.close();
            sub.stop();
        };
    }

    /** A missing publication (Meteor's 404) named as such; other refusals (403, 400) as they are. */
    private static Throwable explain(DefaultJobCollection jc, Throwable e) {
        if (e instanceof DdpException d && d.errorCode() == 404) {
            return new DdpException(d.error(), "the server publishes no '" + jc.jobsPublication() + "' (job-collection has "
                    + "none unless the Meteor app publishes it; meteor-job servers do), so the watch gets no jobs", d.details(), d);
        }
        return e;
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception ignored) {
            // a cache listener's registration does not fail
        }
    }
}
