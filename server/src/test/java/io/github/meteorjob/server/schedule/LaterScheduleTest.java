package io.github.meteorjob.server.schedule;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link LaterSchedule} on hand-picked cases; every expected time is what later.js 1.2.0 answers
 * for {@code later.schedule(s).next(n, start)} (checked in node, and by LaterJsDifferentialTest).
 */
class LaterScheduleTest {

    private static LaterSchedule schedule(String json) {
        return LaterSchedule.parse(Json.createReader(new StringReader(json.replace('\'', '"'))).readObject());
    }

    private static List<Instant> next(String json, int count, String start) {
        return schedule(json).next(count, Instant.parse(start));
    }

    private static List<Instant> at(String... times) {
        return java.util.Arrays.stream(times).map(Instant::parse).toList();
    }

    @Test
    void aStartInsideAMatchingPeriodIsItselfTheFirstOccurrence() {
        assertThat(next("{'schedules':[{'h':[10]}]}", 3, "2026-01-01T10:15:00.500Z"))
                .isEqualTo(at("2026-01-01T10:15:00.500Z", "2026-01-02T10:00:00Z", "2026-01-03T10:00:00Z"));
        assertThat(next("{'schedules':[{'h':[10],'m':[30]}]}", 2, "2026-01-01T10:30:00.001Z"))
                .isEqualTo(at("2026-01-01T10:30:00.001Z", "2026-01-02T10:30:00Z"));
        LaterSchedule s = schedule("{'schedules':[{'h':[10],'m':[30]}]}");
        assertThat(s.next(Instant.parse("2026-01-01T09:00:00Z"))).contains(Instant.parse("2026-01-01T10:30:00Z"));
        assertThat(s.nextAfter(Instant.parse("2026-01-01T10:30:59.400Z"))).contains(Instant.parse("2026-01-02T10:30:00Z"));
    }

    @Test
    void nextAfterIsTheNextPeriodStartAsJobCollectionComputesItOnSave() {
        // job-collection: later.schedule(s).next(2, later.schedule(s).prev(1, after))[1], values from node
        assertThat(schedule("{'schedules':[{'h':[10]}]}").nextAfter(Instant.parse("2026-01-01T10:15:00.123Z")))
                .contains(Instant.parse("2026-01-02T10:00:00Z"));
        assertThat(schedule("{'schedules':[{'m':[30]}]}").nextAfter(Instant.parse("2026-01-01T00:00:00Z")))
                .contains(Instant.parse("2026-01-01T00:30:00Z"));
        assertThat(schedule("{'schedules':[{'m':[0]}]}").nextAfter(Instant.parse("2026-01-01T00:00:00Z")))
                .contains(Instant.parse("2026-01-01T01:00:00Z"));
        assertThat(schedule("{'schedules':[{'s':[0,30]}]}").nextAfter(Instant.parse("2026-01-01T00:00:10.500Z")))
                .contains(Instant.parse("2026-01-01T00:00:30Z"));
        assertThat(schedule("{'schedules':[{'t':[32400],'d':[2,3,4,5,6]}]}").nextAfter(Instant.parse("2026-01-01T10:00:00Z")))
                .contains(Instant.parse("2026-01-02T09:00:00Z"));
        assertThat(schedule("{'schedules':[{'Y':[2020]}]}").nextAfter(Instant.parse("2026-01-01T10:00:00Z"))).isEmpty();
    }

    @Test
    void periodsAJavaScriptAppWrites() {
        // later.parse.text('at 9:00 am every weekday'), from Friday noon
        assertThat(next("{'schedules':[{'t':[32400],'d':[2,3,4,5,6]}],'exceptions':[]}", 3, "2026-01-02T12:00:00Z"))
                .isEqualTo(at("2026-01-05T09:00:00Z", "2026-01-06T09:00:00Z", "2026-01-07T09:00:00Z"));
        // last Friday of the month (cron 5L)
        assertThat(next("{'schedules':[{'d':[6],'dc':[0]}]}", 3, "2026-01-01T00:00:00Z"))
                .isEqualTo(at("2026-01-30T00:00:00Z", "2026-02-27T00:00:00Z", "2026-03-27T00:00:00Z"));
        // ISO week 1, last Sunday-started week of the month on Sunday, last day of the year
        assertThat(next("{'schedules':[{'wy':[1]}]}", 3, "2026-01-01T00:00:00Z"))
                .isEqualTo(at("2026-01-01T00:00:00Z", "2027-01-04T00:00:00Z", "2028-01-03T00:00:00Z"));
        assertThat(next("{'schedules':[{'wm':[0],'d':[1]}]}", 3, "2026-01-01T00:00:00Z"))
                .isEqualTo(at("2026-01-25T00:00:00Z", "2026-02-22T00:00:00Z", "2026-03-29T00:00:00Z"));
        assertThat(next("{'schedules':[{'dy':[0]}]}", 2, "2026-01-01T00:00:00Z"))
                .isEqualTo(at("2026-12-31T00:00:00Z", "2027-12-31T00:00:00Z"));
        assertThat(next("{'schedules':[{'fd':[1800000000123]}]}", 3, "2026-01-01T00:00:00Z"))
                .isEqualTo(at("2027-01-15T08:00:00.123Z"));
        assertThat(next("{'schedules':[{'Y':[2030],'M':[6]}]}", 2, "2026-01-01T00:00:00Z")).isEqualTo(at("2030-06-01T00:00:00Z"));
    }

    @Test
    void afterAndBeforeModifiersAndLongNames() {
        assertThat(next("{'schedules':[{'m':[0,30],'h_a':[9],'h_b':[11]}]}", 5, "2026-01-01T00:00:00Z")).isEqualTo(at(
                "2026-01-01T09:00:00Z", "2026-01-01T09:30:00Z", "2026-01-01T10:00:00Z", "2026-01-01T10:30:00Z", "2026-01-02T09:00:00Z"));
        assertThat(next("{'schedules':[{'hour':[3],'minute_after':[58]}]}", 3, "2026-01-01T00:00:00Z"))
                .isEqualTo(at("2026-01-01T03:58:00Z", "2026-01-01T03:59:00Z", "2026-01-02T03:58:00Z"));
    }

    @Test
    void valuesAreSearchedInTheOrderGiven() {
        // later.js never reaches hour 1 in [3,1]: its search assumes sorted values
        assertThat(next("{'schedules':[{'h':[3,1]}]}", 3, "2026-01-01T02:00:00Z"))
                .isEqualTo(at("2026-01-01T03:00:00Z", "2026-01-02T03:00:00Z", "2026-01-03T03:00:00Z"));
    }

    @Test
    void alternativesAndExceptions() {
        assertThat(next("{'schedules':[{'h':[9],'m':[0]},{'h':[17],'m':[0]}],'exceptions':[{'d':[1,7]}]}", 2, "2026-01-02T12:00:00Z"))
                .isEqualTo(at("2026-01-02T17:00:00Z", "2026-01-05T09:00:00Z"));
        // an exception range without end removes nothing in later.js
        assertThat(next("{'schedules':[{'h':[3]}],'exceptions':[{'Y_a':[2026]}]}", 2, "2026-01-01T10:15:00.123Z"))
                .isEqualTo(at("2026-01-02T03:00:00Z", "2026-01-03T03:00:00Z"));
        // later.js throws a TypeError when the first schedule has no time left; we use the others
        assertThat(next("{'schedules':[{'Y':[2020]},{'h':[3]}]}", 2, "2026-01-01T00:00:00Z"))
                .isEqualTo(at("2026-01-01T03:00:00Z", "2026-01-02T03:00:00Z"));
        assertThat(next("{'schedules':[{'h':[3]}],'exceptions':[{'h':[3]}]}", 2, "2026-01-01T00:00:00Z")).isEmpty();
    }

    @Test
    void aScheduleThatCannotMatchGivesWhatLaterJsGives() {
        // 1000 search steps without a 31st of February: later.js returns the time it reached
        assertThat(next("{'schedules':[{'D':[31],'M':[2]}]}", 2, "2026-01-01T00:00:00Z"))
                .isEqualTo(at("2525-03-01T00:00:00Z", "3025-03-01T00:00:00Z"));
        assertThat(next("{'schedules':[{'Y':[2020]}]}", 2, "2026-01-01T00:00:00Z")).isEmpty();
    }

    @Test
    void outOfRangeUnknownOrMalformedPartsAreNamed() {
        assertThatThrownBy(() -> schedule("{'schedules':[{'h':[25]}]}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("schedules[0].h value 25 is out of range 0-23");
        assertThatThrownBy(() -> schedule("{'schedules':[{'m':[1]}],'exceptions':[{'dc':[6]}]}"))
                .hasMessageContaining("exceptions[0].dc value 6 is out of range 0-5");
        assertThatThrownBy(() -> schedule("{'schedules':[{'wk':[1]}]}")).hasMessageContaining("'wk'");
        assertThatThrownBy(() -> schedule("{'schedules':[{'h_x':[1]}]}")).hasMessageContaining("'h_x'");
        assertThatThrownBy(() -> schedule("{'schedules':[{'m':['x']}]}")).hasMessageContaining("schedules[0].m");
        assertThatThrownBy(() -> schedule("{'schedules':[{'m':[]}]}")).hasMessageContaining("at least one value");
        assertThatThrownBy(() -> schedule("{'schedules':[{}]}")).hasMessageContaining("empty");
        assertThatThrownBy(() -> schedule("{'schedules':[]}")).hasMessageContaining("at least one schedule");
        assertThatThrownBy(() -> schedule("{'schedules':1}")).hasMessageContaining("schedules");
        assertThatThrownBy(() -> schedule("{'schedules':[{'m':[1]}],'tz':'Europe/Paris'}")).hasMessageContaining("'tz'");
        JsonObject json = Json.createObjectBuilder().add("schedules", Json.createArrayBuilder()
                .add(Json.createObjectBuilder().add("dw", Json.createArrayBuilder().add(2)))).build();
        assertThat(LaterSchedule.parse(json).json()).isSameAs(json);
    }
}
