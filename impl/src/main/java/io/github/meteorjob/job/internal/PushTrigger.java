package io.github.meteorjob.job.internal;

import io.github.meteorjob.JobStatus;
import io.github.meteorjob.ddp.DdpClient;
import io.github.meteorjob.ddp.DocumentCache;
import io.github.meteorjob.ddp.DocumentListener;
import io.github.meteorjob.ddp.Subscription;
import io.github.meteorjob.internal.Async;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;

import java.util.List;
import java.util.function.Consumer;

/**
 * A queue's push trigger: subscribes to the server's {@code <root>.jobs} publication for ready jobs of the
 * queue's types and asks the queue to fetch as soon as one appears, so it need not wait for the next poll.
 */
final class PushTrigger {

    private static final System.Logger LOG = System.getLogger(DefaultJobQueue.class.getName());

    private final DdpClient ddp;
    private final String publication;
    private final List<String> types;
    private final Runnable trigger;
    private AutoCloseable registration;
    private Subscription subscription;

    /** @param trigger asks the queue to fetch work now */
    PushTrigger(DdpClient ddp, String publication, List<String> types, Runnable trigger) {
        this.ddp = ddp;
        this.publication = publication;
        this.types = types;
        this.trigger = trigger;
    }

    /** Subscribes; {@code unavailable} is told when the server has no such publication (the queue then polls). */
    void start(Consumer<Throwable> unavailable) {
        DocumentCache cache = ddp.collection(publication);
        AutoCloseable r = cache.addListener(new DocumentListener() {
            @Override
            public void added(String c, String id, JsonObject fields) {
                check(cache, id);
            }

            @Override
            public void changed(String c, String id, JsonObject fields, List<String> cleared) {
                check(cache, id);
            }
        });
        Subscription sub = ddp.subscribe(publication,
                DefaultJobCollection.watchParams(types, List.of(JobStatus.READY.wireName())));
        synchronized (this) {
            registration = r;
            subscription = sub;
        }
        sub.ready().whenComplete((v, err) -> {
            if (err != null) {
                unavailable.accept(DefaultJobQueue.unwrap(err));
            }
        });
    }

    private void check(DocumentCache cache, String id) {
        cache.get(id).ifPresent(doc -> {
            if (doc.get("type") instanceof JsonString t && types.contains(t.getString())
                    && doc.get("status") instanceof JsonString s && s.getString().equals(JobStatus.READY.wireName())) {
                trigger.run();
            }
        });
    }

    void stop() {
        AutoCloseable r;
        Subscription s;
        synchronized (this) {
            r = registration;
            s = subscription;
            registration = null;
            subscription = null;
        }
        Async.closeQuietly(r, LOG, "removing push listener");
        if (s != null) {
            s.stop();
        }
    }
}
