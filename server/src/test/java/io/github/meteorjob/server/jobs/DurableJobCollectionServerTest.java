package io.github.meteorjob.server.jobs;

import io.github.meteorjob.server.ReferenceJobDoc;
import io.github.meteorjob.ejson.Ejson;
import io.github.meteorjob.server.store.JobStoreFactory;
import io.github.meteorjob.server.store.JobStores;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static io.github.meteorjob.server.jobs.WireValues.arr;
import static io.github.meteorjob.server.jobs.WireValues.obj;
import static org.assertj.core.api.Assertions.assertThat;

/** The state-machine tests on the H2 MVStore store, plus reload after close and reopen. */
class DurableJobCollectionServerTest extends JobCollectionServerTests {

    @Override
    JobStoreFactory openFactory(Path dir) {
        return JobStores.durable(dir);
    }

    @Test
    void everyJobIsReloadedAfterCloseAndReopenAndPromotionResumes() {
        start();
        String done = save(doc("a"));
        call("jobDone", done, take("a"), obj().add("ok", true), obj());
        String running = save(doc("b"));
        call("getWork", arr("b"), obj().add("workTimeout", 60000));
        String delayed = save(doc("c").add("after", Ejson.date(T0.plusSeconds(30))));
        String dependent = save(doc("d").add("depends", arr(delayed)));
        Map<String, JsonObject> before = snapshot();

        server.close();
        factory.close();
        factory = openFactory(tmp.resolve("data"));
        server = newServer();

        assertThat(snapshot()).isEqualTo(before);
        assertThat(server.store().dependentsOf(delayed)).containsExactly(dependent);
        assertThat(server.store().idsByStatus("running")).containsExactly(running);
        start();
        assertThat(status(delayed)).isEqualTo("waiting");
        clock.advance(Duration.ofSeconds(30));
        server.promote();
        assertThat(status(delayed)).isEqualTo("ready");
        call("jobDone", delayed, take("c"), obj(), obj());
        assertThat(status(dependent)).isEqualTo("ready");
    }

    @Test
    void twoRootsShareOneFileWithoutMixingJobs() {
        JobCollectionServer other = new JobCollectionServer("other", factory.open("other"),
                JobServerOptions.defaults().withClock(clock));
        try {
            save(doc("a"));
            other.call("jobSave", WireValues.params(ReferenceJobDoc.of("a", clock.instant()), obj()));
            other.call("jobSave", WireValues.params(ReferenceJobDoc.of("a", clock.instant()), obj()));
            assertThat(server.size()).isEqualTo(1);
            assertThat(other.size()).isEqualTo(2);
        } finally {
            other.close();
        }
        server.close();
        factory.close();
        factory = openFactory(tmp.resolve("data"));
        server = newServer();
        assertThat(server.size()).isEqualTo(1);
        assertThat(factory.open("other").size()).isEqualTo(2);
    }
}
