package io.github.meteorjob.server.jobs;

import io.github.meteorjob.server.EmbeddedJobServer;
import io.github.meteorjob.server.ReferenceJobDoc;
import io.github.meteorjob.server.ddp.RawDdpClient;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Answers of job-collection's methods as raw DDP frames, where job-collection (on Meteor and
 * MongoDB) is the reference: {@code "result": null} where it returns null, and errors instead of
 * stored documents where Meteor's {@code check}, its {@code insert} or MongoDB refuse one.
 */
class JobCollectionFidelityTest {

    private static EmbeddedJobServer server;
    private static RawDdpClient c;

    @BeforeAll
    static void start() throws Exception {
        server = EmbeddedJobServer.builder().collection("fid").start();
        c = RawDdpClient.connected(server.url());
        c.call("fid_startJobServer", JsonValue.EMPTY_JSON_OBJECT);
    }

    @AfterAll
    static void stop() {
        c.close();
        server.close();
    }

    private static void assertResultNull(JsonObject answer) {
        assertThat(answer).as("answer %s", answer).containsKey("result").doesNotContainKey("error");
        assertThat(answer.get("result")).isEqualTo(JsonValue.NULL);
    }

    private static JsonObject error(JsonObject answer) {
        assertThat(answer).as("answer %s", answer).containsKey("error").doesNotContainKey("result");
        return answer.getJsonObject("error");
    }

    private static JsonObject save(JsonObject doc) throws Exception {
        return c.call("fid_jobSave", doc, JsonValue.EMPTY_JSON_OBJECT);
    }

    @Test
    void nullResultsAreSentAsResultNull() throws Exception {
        assertResultNull(c.call("fid_getJob", Json.createValue("nosuchjobxxxxxxxx"), JsonValue.EMPTY_JSON_OBJECT));
        assertResultNull(c.call("fid_getJob", JsonValue.EMPTY_JSON_ARRAY, JsonValue.EMPTY_JSON_OBJECT));
        assertResultNull(save(ReferenceJobDoc.of("dep").add("depends", Json.createArrayBuilder().add("missingjobxxxxxxx")).build()));
        try (EmbeddedJobServer stopped = EmbeddedJobServer.builder().collection("stop").start();
             RawDdpClient s = RawDdpClient.connected(stopped.url())) {
            s.call("stop_startJobServer", JsonValue.EMPTY_JSON_OBJECT);
            String id = s.call("stop_jobSave", ReferenceJobDoc.of("p").build(), JsonValue.EMPTY_JSON_OBJECT).getString("result");
            JsonObject work = s.call("stop_getWork", Json.createArrayBuilder().add("p").build(), JsonValue.EMPTY_JSON_OBJECT);
            String runId = work.getJsonArray("result").getJsonObject(0).getString("runId");
            s.call("stop_shutdownJobServer", Json.createObjectBuilder().add("timeout", 60000).build());
            assertResultNull(s.call("stop_jobProgress", Json.createValue(id), Json.createValue(runId), Json.createValue(1),
                    Json.createValue(2), JsonValue.EMPTY_JSON_OBJECT));
        }
    }

    @Test
    void anIdThatIsNullOrEmptyIsRefusedNotSavedAsANewJob() throws Exception {
        for (JsonValue id : new JsonValue[]{JsonValue.NULL, Json.createValue("")}) {
            JsonObject e = error(save(ReferenceJobDoc.of("nullid").add("_id", id).build()));
            assertThat(e.getInt("error")).isEqualTo(400);
            assertThat(e.getString("details")).startsWith("_id must be a non-empty string or an ObjectID");
        }
        assertResultNull(c.call("fid_getJob", Json.createValue("nosuchjobxxxxxxxx"), JsonValue.EMPTY_JSON_OBJECT));
        JsonObject jobs = c.call("fid_getWork", Json.createArrayBuilder().add("nullid").build(), JsonValue.EMPTY_JSON_OBJECT);
        assertThat(jobs.getJsonArray("result")).isEmpty();
    }

    @Test
    void keysMongoDbCannotStoreAreRefusedNamingTheirPath() throws Exception {
        JsonObject dotted = error(save(ReferenceJobDoc.of("keys")
                .add("data", Json.createObjectBuilder().add("a", Json.createObjectBuilder().add("b.c", 1))).build()));
        assertThat(dotted.getInt("error")).isEqualTo(400);
        assertThat(dotted.getString("details")).startsWith("Key data.a[\"b.c\"] must not contain '.'");

        JsonObject dollar = error(save(ReferenceJobDoc.of("keys").add("data", Json.createObjectBuilder()
                .add("list", Json.createArrayBuilder().add(Json.createObjectBuilder().add("$set", 1)))).build()));
        assertThat(dollar.getString("details")).startsWith("Key data.list[0][\"$set\"] must not start with '$'");

        // EJSON values are not keys: a date inside data is stored
        JsonObject dated = save(ReferenceJobDoc.of("keys").add("data", Json.createObjectBuilder()
                .add("when", Json.createObjectBuilder().add("$date", 0))).build());
        assertThat(dated.getString("result")).isNotEmpty();
        JsonObject work = c.call("fid_getWork", Json.createArrayBuilder().add("keys").build(), JsonValue.EMPTY_JSON_OBJECT);
        assertThat(work.getJsonArray("result")).hasSize(1);
    }

    @Test
    void aConstructorKeyFailsMeteorsPlainObjectCheck() throws Exception {
        JsonObject inData = error(save(ReferenceJobDoc.of("ctor")
                .add("data", Json.createObjectBuilder().add("constructor", "x")).build()));
        assertThat(inData.getInt("error")).isEqualTo(400);
        assertThat(inData.getString("reason")).isEqualTo("Match failed");
        assertThat(inData.getString("details")).isEqualTo("Match error: Expected plain object (it has a key named 'constructor') in field data");

        JsonObject inDoc = error(save(ReferenceJobDoc.of("ctor").add("constructor", 1).build()));
        assertThat(inDoc.getString("details")).startsWith("Match error: Expected plain object");
        // deeper inside data Meteor's check does not look, and MongoDB stores it
        assertThat(save(ReferenceJobDoc.of("ctor").add("data", Json.createObjectBuilder()
                .add("inner", Json.createObjectBuilder().add("constructor", "x"))).build()).getString("result")).isNotEmpty();
    }

    @Test
    void anIsoStringDateIsReadAsMeteorsEjsonReadsIt() throws Exception {
        JsonObject iso = Json.createObjectBuilder().add("$date", "2100-01-31T12:00:00.250Z").build();
        String id = save(ReferenceJobDoc.of("iso").add("after", iso)
                .add("repeatUntil", Json.createObjectBuilder().add("$date", "2200-01-01")).build()).getString("result");
        JsonObject job = c.call("fid_getJob", Json.createValue(id), JsonValue.EMPTY_JSON_OBJECT).getJsonObject("result");
        // stored and sent back as the EJSON every client reads: milliseconds
        assertThat(job.getJsonObject("after").getJsonNumber("$date").longValueExact())
                .isEqualTo(java.time.Instant.parse("2100-01-31T12:00:00.250Z").toEpochMilli());
        assertThat(job.getJsonObject("repeatUntil").getJsonNumber("$date").longValueExact())
                .isEqualTo(java.time.Instant.parse("2200-01-01T00:00:00Z").toEpochMilli());

        // local time (its meaning would depend on the server's zone) and text that is no date: 400 naming the field
        for (String text : new String[]{"2100-01-31T12:00:00", "next tuesday", "+999999999-12-31T23:59:59Z"}) {
            JsonObject e = error(save(ReferenceJobDoc.of("iso").add("after", Json.createObjectBuilder().add("$date", text)).build()));
            assertThat(e.getInt("error")).as(text).isEqualTo(400);
            assertThat(e.getString("details")).as(text).startsWith("Match error: Expected Date").endsWith("in field after");
        }
    }
}
