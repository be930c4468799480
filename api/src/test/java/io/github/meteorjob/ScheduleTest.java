package io.github.meteorjob;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.StringReader;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ScheduleTest {

    private static JsonObject json(String text) {
        return Json.createReader(new StringReader(text.replace('\'', '"'))).readObject();
    }

    @Test
    void sixFieldCronWithSecondsGivesLaterJsObject() {
        assertThat(Schedule.cron("0 */5 * * * *").toJson()).isEqualTo(json(
                "{'schedules':[{'s':[0],'m':[0,5,10,15,20,25,30,35,40,45,50,55]}],'exceptions':[]}"));
    }

    @Test
    void fiveFieldCronImpliesSecondZeroAndShiftsWeekdays() {
        // cron weekdays 1-5 (Mon-Fri) are later.js d 2-6 (1 = Sunday)
        assertThat(Schedule.cron("30 2 * * 1-5").toJson()).isEqualTo(json(
                "{'schedules':[{'s':[0],'m':[30],'h':[2],'d':[2,3,4,5,6]}],'exceptions':[]}"));
    }

    @Test
    void cronListsRangesStepsAndNames() {
        assertThat(Schedule.cron("0 0,30 8-18/5 1,15 JAN-MAR SUN,sat").toJson()).isEqualTo(json(
                "{'schedules':[{'s':[0],'m':[0,30],'h':[8,13,18],'D':[1,15],'M':[1,2,3],'d':[1,7]}],'exceptions':[]}"));
        assertThat(Schedule.cron("0 0 * * 7").schedules().get(0).get("d")).containsExactly(1);
        assertThat(Schedule.cron("5/20 * * * * ?").schedules().get(0)).isEqualTo(Map.of("s", List.of(5, 25, 45)));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "61 * * * *|minute",
            "0 24 * * *|hour",
            "0 0 32 * *|day-of-month",
            "0 0 0 * *|day-of-month",
            "0 0 * 13 *|month",
            "0 0 * * 8|day-of-week",
            "x * * * *|minute",
            "60 * * * * *|second",
            "*/0 * * * *|minute",
            "0 5-1 * * *|hour",
            "0 1,,2 * * *|hour",
            "0 0 * FOO *|month",
            "* * * *|5 or 6 fields",
            "* * * * * * *|5 or 6 fields"})
    void invalidCronNamesTheBadField(String cron, String field) {
        assertThatThrownBy(() -> Schedule.cron(cron))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(field);
    }

    @Test
    void emptyCronIsRejected() {
        assertThatThrownBy(() -> Schedule.cron(" ")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("empty");
        assertThatThrownBy(() -> Schedule.cron(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void builderWithAlternativesAndExceptions() {
        Schedule s = Schedule.later().second(0).everyMinutes(20).and().second(30).minute(1).hour(12)
                .except().dayOfWeek(1, 7).build();
        assertThat(s.toJson()).isEqualTo(json(
                "{'schedules':[{'s':[0],'m':[0,20,40]},{'s':[30],'m':[1],'h':[12]}],'exceptions':[{'d':[1,7]}]}"));
        assertThat(Schedule.fromJson(s.toJson())).isEqualTo(s);
    }

    @Test
    void builderRejectsOutOfRangeValues() {
        assertThatThrownBy(() -> Schedule.later().hour(24)).hasMessageContaining("'h'").hasMessageContaining("0-23");
        assertThatThrownBy(() -> Schedule.later().dayOfWeek(0)).hasMessageContaining("'d'");
        assertThatThrownBy(() -> Schedule.later().month(13)).hasMessageContaining("'M'");
        assertThatThrownBy(() -> Schedule.later().everyMinutes(0)).hasMessageContaining("step");
        assertThatThrownBy(() -> Schedule.later().second()).hasMessageContaining("at least one value");
    }

    @Test
    void fromJsonValidates() {
        assertThatThrownBy(() -> Schedule.fromJson(json("{'x':1}"))).hasMessageContaining("schedules attribute");
        assertThatThrownBy(() -> Schedule.fromJson(json("{'schedules':[],'exceptions':3}"))).hasMessageContaining("exceptions");
        assertThatThrownBy(() -> Schedule.fromJson(json("{'schedules':[{'y':[1]}]}"))).hasMessageContaining("'y'");
        assertThat(Schedule.fromJson(json("{'schedules':[{'h':[3,1]}]}")).schedules().get(0).get("h")).containsExactly(1, 3);
    }
}
