package io.github.meteorjob.server.schedule;

import io.github.meteorjob.server.EmbeddedJobServer;
import io.github.meteorjob.server.ddp.RawDdpClient;
import io.github.meteorjob.server.ddp.TestJobs;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * later.js schedules on the wire: raw {@code jobSave} frames with a schedule a JavaScript app
 * made, and with one out of range (the deliberate difference from job-collection).
 */
class ScheduleOverDdpTest {

    private static JsonObject json(String text) {
        return Json.createReader(new StringReader(text.replace('\'', '"'))).readObject();
    }

    @Test
    void scheduleFromLaterParseTextIsStoredUnchangedAndRunsOnItsTimes() throws Exception {
        // later.parse.text('at 9:00 am every weekday') as meteor-job sends it (schedules and exceptions only)
        JsonObject atNineOnWeekdays = json("{'schedules':[{'t':[32400],'d':[2,3,4,5,6]}],'exceptions':[]}");
        try (EmbeddedJobServer server = EmbeddedJobServer.builder().start();
             RawDdpClient c = RawDdpClient.connected(server.url())) {
            JsonObject answer = c.call("queue_jobSave", TestJobs.doc("report").add("repeatWait", atNineOnWeekdays)
                    .add("repeats", 5).build(), JsonValue.EMPTY_JSON_OBJECT);
            String id = answer.getString("result");
            JsonObject job = c.call("queue_getJob", Json.createValue(id), JsonValue.EMPTY_JSON_OBJECT).getJsonObject("result");
            assertThat(job.getJsonObject("repeatWait")).isEqualTo(atNineOnWeekdays);
            assertThat(job.getJsonObject("repeatWait").toString()).isEqualTo(atNineOnWeekdays.toString());
            ZonedDateTime after = Instant.ofEpochMilli(job.getJsonObject("after").getJsonNumber("$date").longValue())
                    .atZone(ZoneOffset.UTC);
            assertThat(after.toLocalTime().toSecondOfDay()).isEqualTo(9 * 3600);
            assertThat(after.getDayOfWeek()).isNotIn(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY);
        }
    }

    @Test
    void outOfRangeValuesAreRefusedNamingKeyValueAndRange() throws Exception {
        // job-collection stores {h:[25]}; later.js then runs the job once every 1000 days at midnight
        try (EmbeddedJobServer server = EmbeddedJobServer.builder().start();
             RawDdpClient c = RawDdpClient.connected(server.url())) {
            JsonObject answer = c.call("queue_jobSave", TestJobs.doc("report")
                    .add("repeatWait", json("{'schedules':[{'h':[25]}]}")).add("repeats", 1).build(), JsonValue.EMPTY_JSON_OBJECT);
            JsonObject error = answer.getJsonObject("error");
            assertThat(error.getInt("error")).isEqualTo(400);
            assertThat(error.getString("reason")).isEqualTo("Unsupported later.js schedule");
            assertThat(error.getString("details")).contains("schedules[0].h value 25 is out of range 0-23").contains("repeatWait");
            assertThat(answer.containsKey("result")).isFalse();
            assertThat(server.collection().size()).isZero();
        }
    }
}
