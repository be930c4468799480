package io.github.meteorjob.server.jobs;

import io.github.meteorjob.DdpException;
import io.github.meteorjob.server.ddp.MethodInvocation;
import io.github.meteorjob.server.ddp.PublicationContext;
import io.github.meteorjob.server.store.JobStoreFactory;
import io.github.meteorjob.server.store.JobStores;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import static io.github.meteorjob.server.jobs.WireValues.arr;
import static io.github.meteorjob.server.jobs.WireValues.obj;
import static io.github.meteorjob.server.jobs.WireValues.params;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The publication {@code <root>.jobs} through a recording {@link PublicationContext}. */
class PublicationTest extends JobServerTestBase {

    @Override
    JobStoreFactory openFactory(Path dir) {
        return JobStores.inMemory();
    }

    /** Records what a subscription sends, as the transport would forward it. */
    static final class Recorder implements PublicationContext {
        final List<String> messages = new ArrayList<>();
        final List<JsonObject> fields = new ArrayList<>();
        final List<Runnable> onStop = new ArrayList<>();
        boolean stopped;

        @Override
        public MethodInvocation invocation() {
            return MethodInvocation.INTERNAL;
        }

        @Override
        public synchronized void added(String collection, String id, JsonObject f) {
            messages.add("added " + collection + " " + id);
            fields.add(f);
        }

        @Override
        public synchronized void changed(String collection, String id, JsonObject f, Collection<String> cleared) {
            messages.add("changed " + collection + " " + id + " " + new java.util.TreeSet<>(f.keySet()) + " cleared " + cleared);
            fields.add(f);
        }

        @Override
        public synchronized void removed(String collection, String id) {
            messages.add("removed " + collection + " " + id);
        }

        @Override
        public synchronized void ready() {
            messages.add("ready");
        }

        @Override
        public void onStop(Runnable callback) {
            onStop.add(callback);
        }

        @Override
        public boolean isStopped() {
            return stopped;
        }

        void stop() {
            stopped = true;
            onStop.forEach(Runnable::run);
        }
    }

    @Test
    void publishesAllJobsWithoutLogThenReadyThenChanges() {
        String a = save(doc("a"));
        Recorder r = new Recorder();
        server.publish(r, Json.createArrayBuilder().build());
        assertThat(r.messages).containsExactly("added jobPile.jobs " + a, "ready");
        JsonObject f = r.fields.get(0);
        assertThat(f.containsKey("log")).isFalse();
        assertThat(f.containsKey("_id")).isFalse();
        assertThat(f.getString("status")).isEqualTo("ready");
        start();
        String runId = take("a");
        assertThat(r.messages.get(2)).startsWith("changed jobPile.jobs " + a + " [retried, retries, runId, status]"); // the clock did not move: updated is unchanged
        call("jobDone", a, runId, obj().add("x", 1), obj());
        assertThat(r.messages.get(3)).contains("progress", "result", "status").doesNotContain("log");
        call("jobRemove", a, obj());
        assertThat(r.messages.get(4)).isEqualTo("removed jobPile.jobs " + a);
    }

    @Test
    void filtersByTypeAndStatusAndFollowsJobsInAndOut() {
        String a1 = save(doc("a"));
        save(doc("b"));
        String a2 = save(doc("a").add("status", "paused"));
        Recorder r = new Recorder();
        server.publish(r, params(obj().add("type", "a").add("status", arr("ready", "running"))));
        assertThat(r.messages).containsExactly("added jobPile.jobs " + a1, "ready");
        call("jobResume", a2, obj()); // paused → waiting → ready: enters the filter
        assertThat(r.messages).last().isEqualTo("added jobPile.jobs " + a2);
        call("jobPause", a1, obj()); // leaves the filter
        assertThat(r.messages).last().isEqualTo("removed jobPile.jobs " + a1);
        save(doc("b"));
        assertThat(r.messages).hasSize(4);
        r.stop();
        call("jobPause", a2, obj());
        assertThat(r.messages).hasSize(4);
    }

    @Test
    void typeFilterAcceptsOneStringOrSeveral() {
        String a = save(doc("a"));
        String b = save(doc("b"));
        save(doc("c"));
        Recorder one = new Recorder();
        server.publish(one, params(obj().add("type", "b")));
        assertThat(one.messages).containsExactly("added jobPile.jobs " + b, "ready");
        Recorder two = new Recorder();
        server.publish(two, params(obj().add("type", arr("a", "b"))));
        assertThat(two.messages).containsExactlyInAnyOrder("added jobPile.jobs " + a, "added jobPile.jobs " + b, "ready");
        Recorder status = new Recorder();
        server.publish(status, params(obj().add("status", "ready")));
        assertThat(status.messages).hasSize(4);
    }

    @Test
    void badFiltersAreRefused() {
        assertThatThrownBy(() -> server.publish(new Recorder(), params(obj().add("kind", "a"))))
                .isInstanceOf(DdpException.class).hasMessageContaining("Match failed");
        assertThatThrownBy(() -> server.publish(new Recorder(), params(obj().add("type", 5))))
                .isInstanceOf(DdpException.class);
        assertThatThrownBy(() -> server.publish(new Recorder(), params(obj().add("status", "sleeping"))))
                .isInstanceOfSatisfying(DdpException.class, e -> assertThat(e.details().toString()).contains("sleeping"));
        assertThatThrownBy(() -> server.publish(new Recorder(), params("a")))
                .isInstanceOf(DdpException.class);
    }

    @Test
    void newJobsAndRepeatsAreAddedLive() {
        start();
        Recorder r = new Recorder();
        server.publish(r, params(obj().add("type", "r")));
        String id = save(doc("r").add("repeats", 1).add("repeatWait", 1000));
        assertThat(r.messages.get(1)).isEqualTo("added jobPile.jobs " + id);
        JsonArray w = work("r", obj());
        String next = ((JsonString) call("jobDone", id, w.getJsonObject(0).getString("runId"), obj(),
                obj().add("repeatId", true))).getString();
        assertThat(r.messages).contains("added jobPile.jobs " + next);
    }
}
