package io.github.meteorjob.server.jobs;

import io.github.meteorjob.DdpException;
import io.github.meteorjob.JobStatus;
import io.github.meteorjob.server.store.JobStoreFactory;
import io.github.meteorjob.server.store.JobStores;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.github.meteorjob.server.jobs.WireValues.arr;
import static io.github.meteorjob.server.jobs.WireValues.obj;
import static io.github.meteorjob.server.jobs.WireValues.params;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The job query extension's methods {@code findJobs} and {@code countJobs} (docs/protocol.md). */
class QueryMethodsTest extends JobServerTestBase {

    @Override
    JobStoreFactory openFactory(Path dir) {
        return JobStores.inMemory();
    }

    /** Saves {@code n} jobs of {@code type}, one second apart; returns their ids in save order. */
    private List<String> saveMany(String type, int n) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            clock.advance(Duration.ofSeconds(1));
            ids.add(save(doc(type)));
        }
        return ids;
    }

    private JsonObject find(Object filter, Object page) {
        return (JsonObject) call("findJobs", filter, page);
    }

    private static List<String> ids(JsonObject result) {
        return result.getJsonArray("jobs").stream().map(v -> v.asJsonObject().getString("_id")).toList();
    }

    @Test
    void findJobsPagesNewestFirstWithoutLogsByDefault() {
        List<String> mail = saveMany("email", 5);
        List<String> sms = saveMany("sms", 2);
        JsonObject all = (JsonObject) server.call("findJobs", params());
        assertThat(all.getInt("total")).isEqualTo(7);
        assertThat(ids(all)).containsExactly(sms.get(1), sms.get(0), mail.get(4), mail.get(3), mail.get(2), mail.get(1), mail.get(0));
        assertThat(all.getJsonArray("jobs").getJsonObject(0)).doesNotContainKey("log").containsKeys("type", "status", "updated");

        JsonObject page = find(obj().add("type", arr("email")), obj().add("skip", 1).add("limit", 2).add("log", true));
        assertThat(page.getInt("total")).isEqualTo(5);
        assertThat(ids(page)).containsExactly(mail.get(3), mail.get(2));
        assertThat(page.getJsonArray("jobs").getJsonObject(0).getJsonArray("log")).isNotEmpty();

        JsonObject asc = find(obj().add("text", "MAI"), obj().add("sort", "created").add("order", "asc").add("limit", 1));
        assertThat(ids(asc)).containsExactly(mail.get(0));
        assertThat(asc.getInt("total")).isEqualTo(5);
    }

    @Test
    void findJobsFollowsStatusChangesAndRanges() {
        List<String> mail = saveMany("email", 3);
        start();
        String runId = take("email");
        String running = ids((JsonObject) call("findJobs", obj().add("status", arr("running")), obj())).get(0);
        assertThat(call("jobDone", running, runId, obj(), obj())).isEqualTo(JsonValue.TRUE);
        JsonObject done = find(obj().add("status", arr("completed", "failed")), obj());
        assertThat(ids(done)).containsExactly(running);
        JsonObject old = find(obj().add("created", obj().add("to", Json.createObjectBuilder()
                .add("$date", T0.plusSeconds(2).toEpochMilli()))), obj());
        assertThat(ids(old)).containsExactly(mail.get(0));
        JsonObject byIds = find(obj().add("ids", arr(mail.get(2), "missing")), obj());
        assertThat(ids(byIds)).containsExactly(mail.get(2));
    }

    @Test
    void countJobsCountsPerStatusAndType() {
        saveMany("email", 3);
        saveMany("sms", 1);
        start();
        take("email");
        JsonObject c = (JsonObject) call("countJobs", obj());
        assertThat(c.getInt("total")).isEqualTo(4);
        assertThat(c.getJsonObject("byStatus")).isEqualTo(Json.createObjectBuilder().add("ready", 3).add("running", 1).build());
        assertThat(c.getJsonObject("byType").getJsonObject("email"))
                .isEqualTo(Json.createObjectBuilder().add("ready", 2).add("running", 1).build());
        JsonObject sms = (JsonObject) call("countJobs", obj().add("type", arr("sms")));
        assertThat(sms.getInt("total")).isEqualTo(1);
        assertThat(sms.getJsonObject("byType").keySet()).containsExactly("sms");
        assertThat(server.counts().count("email", JobStatus.RUNNING)).isEqualTo(1);
    }

    @Test
    void anEmptyArrayMatchesNoJob() {
        saveMany("email", 2);
        assertThat(find(obj().add("status", Json.createArrayBuilder()), obj()).getInt("total")).isZero();
        assertThat(((JsonObject) call("countJobs", obj().add("ids", Json.createArrayBuilder()))).getInt("total")).isZero();
    }

    @Test
    void badFiltersAndPagesAreRefusedNamingTheKey() {
        saveMany("email", 1);
        assertRefused("findJobs", "filter.colour", obj().add("colour", "red"), obj());
        assertRefused("findJobs", "filter.status[0]", obj().add("status", arr("done")), obj());
        assertRefused("findJobs", "filter.type", obj().add("type", "email"), obj());
        assertRefused("findJobs", "filter.created.from", obj().add("created", obj().add("from", "yesterday")), obj());
        assertRefused("findJobs", "page.limit", obj(), obj().add("limit", 1001));
        assertRefused("findJobs", "page.limit", obj(), obj().add("limit", 0));
        assertRefused("findJobs", "page.skip", obj(), obj().add("skip", -1));
        assertRefused("findJobs", "page.sort", obj(), obj().add("sort", "data"));
        assertRefused("findJobs", "page.order", obj(), obj().add("order", "up"));
        assertRefused("findJobs", "page.offset", obj(), obj().add("offset", 1));
        assertRefused("countJobs", "filter.text", obj().add("text", 5));
    }

    private void assertRefused(String method, String key, Object... params) {
        assertThatThrownBy(() -> call(method, params)).isInstanceOfSatisfying(DdpException.class, e -> {
            assertThat(e.errorCode()).isEqualTo(400);
            assertThat(e.details().toString()).contains(key);
        });
    }

    @Test
    void withoutTheExtensionTheMethodsAreNotFound() {
        JobCollectionServer plain = new JobCollectionServer("plain", factory.open("plain"),
                JobServerOptions.defaults().withClock(clock).withQueryExtension(false));
        try {
            assertThatThrownBy(() -> plain.call("findJobs", params(obj(), obj())))
                    .isInstanceOfSatisfying(DdpException.class, e -> {
                        assertThat(e.errorCode()).isEqualTo(404);
                        assertThat(e.reason()).isEqualTo("Method 'plain_findJobs' not found");
                    });
            assertThatThrownBy(() -> plain.call("countJobs", params(obj())))
                    .isInstanceOfSatisfying(DdpException.class, e -> assertThat(e.errorCode()).isEqualTo(404));
        } finally {
            plain.close();
        }
    }

    @Test
    void theJobsPublicationFollowsTheIdsOfAPage() {
        List<String> mail = saveMany("email", 3);
        PublicationTest.Recorder r = new PublicationTest.Recorder();
        server.publish(r, params(obj().add("ids", arr(mail.get(0), mail.get(2)))));
        assertThat(r.messages).containsExactly("added jobPile.jobs " + mail.get(0), "added jobPile.jobs " + mail.get(2), "ready");
        call("jobPause", arr(mail.get(1)), obj());
        call("jobPause", arr(mail.get(2)), obj());
        assertThat(r.messages).hasSize(4).last().asString().startsWith("changed jobPile.jobs " + mail.get(2));
    }
}
