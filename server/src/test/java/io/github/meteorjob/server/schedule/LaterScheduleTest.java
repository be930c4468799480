package io.github.meteorjob.server.schedule;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LaterScheduleTest {

    static JsonArrayBuilder ints(int... v) {
        JsonArrayBuilder b = Json.createArrayBuilder();
        for (int i : v) {
            b.add(i);
        }
        return b;
    }

    static LaterSchedule schedule(JsonObjectBuilder... schedules) {
        JsonArrayBuilder a = Json.createArrayBuilder();
        for (JsonObjectBuilder s : schedules) {
            a.add(s);
        }
        return LaterSchedule.parse(Json.createObjectBuilder().add("schedules", a).build());
    }

    static Instant at(String s) {
        return Instant.parse(s);
    }

    @Test
    void fixedTimeOfDay() {
        LaterSchedule s = schedule(Json.createObjectBuilder().add("h", ints(10)).add("m", ints(30)));
        assertThat(s.next(at("2026-01-01T09:00:00Z"))).contains(at("2026-01-01T10:30:00Z"));
        assertThat(s.next(at("2026-01-01T10:30:00Z"))).contains(at("2026-01-01T10:30:00Z"));
        assertThat(s.nextAfter(at("2026-01-01T10:30:00Z"))).contains(at("2026-01-02T10:30:00Z"));
        assertThat(s.next(at("2026-01-01T10:30:00.001Z"))).contains(at("2026-01-02T10:30:00Z"));
    }

    @Test
    void finestPeriodDefinesTheRangeStart() {
        // {h:[10]} occurs at 10:00:00, not at every second of hour 10
        LaterSchedule s = schedule(Json.createObjectBuilder().add("h", ints(10)));
        assertThat(s.next(2, at("2026-01-01T10:15:00Z"))).containsExactly(at("2026-01-02T10:00:00Z"), at("2026-01-03T10:00:00Z"));
        LaterSchedule month = schedule(Json.createObjectBuilder().add("M", ints(3)));
        assertThat(month.next(at("2026-01-05T00:00:00Z"))).contains(at("2026-03-01T00:00:00Z"));
    }

    @Test
    void everyFiveMinutesAsLaterEncodesIt() {
        LaterSchedule s = schedule(Json.createObjectBuilder().add("m", ints(0, 5, 10, 15, 20, 25, 30, 35, 40, 45, 50, 55)));
        assertThat(s.next(3, at("2026-01-01T00:03:10Z")))
                .containsExactly(at("2026-01-01T00:05:00Z"), at("2026-01-01T00:10:00Z"), at("2026-01-01T00:15:00Z"));
    }

    @Test
    void dayOfWeekDayOfMonthAndLastDay() {
        // 2026-01-01 is a Thursday; d: 1 = Sunday, 2 = Monday
        LaterSchedule monday = schedule(Json.createObjectBuilder().add("d", ints(2)).add("h", ints(8)));
        assertThat(monday.next(at("2026-01-01T00:00:00Z"))).contains(at("2026-01-05T08:00:00Z"));
        LaterSchedule fifteenth = schedule(Json.createObjectBuilder().add("D", ints(15)));
        assertThat(fifteenth.next(at("2026-01-16T00:00:00Z"))).contains(at("2026-02-15T00:00:00Z"));
        LaterSchedule last = schedule(Json.createObjectBuilder().add("D", ints(0)).add("M", ints(2)));
        assertThat(last.next(at("2027-03-01T00:00:00Z"))).contains(at("2028-02-29T00:00:00Z"));
        LaterSchedule never = schedule(Json.createObjectBuilder().add("D", ints(31)).add("M", ints(2)));
        assertThat(never.next(at("2026-01-01T00:00:00Z"))).isEmpty();
    }

    @Test
    void severalSchedulesAndExceptions() {
        JsonObject json = Json.createObjectBuilder()
                .add("schedules", Json.createArrayBuilder()
                        .add(Json.createObjectBuilder().add("h", ints(9)).add("m", ints(0)))
                        .add(Json.createObjectBuilder().add("h", ints(17)).add("m", ints(0))))
                .add("exceptions", Json.createArrayBuilder()
                        .add(Json.createObjectBuilder().add("d", ints(1, 7)))) // not on weekends
                .build();
        LaterSchedule s = LaterSchedule.parse(json);
        // Friday 2026-01-02 17:00, then Monday 2026-01-05 09:00
        assertThat(s.next(2, at("2026-01-02T12:00:00Z")))
                .containsExactly(at("2026-01-02T17:00:00Z"), at("2026-01-05T09:00:00Z"));
        assertThat(s.json()).isEqualTo(json);
    }

    @Test
    void secondsAndYears() {
        LaterSchedule s = schedule(Json.createObjectBuilder().add("s", ints(15, 45)));
        assertThat(s.next(2, at("2026-01-01T00:00:20Z"))).containsExactly(at("2026-01-01T00:00:45Z"), at("2026-01-01T00:01:15Z"));
        LaterSchedule y = schedule(Json.createObjectBuilder().add("Y", ints(2030)).add("M", ints(6)));
        assertThat(y.next(at("2026-01-01T00:00:00Z"))).contains(at("2030-06-01T00:00:00Z"));
        assertThat(y.next(at("2030-06-01T00:00:01Z"))).isEmpty();
    }

    @Test
    void unsupportedOrMalformedPartsAreNamed() {
        assertThatThrownBy(() -> schedule(Json.createObjectBuilder().add("dw", ints(1))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'dw'");
        assertThatThrownBy(() -> schedule(Json.createObjectBuilder().add("h_a", ints(1))))
                .hasMessageContaining("modifier 'h_a'");
        assertThatThrownBy(() -> schedule(Json.createObjectBuilder().add("h", ints(24))))
                .hasMessageContaining("schedules[0].h").hasMessageContaining("0..23");
        assertThatThrownBy(() -> schedule(Json.createObjectBuilder().add("m", Json.createArrayBuilder().add("x"))))
                .hasMessageContaining("schedules[0].m");
        assertThatThrownBy(() -> schedule(Json.createObjectBuilder()))
                .hasMessageContaining("empty");
        assertThatThrownBy(() -> LaterSchedule.parse(Json.createObjectBuilder().add("schedules", 1).build()))
                .hasMessageContaining("schedules");
        assertThatThrownBy(() -> LaterSchedule.parse(Json.createObjectBuilder()
                .add("schedules", Json.createArrayBuilder().add(Json.createObjectBuilder().add("m", ints(1))))
                .add("tz", "Europe/Paris").build()))
                .hasMessageContaining("'tz'");
    }
}
