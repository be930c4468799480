package io.github.meteorjob.wire.query;

import io.github.meteorjob.DdpException;
import io.github.meteorjob.JobCounts;
import io.github.meteorjob.JobFilter;
import io.github.meteorjob.JobSort;
import io.github.meteorjob.JobStatus;
import io.github.meteorjob.PageRequest;
import io.github.meteorjob.TimeRange;
import io.github.meteorjob.ejson.Ejson;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.StringReader;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The query extension's wire form, as both the client (writing) and the server (reading) use it. */
class JobQueryWireTest {

    private static final Instant T = Instant.parse("2026-03-01T10:00:00.123Z");

    private static JsonObject json(String text) {
        return Ejson.provider().createReader(new StringReader(text)).readObject();
    }

    private static String detail(DdpException e) {
        return ((JsonString) e.details()).getString();
    }

    @Test
    void aFilterWithEveryConstraintSurvivesTheRoundTrip() {
        JobFilter f = JobFilter.ALL.withIds(List.of("a1")).withStatuses(JobStatus.FAILED, JobStatus.READY)
                .withTypes("email", "*").withText("Ab").withCreated(new TimeRange(T, null))
                .withUpdated(new TimeRange(T.minusSeconds(60), T));

        JsonObject wire = JobQueryWire.filter(f);

        assertThat(wire.toString()).isEqualTo("{\"ids\":[\"a1\"],\"status\":[\"ready\",\"failed\"],"
                + "\"type\":[\"email\",\"*\"],\"text\":\"Ab\",\"created\":{\"from\":{\"$date\":1772359200123}},"
                + "\"updated\":{\"from\":{\"$date\":1772359140123},\"to\":{\"$date\":1772359200123}}}");
        assertThat(JobQueryWire.readFilter(wire, "filter")).contains(f);
    }

    @Test
    void theWholeCollectionIsAnEmptyObjectOrNothing() {
        assertThat(JobQueryWire.filter(JobFilter.ALL)).isEqualTo(JsonValue.EMPTY_JSON_OBJECT);
        assertThat(JobQueryWire.readFilter(null, "filter")).contains(JobFilter.ALL);
        assertThat(JobQueryWire.readFilter(json("{}"), "filter")).contains(JobFilter.ALL);
    }

    @Test
    void anEmptyListMatchesNoJob() {
        assertThat(JobQueryWire.readFilter(json("{\"status\":[]}"), "filter")).isEmpty();
        assertThat(JobQueryWire.readFilter(json("{\"type\":[]}"), "filter")).isEmpty();
        assertThat(JobQueryWire.readFilter(json("{\"ids\":[]}"), "filter")).isEmpty();
    }

    @Test
    void aPageSurvivesTheRoundTripAndAbsentKeysTakeTheirDefaults() {
        PageRequest p = PageRequest.first(7).sortedBy(JobSort.PRIORITY, false).withSkip(21).withLog(true);

        assertThat(JobQueryWire.readPage(JobQueryWire.page(p), "page")).isEqualTo(p);
        assertThat(JobQueryWire.readPage(null, "page")).isEqualTo(PageRequest.FIRST);
        assertThat(JobQueryWire.readPage(json("{\"order\":\"asc\"}"), "page"))
                .isEqualTo(PageRequest.FIRST.sortedBy(JobSort.UPDATED, false));
    }

    @Test
    void countsSurviveTheRoundTrip() {
        JobCounts c = new JobCounts(5, Map.of(JobStatus.READY, 3L, JobStatus.FAILED, 2L),
                Map.of("*", Map.of(JobStatus.READY, 3L), "sms", Map.of(JobStatus.FAILED, 2L)));

        JsonObject wire = JobQueryWire.counts(c);

        assertThat(JobQueryWire.readCounts(wire)).isEqualTo(c);
        assertThat(wire.getJsonObject("byType").getJsonObject("*").toString()).isEqualTo("{\"ready\":3}");
    }

    @Test
    void aFoundPageIsReadBack() {
        JsonObject doc = json("{\"_id\":\"j1\",\"type\":\"email\"}");
        JsonObject wire = JobQueryWire.found(12, Ejson.provider().createArrayBuilder().add(doc).build());

        assertThat(JobQueryWire.foundTotal(wire)).isEqualTo(12);
        assertThat(JobQueryWire.foundJobs(wire)).containsExactly(doc);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "{\"colour\":\"red\"}                                  | Unknown key in field filter.colour",
        "{\"status\":[\"done\"]}                               | got \"done\" in field filter.status[0]",
        "{\"status\":\"failed\"}                               | Expected array, got string in field filter.status",
        "{\"type\":[1]}                                        | Expected string, got number in field filter.type[0]",
        "{\"text\":null}                                       | Expected string, got null in field filter.text",
        "{\"ids\":\"a\"}                                       | Expected array, got string in field filter.ids",
        "{\"created\":{\"from\":1}}                            | Expected Date, got number in field filter.created.from",
        "{\"updated\":{\"from\":{\"$date\":2},\"to\":{\"$date\":1}}} | Range ends before it starts in field filter.updated",
    })
    void aBadFilterIsRefusedNamingTheField(String filter, String detail) {
        assertThatThrownBy(() -> JobQueryWire.readFilter(json(filter), "filter"))
                .isInstanceOfSatisfying(DdpException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo(400);
                    assertThat(e.reason()).isEqualTo("Match failed");
                    assertThat(detail(e)).contains(detail);
                });
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "{\"limit\":0}          | Expected an integer ≥ 1, got 0 in field page.limit",
        "{\"limit\":1001}       | Expected an integer from 1 to 1000, got 1001 in field page.limit",
        "{\"skip\":-1}          | Expected an integer ≥ 0, got -1 in field page.skip",
        "{\"sort\":\"size\"}    | got \"size\" in field page.sort",
        "{\"order\":\"up\"}     | got \"up\" in field page.order",
        "{\"log\":\"yes\"}      | Expected boolean, got string in field page.log",
        "{\"limits\":5}         | Unknown key in field page.limits",
    })
    void aBadPageIsRefusedNamingTheField(String page, String detail) {
        assertThatThrownBy(() -> JobQueryWire.readPage(json(page), "page"))
                .isInstanceOfSatisfying(DdpException.class, e -> assertThat(detail(e)).contains(detail));
    }

    @Test
    void badCountsAreRefusedNamingTheField() {
        assertThatThrownBy(() -> JobQueryWire.readCounts(json("{\"total\":1,\"byStatus\":{\"done\":1},\"byType\":{}}")))
                .isInstanceOfSatisfying(DdpException.class, e -> assertThat(detail(e)).contains("byStatus.done"));
        assertThatThrownBy(() -> JobQueryWire.readCounts(json("{\"total\":1,\"byStatus\":{},\"byType\":{\"a\":{\"ready\":-1}}}")))
                .isInstanceOfSatisfying(DdpException.class, e -> assertThat(detail(e)).contains("byType.a.ready"));
    }
}
