package io.github.meteorjob.server.jobs;

import io.github.meteorjob.DdpException;
import io.github.meteorjob.server.store.JobStoreFactory;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.github.meteorjob.server.jobs.Jobs.params;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Shared set-up: one collection "jobPile" on the store of {@link #openFactory(Path)}, a hand-moved clock. */
abstract class JobServerTestBase {

    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @TempDir
    Path tmp;

    JobStoreFactory factory;
    JobCollectionServer server;
    MutableClock clock;
    final List<ServerJobEvent> events = new CopyOnWriteArrayList<>();

    /** The stores under test. */
    abstract JobStoreFactory openFactory(Path dir);

    @BeforeEach
    void setUpServer() {
        clock = new MutableClock(T0);
        factory = openFactory(tmp.resolve("data"));
        server = newServer();
    }

    JobCollectionServer newServer() {
        JobCollectionServer s = new JobCollectionServer("jobPile", factory.open("jobPile"),
                JobServerOptions.defaults().withClock(clock).withPromoteInterval(Duration.ofHours(1)));
        s.addListener(events::add);
        return s;
    }

    @AfterEach
    void tearDownServer() {
        server.close();
        factory.close();
    }

    // ------------------------------------------------------------ calls

    JsonValue call(String method, Object... params) {
        return server.call(method, params(params));
    }

    String save(JsonObjectBuilder doc) {
        JsonValue id = call("jobSave", doc, Jobs.obj());
        assertThat(id).isInstanceOf(JsonString.class);
        return ((JsonString) id).getString();
    }

    JsonObjectBuilder doc(String type) {
        return Jobs.doc(type, clock.instant());
    }

    void start() {
        assertThat(call("startJobServer", Jobs.obj())).isEqualTo(JsonValue.TRUE);
    }

    JsonArray work(String type, JsonObjectBuilder opts) {
        return (JsonArray) call("getWork", Jobs.arr(type), opts);
    }

    /** Takes one job of {@code type}; returns its runId. */
    String take(String type) {
        JsonArray a = work(type, Jobs.obj());
        assertThat(a).hasSize(1);
        return a.getJsonObject(0).getString("runId");
    }

    JsonObject job(String id) {
        return server.job(id).orElseThrow(() -> new AssertionError("no job " + id));
    }

    String status(String id) {
        return job(id).getString("status");
    }

    List<String> logMessages(String id) {
        return job(id).getJsonArray("log").stream().map(v -> v.asJsonObject().getString("message")).toList();
    }

    Map<String, JsonObject> snapshot() {
        Map<String, JsonObject> m = new TreeMap<>();
        for (String id : List.copyOf(server.store().allIds())) {
            m.put(id, job(id));
        }
        return m;
    }

    /** The call is refused with 400 "Match failed" and changes nothing. */
    void assertMatchFailed(String method, Object... params) {
        Map<String, JsonObject> before = snapshot();
        assertThatThrownBy(() -> call(method, params))
                .isInstanceOfSatisfying(DdpException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo(400);
                    assertThat(e.reason()).isEqualTo("Match failed");
                    assertThat(e.details().toString()).startsWith("\"Match error:");
                });
        assertThat(snapshot()).isEqualTo(before);
    }
}
