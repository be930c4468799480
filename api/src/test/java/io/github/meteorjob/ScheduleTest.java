package io.github.meteorjob;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.StringReader;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.Month;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link Schedule}: the expected JSON here is what later.js 1.2.0 itself produces for the same
 * input (checked in node; LaterJsDifferentialTest in the server module compares thousands more).
 */
class ScheduleTest {

    private static JsonObject json(String text) {
        return Json.createReader(new StringReader(text.replace('\'', '"'))).readObject();
    }

    private static String cron(String expression) {
        return Schedule.cron(expression).toJson().toString().replace('"', '\'');
    }

    @Test
    void sixFieldCronWithSecondsGivesLaterJsObject() {
        assertThat(cron("0 */5 * * * *")).isEqualTo(
                "{'schedules':[{'s':[0],'m':[0,5,10,15,20,25,30,35,40,45,50,55]}],'exceptions':[]}");
    }

    @Test
    void fiveFieldCronImpliesSecondZeroAndShiftsWeekdays() {
        // cron weekdays 1-5 (Mon-Fri) are later.js d 2-6 (1 = Sunday)
        assertThat(cron("30 2 * * 1-5")).isEqualTo("{'schedules':[{'s':[0],'m':[30],'h':[2],'d':[2,3,4,5,6]}],'exceptions':[]}");
    }

    @Test
    void cronSpecialCharactersAsLaterParsesThem() {
        // L = last day of the month (D 0); with 6 fields the first is seconds
        assertThat(cron("0 0 12 L * ?")).isEqualTo("{'schedules':[{'s':[0],'m':[0],'h':[12],'D':[0]}],'exceptions':[]}");
        // nW: the nearest weekday, as later.js builds it with two exceptions
        assertThat(cron("0 0 15W * *")).isEqualTo("{'schedules':[{'s':[0],'m':[0],'h':[0],'D':[14,15,16],'d':[2,3,4,5,6]}],"
                + "'exceptions':[{'D':[14],'d':[2,3,4,5]},{'D':[16],'d':[3,4,5,6]}]}");
        // n#k and nL: k-th (dc) and last (dc 0) weekday, one schedule per count
        assertThat(cron("0 9 * * MON#1,FRIL")).isEqualTo("{'schedules':[{'s':[0],'m':[0],'h':[9],'d':[2],'dc':[1]},"
                + "{'s':[0],'m':[0],'h':[9],'d':[6],'dc':[0]}],'exceptions':[]}");
        // later.js merges a weekday range into the # schedule when the # item sorts first
        assertThat(cron("0 0 * * 5#2,MON-FRI")).isEqualTo("{'schedules':[{'s':[0],'m':[0],'h':[0],'d':[2,3,4,5,6],'dc':[2]}],'exceptions':[]}");
        // names in any case, ranges of names, a year as 7th field (keys in later's order)
        assertThat(cron("0 30 9 * JAN-MAR,Dec mon-fri 2027")).isEqualTo(
                "{'schedules':[{'s':[0],'m':[30],'h':[9],'M':[1,2,3,12],'Y':[2027],'d':[2,3,4,5,6]}],'exceptions':[]}");
        assertThat(cron("@daily")).isEqualTo("{'schedules':[{'s':[0],'m':[0],'h':[0]}],'exceptions':[]}");
        assertThat(Schedule.cron("15 10 ? * 6L 2026-2027", false).toJson()).isEqualTo(json(
                "{'schedules':[{'s':[0],'m':[15],'h':[10],'Y':[2026,2027],'d':[7],'dc':[0]}],'exceptions':[]}"));
        assertThat(cron("5/20 * * * * ?")).isEqualTo("{'schedules':[{'s':[5,25,45]}],'exceptions':[]}");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "61 * * * *|minute",
            "0 24 * * *|hour",
            "0 0 32 * *|day-of-month",
            "0 0 0 * *|day-of-month",
            "0 0 * 13 *|month",
            "0 0 * * 7|day-of-week 7 is read as Saturday",
            "0 0 * * 8|day-of-week",
            "x * * * *|minute",
            "60 * * * * *|second",
            "*/0 * * * *|minute",
            "0 5-1 * * *|hour",
            "0-0 * * * *|minute",
            "0 1,,2 * * *|hour",
            "0 0 * FOO *|month",
            "0 0 31W * *|day-of-month",
            "0 0 * * 5#6|day-of-week",
            "0 0 * * L|day-of-week",
            "0 0 5L * *|day-of-month",
            "+5 * * * *|minute",
            "' 0 * * * *'|starts with whitespace",
            "* * * *|must have 5 fields or 6 (with year), has 4",
            "* * * * * * * *|6 fields (second first) or 7"})
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
    void builderWithAlternativesAndExceptionsLeavesOutEmptyExceptions() {
        Schedule s = Schedule.later().second(0).everyMinutes(20).and().second(30).minute(1).hour(12)
                .except().dayOfWeek(1, 7).build();
        assertThat(s.toJson()).isEqualTo(json(
                "{'schedules':[{'s':[0],'m':[0,20,40]},{'s':[30],'m':[1],'h':[12]}],'exceptions':[{'d':[1,7]}]}"));
        assertThat(Schedule.fromJson(s.toJson())).isEqualTo(s);
        assertThat(Schedule.later().hour(3).build().toJson().toString()).isEqualTo("{\"schedules\":[{\"h\":[3]}]}");
    }

    @Test
    void builderExpressesEveryPeriodAndModifier() {
        // the same object as later.parse.text('at 9:00 am every weekday') without its error marker
        assertThat(Schedule.later().time(LocalTime.of(9, 0)).onWeekdays().build().toJson().toString())
                .isEqualTo("{\"schedules\":[{\"t\":[32400],\"d\":[2,3,4,5,6]}]}");
        // later.parse.recur().every(5).minute().after(9).hour().before(17).hour()
        assertThat(Schedule.later().everyMinutes(5).after(SchedulePeriod.HOUR, 9).before(SchedulePeriod.HOUR, 17).build().toJson())
                .isEqualTo(json("{'schedules':[{'m':[0,5,10,15,20,25,30,35,40,45,50,55],'h_a':[9],'h_b':[17]}]}"));
        Schedule all = Schedule.later().dayOfWeek(DayOfWeek.FRIDAY).dayOfWeekCount(0).month(Month.MARCH, Month.JANUARY)
                .and().lastDayOfMonth().year(2027).and().dayOfYear(100).weekOfYear(0).and().weekOfMonth(2)
                .and().fullDate(Instant.ofEpochMilli(1_800_000_000_123L)).and().every(SchedulePeriod.DAY_OF_MONTH, 10)
                .build();
        assertThat(all.toJson()).isEqualTo(json("{'schedules':[{'d':[6],'dc':[0],'M':[3,1]},{'D':[0],'Y':[2027]},"
                + "{'dy':[100],'wy':[0]},{'wm':[2]},{'fd':[1800000000123]},{'D':[1,11,21,31]}]}"));
        assertThat(Schedule.fromJson(all.toJson())).isEqualTo(all);
    }

    @Test
    void periodsKnowTheirNamesRangesAndWhereEveryStarts() {
        assertThat(SchedulePeriod.of("dw")).isSameAs(SchedulePeriod.DAY_OF_WEEK);
        assertThat(SchedulePeriod.of("dayOfWeek")).isSameAs(SchedulePeriod.DAY_OF_WEEK);
        assertThat(SchedulePeriod.of("d")).isSameAs(SchedulePeriod.DAY_OF_WEEK);
        assertThat(SchedulePeriod.ofKey("fullDate_before")).isSameAs(SchedulePeriod.FULL_DATE);
        assertThat(SchedulePeriod.DAY_OF_MONTH.key()).isEqualTo("D");
        assertThat(SchedulePeriod.DAY_OF_MONTH.longName()).isEqualTo("day");
        assertThat(SchedulePeriod.DAY_OF_MONTH).hasToString("day_of_month (D)");
        for (SchedulePeriod p : SchedulePeriod.values()) {
            assertThat(p.min()).as(p.toString()).isZero();
        }
        assertThat(SchedulePeriod.TIME.max()).isEqualTo(86_399);
        assertThat(SchedulePeriod.FULL_DATE.max()).isEqualTo(8_640_000_000_000_000L);
        assertThat(SchedulePeriod.HOUR.everyMin()).isZero();
        assertThat(SchedulePeriod.YEAR.everyMin()).isZero();
        assertThat(SchedulePeriod.MONTH.everyMin()).isOne();
        assertThat(SchedulePeriod.WEEK_OF_YEAR.everyMin()).isOne();
        assertThatThrownBy(() -> SchedulePeriod.of("fortnight")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'fortnight' is not a later.js time period; use one of "
                        + "[s, m, h, t, D, d, dw, dc, dy, wm, wy, M, Y, fd] or their long names");
        assertThat(Schedule.later().every(SchedulePeriod.MONTH, 4).build().toJson().toString())
                .isEqualTo("{\"schedules\":[{\"M\":[1,5,9]}]}");
    }

    @Test
    void builderRejectsOutOfRangeValues() {
        assertThatThrownBy(() -> Schedule.later().hour(24)).hasMessageContaining("'h'").hasMessageContaining("0-23");
        assertThatThrownBy(() -> Schedule.later().dayOfWeek(8)).hasMessageContaining("'d'");
        assertThatThrownBy(() -> Schedule.later().month(13)).hasMessageContaining("'M'");
        assertThatThrownBy(() -> Schedule.later().after(SchedulePeriod.DAY_OF_WEEK_COUNT, 6)).hasMessageContaining("'dc_a'");
        assertThatThrownBy(() -> Schedule.later().everyMinutes(0)).hasMessageContaining("step");
        assertThatThrownBy(() -> Schedule.later().second()).hasMessageContaining("at least one value");
        assertThatThrownBy(() -> Schedule.later().build()).hasMessageContaining("no time period");
        assertThatThrownBy(() -> Schedule.later().hour(1).except().build()).hasMessageContaining("no time period");
    }

    @Test
    void jsonFromLaterJsRoundTripsUnchanged() {
        // later.parse.text('at 9:00 am every weekday'): the error marker -1 is dropped, the rest kept as is
        Schedule text = Schedule.fromJson(json("{'schedules':[{'t':[32400],'d':[2,3,4,5,6]}],'exceptions':[],'error':-1}"));
        assertThat(text.toJson().toString()).isEqualTo("{\"schedules\":[{\"t\":[32400],\"d\":[2,3,4,5,6]}],\"exceptions\":[]}");
        // key order, value order and repeats matter to later.js, so they are kept
        String raw = "{\"schedules\":[{\"h\":[3,1,3],\"dw\":[2],\"minute_after\":[10],\"wy_b\":[40]}],"
                + "\"exceptions\":[{\"fd\":[1800000000000]}]}";
        assertThat(Schedule.fromJson(json(raw)).toJson().toString()).isEqualTo(raw);
        assertThat(Schedule.fromJson(json(raw)).schedules().get(0).get("h")).isEqualTo(List.of(3L, 1L, 3L));
        // meteor-job writes no exceptions field for {schedules: [...]}; neither do we
        assertThat(Schedule.fromJson(json("{'schedules':[{'m':[1]}]}")).toJson().toString()).isEqualTo("{\"schedules\":[{\"m\":[1]}]}");
    }

    @Test
    void fromJsonNamesWhatLaterJsWouldNotUnderstand() {
        assertThatThrownBy(() -> Schedule.fromJson(json("{'x':1}"))).hasMessageContaining("schedules attribute");
        assertThatThrownBy(() -> Schedule.fromJson(json("{'schedules':[{'m':[1]}],'exceptions':3}"))).hasMessageContaining("exceptions");
        assertThatThrownBy(() -> Schedule.fromJson(json("{'schedules':[{'y':[1]}]}"))).hasMessageContaining("'y'");
        assertThatThrownBy(() -> Schedule.fromJson(json("{'schedules':[{'h_c':[1]}]}"))).hasMessageContaining("modifier 'c'");
        assertThatThrownBy(() -> Schedule.fromJson(json("{'schedules':[{'h':[25]}]}")))
                .hasMessageContaining("schedules[0].h value 25 is out of range 0-23");
        assertThatThrownBy(() -> Schedule.fromJson(json("{'schedules':[{'m':[1]}],'exceptions':[{'wm':[7]}]}")))
                .hasMessageContaining("exceptions[0].wm value 7 is out of range 0-6");
        assertThatThrownBy(() -> Schedule.fromJson(json("{'schedules':[{'h':[]}]}"))).hasMessageContaining("at least one value");
        assertThatThrownBy(() -> Schedule.fromJson(json("{'schedules':[{}]}"))).hasMessageContaining("schedules[0] is empty");
        assertThatThrownBy(() -> Schedule.fromJson(json("{'schedules':[]}"))).hasMessageContaining("at least one schedule");
        assertThatThrownBy(() -> Schedule.fromJson(json("{'schedules':[{'h':[1.5]}]}"))).hasMessageContaining("integers");
        assertThatThrownBy(() -> Schedule.fromJson(json("{'schedules':[{'h':[1]}],'error':4}"))).hasMessageContaining("later.parse.text");
        assertThatThrownBy(() -> Schedule.fromJson(json("{'schedules':[{'h':[1]}],'tz':'UTC'}"))).hasMessageContaining("'tz'");
    }
}
